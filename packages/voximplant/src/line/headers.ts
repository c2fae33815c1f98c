import type { SipHeader } from '@handset/core';

/** The header the cloud carries VoxEngine's `customData` in (the SDK's CALL_DATA_HEADER). */
export const CALL_DATA_HEADER = 'VI-CallData';

/** The core's validated headers as the SDK takes them: a plain object. */
export function headerRecord(headers: readonly SipHeader[]): Record<string, string> {
  return Object.fromEntries(headers.map((header) => [header.name, header.value]));
}
