import type { SipHeader } from '@handset/core';

/** The header the cloud carries VoxEngine's `customData` in (the SDK's CALL_DATA_HEADER). */
export const CALL_DATA_HEADER = 'VI-CallData';

/** The core's validated headers as the SDK takes them: a plain object. */
export function headerRecord(headers: readonly SipHeader[]): Record<string, string> {
  return Object.fromEntries(headers.map((header) => [header.name, header.value]));
}

/** The SDK's headers as the core takes them: the `X-` ones (and User-to-User), without `VI-CallData`. */
export function sipHeaders(headers: unknown): SipHeader[] {
  if (typeof headers !== 'object' || headers === null) return [];
  return Object.entries(headers as Record<string, unknown>)
    .filter(([name, value]) => typeof value === 'string' && /^(x-|user-to-user$)/i.test(name))
    .map(([name, value]) => ({ name, value: value as string }));
}
