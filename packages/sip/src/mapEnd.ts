import type { CallEnd, LineSignal } from '@handset/core';
import { endReasonOf } from '@handset/core/line-kit';

/** A call's end as the line reports it in `ended`. */
export type EndSignal = Extract<LineSignal, { type: 'ended' }>['end'];

/** A final SIP response to our INVITE, as the core's end reason (busy, rejected, no-answer, cancelled, else failed). */
export function endFromSipCode(code: number, reasonPhrase?: string): Omit<CallEnd, 'by'> {
  return { reason: endReasonOf(code), sipCode: code, message: reasonPhrase ? `${code} ${reasonPhrase}` : String(code) };
}

/** A call whose far side offers or answers no audio codec this browser has (`noCommonAudioCodec`): it cannot carry voice. */
export function noCodecEnd(offered: readonly string[]): EndSignal {
  const list = offered.length > 0 ? offered.join(', ') : 'none';
  return { reason: 'failed', by: 'system', message: `The far side offers no audio codec this browser can use (${list}).` };
}
