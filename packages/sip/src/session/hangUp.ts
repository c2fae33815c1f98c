import type { SipHeader } from '@handset/core';
import { type Invitation, Inviter, type Session, SessionState } from 'sip.js';
import { toHeaderLines } from './headers';

/**
 * Ends a session the way its state allows: CANCEL our INVITE before its answer, `refusal` (480 unless the user
 * chose a code) to one we have not answered, BYE once the dialog is confirmed. True when it was a CANCEL: should
 * the 200 OK cross it, SIP.js ACKs and BYEs that, and the call is still cancelled.
 */
export function hangUp(session: Session, headers: readonly SipHeader[], refusal = 480): boolean {
  const lines = toHeaderLines(headers);
  const dispose = () => void session.dispose().catch(() => {});
  switch (session.state) {
    case SessionState.Initial:
    case SessionState.Establishing:
      if (session instanceof Inviter) {
        session.cancel({ extraHeaders: lines }).catch(dispose);
        return true;
      }
      if (session.state === SessionState.Initial) {
        (session as Invitation).reject({ statusCode: refusal, extraHeaders: lines }).catch(dispose);
      } else {
        // Accepted, waiting for the ACK: BYE as soon as the dialog is confirmed.
        session.stateChange.once((state) => {
          if (state === SessionState.Established) session.bye({ requestOptions: { extraHeaders: lines } }).catch(dispose);
        });
      }
      return false;
    case SessionState.Established:
      session.bye({ requestOptions: { extraHeaders: lines } }).catch(dispose);
      return false;
    default:
      return false;
  }
}
