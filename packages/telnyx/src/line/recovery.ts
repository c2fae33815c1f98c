import type { CallDirection, Party } from '@handset/core';

/**
 * The SDK re-attaches a call after a reload but keeps neither its direction nor its far party, so the line keeps
 * them in sessionStorage (per tab, as the SDK's own recovery marker) while the call lives.
 */
export interface KeptCall {
  readonly direction: CallDirection;
  readonly remote: Party;
}

/**
 * Reads what was kept for a call (no `call`), keeps it, or forgets it (`null`). Storage full, denied or garbled:
 * nothing, and a re-attached call then takes the SDK's direction and caller fields.
 */
export function keptCall(callId: string, call?: KeptCall | null): KeptCall | undefined {
  const key = `handset-telnyx:${callId}`;
  try {
    if (call) sessionStorage.setItem(key, JSON.stringify(call));
    else if (call === null) sessionStorage.removeItem(key);
    else return JSON.parse(sessionStorage.getItem(key) as string) ?? undefined;
  } catch {}
  return undefined;
}
