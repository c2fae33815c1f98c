import { endReasonOf } from './endReason';

/**
 * What a local rejection with `sipCode` carries (a Reason header, an SDK's hangup cause): the SIP code and its
 * Q.850 cause, 17 USER_BUSY for a busy code (486, 600), else 21 CALL_REJECTED.
 */
export function q850Rejection(sipCode: number): { cause: 'USER_BUSY' | 'CALL_REJECTED'; causeCode: 17 | 21; sipCode: number } {
  const busy = endReasonOf(sipCode) === 'busy';
  return { cause: busy ? 'USER_BUSY' : 'CALL_REJECTED', causeCode: busy ? 17 : 21, sipCode };
}
