import type { CallDirection, Party } from '@handset/core';

/**
 * The SDK re-attaches a call after a reload but keeps neither its direction nor its far party, so the line keeps
 * them in sessionStorage (per tab, as the SDK's own recovery marker) while the call lives.
 */
export interface KeptCall {
  readonly direction: CallDirection;
  readonly remote: Party;
}

const key = (callId: string) => `handset-telnyx:${callId}`;

/** Storage full, denied or garbled: a re-attached call then takes the SDK's direction and caller fields. */
function guard<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch {
    return undefined;
  }
}

export const keepCall = (callId: string, call: KeptCall) => guard(() => sessionStorage.setItem(key(callId), JSON.stringify(call)));
export const forgetCall = (callId: string) => guard(() => sessionStorage.removeItem(key(callId)));
export const keptCall = (callId: string): KeptCall | undefined =>
  guard(() => JSON.parse(sessionStorage.getItem(key(callId)) ?? 'null') ?? undefined);
