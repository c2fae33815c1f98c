/**
 * `dial(params, { apiKey, baseUrl, fetch })`: checks the params (`dialCommand`), posts them to Call
 * Control, and returns Telnyx's `data` for the new call, or throws a typed `HandsetError`.
 */
import { HandsetError } from '@handset/core';
import { describe } from './checks';
import { dialCommand } from './dialCommand';
import type { DialedCall, DialParams } from './params';
import { errorFromResponse, telnyxErrorsIn } from './telnyxErrors';

export interface DialConfig {
  /** A Telnyx API v2 key, sent as `Authorization: Bearer <key>`. Keep it on the server. */
  readonly apiKey: string;
  /** Defaults to https://api.telnyx.com/v2; the dial goes to `${baseUrl}/calls`. */
  readonly baseUrl?: string;
  /** Defaults to the global fetch (Node 18+); give another for a proxy agent, retries or tracing. */
  readonly fetch?: typeof globalThis.fetch;
}

export const telnyxApiUrl = 'https://api.telnyx.com/v2';

/** The endpoint, or `invalid-option` for a config that could not work (checked before anything is sent). */
function endpointOf(config: DialConfig): string {
  if (typeof config !== 'object' || config === null) {
    throw new HandsetError('invalid-option', `dial needs { apiKey }; got ${describe(config)}.`);
  }
  // Never echo the key: an error message may end up in a log.
  if (typeof config.apiKey !== 'string' || !/^[\x21-\x7e]+$/.test(config.apiKey)) {
    throw new HandsetError('invalid-option', 'apiKey must be a non-empty Telnyx API key without spaces or line breaks.');
  }
  if (config.fetch !== undefined && typeof config.fetch !== 'function') {
    throw new HandsetError('invalid-option', `fetch must be a function like the global fetch; got ${describe(config.fetch)}.`);
  }
  const baseUrl = config.baseUrl ?? telnyxApiUrl;
  if (typeof baseUrl !== 'string' || !URL.canParse(baseUrl) || !/^https?:$/.test(new URL(baseUrl).protocol)) {
    throw new HandsetError('invalid-option', `baseUrl must be an absolute http(s) URL such as ${telnyxApiUrl}; got ${describe(baseUrl)}.`);
  }
  return `${baseUrl.replace(/\/+$/, '')}/calls`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export async function dial(params: DialParams, config: DialConfig): Promise<DialedCall> {
  const endpoint = endpointOf(config);
  const body = dialCommand(params);
  const send = config.fetch ?? globalThis.fetch;
  let response: Response;
  let text: string;
  try {
    response = await send(endpoint, {
      method: 'POST',
      headers: { authorization: `Bearer ${config.apiKey}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
    text = await response.text();
  } catch (cause) {
    throw new HandsetError('line-error', `Could not reach Telnyx Call Control at ${endpoint}: ${(cause as Error)?.message ?? cause}.`, {
      cause,
    });
  }
  const json = parseJson(text);
  if (!response.ok) {
    const errors = telnyxErrorsIn(json);
    throw errorFromResponse(
      { status: response.status, errors, ...(errors.length === 0 ? { body: text.slice(0, 500) } : {}) },
      response.headers.get('retry-after'),
    );
  }
  const data = (json as { data?: Partial<DialedCall> } | undefined)?.data;
  if (typeof data?.call_control_id !== 'string') {
    throw new HandsetError('line-error', `Telnyx Call Control answered HTTP ${response.status} without data.call_control_id.`, {
      cause: { status: response.status, errors: [], body: text.slice(0, 500) },
    });
  }
  return data as DialedCall;
}
