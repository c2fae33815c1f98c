import type { CallEnd } from '@handset/core';

/** How a call the far side (or Telnyx) ended reads in handset: from the Q.850 cause and SIP code on the BYE. */
export function remoteEnd(cause = '', sipCode: number | undefined, answered: boolean, incoming: boolean): Omit<CallEnd, 'by'> {
  const code = (...codes: number[]) => codes.includes(sipCode as number);
  return {
    reason: answered
      ? 'hangup'
      : incoming || cause === 'ORIGINATOR_CANCEL'
        ? 'cancelled'
        : cause === 'USER_BUSY' || code(486, 600)
          ? 'busy'
          : cause === 'CALL_REJECTED' || code(603)
            ? 'rejected'
            : /^NO_(ANSWER|USER_RESPONSE)$/.test(cause) || code(408, 480)
              ? 'no-answer'
              : 'failed',
    ...(sipCode ? { sipCode } : {}),
  };
}

/** A local rejection as the SDK sends it: cause, Q.850 code and the SIP code (486 busy, 603 declined, ...). */
export function rejection(sipCode: number): { cause: string; causeCode: number; sipCode: number } {
  return sipCode === 486 || sipCode === 600
    ? { cause: 'USER_BUSY', causeCode: 17, sipCode }
    : { cause: 'CALL_REJECTED', causeCode: 21, sipCode };
}
