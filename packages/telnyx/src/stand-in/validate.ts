import { HandsetError } from '@handset/core';

/** A SIP header as Telnyx carries it in `custom_headers` (WebRTC frames and Call Control alike). */
export interface SipHeader {
  readonly name: string;
  readonly value: string;
}

const headerName = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Telnyx's `client_state` must be base64; say so before anything is sent. */
export function checkClientState(value: unknown, field = 'clientState'): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0 || !base64.test(value)) {
    throw new HandsetError('invalid-client-state', `${field} must be a non-empty base64 string, got ${JSON.stringify(value)}.`);
  }
  return value;
}

export function checkHeaders(value: unknown, field = 'headers'): SipHeader[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new HandsetError('invalid-header', `${field} must be an array of { name, value }.`);
  return value.map((header: unknown, index) => {
    const { name, value: text } = (header ?? {}) as { name?: unknown; value?: unknown };
    if (typeof name !== 'string' || !headerName.test(name)) {
      throw new HandsetError('invalid-header', `${field}[${index}].name is not a SIP header name: ${JSON.stringify(name)}.`);
    }
    if (typeof text !== 'string' || /[\r\n]/.test(text)) {
      throw new HandsetError('invalid-header', `${field}[${index}].value must be a one-line string.`);
    }
    return { name, value: text };
  });
}

export function checkText(value: unknown, field: string, options: { required?: boolean; max?: number } = {}): string | undefined {
  if (value === undefined && !options.required) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > (options.max ?? 256)) {
    throw new HandsetError(
      'invalid-option',
      `${field} must be a string of 1 to ${options.max ?? 256} characters, got ${JSON.stringify(value)}.`,
    );
  }
  return value;
}
