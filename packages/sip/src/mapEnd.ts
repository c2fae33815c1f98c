import type { CallEnd } from '@handset/core';
import { endReasonOf } from '@handset/core/line-kit';

/** A final SIP response to our INVITE, as the core's end reason (busy, rejected, no-answer, cancelled, else failed). */
export function endFromSipCode(code: number, reasonPhrase?: string): Omit<CallEnd, 'by'> {
  return { reason: endReasonOf(code), sipCode: code, message: reasonPhrase ? `${code} ${reasonPhrase}` : String(code) };
}
