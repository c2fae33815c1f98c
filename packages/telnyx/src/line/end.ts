import type { CallEnd } from '@handset/core';
import { endReasonOf } from '@handset/core/line-kit';

/**
 * How a call the far side (or Telnyx) ended reads in handset, from the BYE's Q.850 cause code and SIP code: an
 * unanswered outgoing call by its code (the cause first), an answered one hung up, an incoming one cancelled.
 */
export function remoteEnd(
  causeCode: number | undefined,
  sipCode: number | undefined,
  answered: boolean,
  incoming: boolean,
): Omit<CallEnd, 'by'> {
  const byCause = endReasonOf(causeCode);
  return {
    reason: answered ? 'hangup' : incoming ? 'cancelled' : byCause === 'failed' ? endReasonOf(sipCode) : byCause,
    ...(sipCode && { sipCode }),
  };
}

/** A local rejection as the SDK sends it: Q.850 cause and code, and the SIP code (486 and 600 busy, else declined). */
export function rejection(sipCode: number): { cause: string; causeCode: number; sipCode: number } {
  const busy = endReasonOf(sipCode) === 'busy';
  return { cause: busy ? 'USER_BUSY' : 'CALL_REJECTED', causeCode: busy ? 17 : 21, sipCode };
}
