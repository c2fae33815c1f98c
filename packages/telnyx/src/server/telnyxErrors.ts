/**
 * Telnyx's error responses (`{ errors: [{ code, title, detail, source: { pointer } }] }`) as typed
 * `HandsetError`s: the handset code says what to do, `providerCode` keeps Telnyx's own code, the message
 * names the fields from `source.pointer`, and the cause keeps the whole response.
 */
import { type EngineErrorCode, HandsetError } from '@handset/core';

export interface TelnyxApiError {
  readonly code?: string;
  readonly title?: string;
  readonly detail?: string;
  readonly source?: { readonly pointer?: string; readonly parameter?: string };
}

/** What Telnyx answered, kept as the `cause` of the HandsetError. */
export interface TelnyxErrorResponse {
  readonly status: number;
  readonly errors: readonly TelnyxApiError[];
  /** The body as received, when it was not Telnyx's JSON error shape (a proxy's HTML page, say). */
  readonly body?: string;
}

/**
 * The handset code of a refused field (HTTP 400/422), the same code `dialCommand` gives that field, so an
 * app handles a bad field alike whether handset or Telnyx caught it.
 */
const fieldCodes: Readonly<Record<string, EngineErrorCode>> = {
  to: 'invalid-destination',
  from: 'invalid-caller-number',
  from_display_name: 'invalid-caller-name',
  client_state: 'invalid-client-state',
  custom_headers: 'invalid-header',
  sip_headers: 'invalid-header',
};

/** "/custom_headers/0/name" → "custom_headers[0].name" (RFC 6901 escapes undone). */
export function fieldOf(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

function codeFor(status: number, errors: readonly TelnyxApiError[]): EngineErrorCode {
  if (status === 401) return 'invalid-token';
  if (status === 400 || status === 422) {
    const pointer = errors.find((error) => error.source?.pointer)?.source?.pointer;
    const top = pointer === undefined ? '' : (fieldOf(pointer).split(/[.[]/)[0] ?? '');
    return fieldCodes[top] ?? 'invalid-option';
  }
  return 'line-error';
}

const what: Readonly<Record<number, string>> = {
  400: 'refused the dial request',
  401: 'refused the API key',
  403: 'does not allow this API key to dial',
  404: 'found no such resource',
  422: 'refused the dial',
  429: 'is rate limiting this API key',
};

function describeError(error: TelnyxApiError): string {
  const field = error.source?.pointer ? fieldOf(error.source.pointer) : error.source?.parameter;
  const text = error.detail ?? error.title ?? 'no detail';
  return `${field ? `${field}: ` : ''}${text}${error.code ? ` (${error.code})` : ''}`;
}

/** Reads Telnyx's `errors` array out of a response body; anything else gives an empty list. */
export function telnyxErrorsIn(body: unknown): TelnyxApiError[] {
  const errors = (body as { errors?: unknown } | null)?.errors;
  return Array.isArray(errors) ? errors.filter((error): error is TelnyxApiError => typeof error === 'object' && error !== null) : [];
}

/** The HandsetError for a non-2xx answer of Call Control. */
export function errorFromResponse(response: TelnyxErrorResponse, retryAfter?: string | null): HandsetError {
  const { status, errors } = response;
  const summary = what[status] ?? (status >= 500 ? 'failed on its side' : 'refused the request');
  const details = errors.length > 0 ? errors.map(describeError).join('; ') : 'no Telnyx error body';
  const retry = status === 429 && retryAfter ? ` Retry after ${/^\d+$/.test(retryAfter) ? `${retryAfter} s` : retryAfter}.` : '';
  const providerCode = errors.find((error) => error.code !== undefined)?.code;
  return new HandsetError(codeFor(status, errors), `Telnyx Call Control ${summary} (HTTP ${status}): ${details}.${retry}`, {
    ...(providerCode === undefined ? {} : { providerCode }),
    cause: response,
  });
}
