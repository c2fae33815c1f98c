import type { EndReason } from '../call/types';

/**
 * Ordinary ends by code: SIP final responses (400-699) and their Q.850 causes (1-127), as carriers and every
 * provider SDK report them. Anything else is a failure.
 */
const reasons: Record<number, EndReason> = {
  17: 'busy',
  486: 'busy',
  600: 'busy',
  21: 'rejected',
  403: 'rejected',
  603: 'rejected',
  18: 'no-answer',
  19: 'no-answer',
  408: 'no-answer',
  480: 'no-answer',
  487: 'cancelled',
};

/** Why an unanswered call ended, from a SIP status or a Q.850 cause: busy, rejected, no-answer, cancelled, else failed. */
export function endReasonOf(code: number | null | undefined): EndReason {
  return reasons[code as number] ?? 'failed';
}
