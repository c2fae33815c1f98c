import type { CallEnd, EndReason } from '@handset/core';

/**
 * End reasons of an unanswered call, by the Q.850 cause code (1-127) or the SIP code (400-699) on Telnyx's BYE;
 * a code not here is `failed`.
 */
const reasons: Record<number, EndReason> = {
  17: 'busy',
  486: 'busy',
  600: 'busy',
  21: 'rejected',
  603: 'rejected',
  18: 'no-answer',
  19: 'no-answer',
  408: 'no-answer',
  480: 'no-answer',
  487: 'cancelled',
};

/** How a call the far side (or Telnyx) ended reads in handset, from the BYE's Q.850 cause code and SIP code. */
export function remoteEnd(
  causeCode: number | undefined,
  sipCode: number | undefined,
  answered: boolean,
  incoming: boolean,
): Omit<CallEnd, 'by'> {
  return {
    reason: answered ? 'hangup' : incoming ? 'cancelled' : (reasons[causeCode as number] ?? reasons[sipCode as number] ?? 'failed'),
    ...(sipCode && { sipCode }),
  };
}

/** A local rejection as the SDK sends it: Q.850 cause and code, and the SIP code (486 and 600 busy, else declined). */
export function rejection(sipCode: number): { cause: string; causeCode: number; sipCode: number } {
  const busy = reasons[sipCode] === 'busy';
  return { cause: busy ? 'USER_BUSY' : 'CALL_REJECTED', causeCode: busy ? 17 : 21, sipCode };
}
