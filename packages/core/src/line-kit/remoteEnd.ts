import type { CallEnd } from '../call/types';
import { endReasonOf } from './endReason';

/**
 * How a call the far side (or its network) ended reads, from the Q.850 cause and the SIP code it came with (a BYE's
 * Reason header, an SDK's `causeCode` and `sipCode`): an answered call hung up, an incoming one never answered
 * cancelled, an outgoing one never answered by its cause, else its SIP code. The SIP code is kept.
 */
export function remoteEnd(
  causeCode: number | null | undefined,
  sipCode: number | null | undefined,
  answered: boolean,
  incoming: boolean,
): Omit<CallEnd, 'by'> {
  const byCause = endReasonOf(causeCode);
  return {
    reason: answered ? 'hangup' : incoming ? 'cancelled' : byCause === 'failed' ? endReasonOf(sipCode) : byCause,
    ...(sipCode && { sipCode }),
  };
}
