import type { CallDirection, Party } from '@handset/core';

/**
 * The SDK re-attaches a call after a reload but keeps neither its direction nor its far party, so the line keeps
 * them in sessionStorage (per tab, as the SDK's own recovery marker) while the call lives.
 */
export interface KeptCall {
  readonly direction: CallDirection;
  readonly remote: Party;
}

/** Where a call is kept, per tab (`tabKeep` of the line kit). */
export const keptKey = (callId: string) => `handset-telnyx:${callId}`;
