import type { SipHeader } from '@handset/core';
import { type Inviter, SessionState } from 'sip.js';
import { type EndSignal, endFromSipCode } from '../mapEnd';
import { headersOf } from './headers';
import { sipHeadersOf } from './incoming';

export interface DialAnswers {
  /** 180, or 183: with SDP, early media (the far side is heard, no ringback). */
  readonly ringing: (earlyMedia: boolean) => void;
  /** A final refusal (busy, rejected, no answer...): how the call ends. */
  readonly refused: (end: EndSignal) => void;
  /** The 2xx, its session confirmed: the 2xx's `X-` headers go with `answered`. */
  readonly answered: (headers: readonly SipHeader[]) => void;
  /** The INVITE could not even be sent (microphone, SDP, transport). */
  readonly failed: (error: unknown) => void;
}

/**
 * Sends a dial's INVITE and reports its answers. SIP.js hands the 2xx over once it has confirmed the session
 * (Established, ACK sent) or given it up (an answer it could not take, ACKed and BYEd): only the first is answered.
 */
export function sendDial(inviter: Inviter, answers: DialAnswers): void {
  inviter
    .invite({
      requestDelegate: {
        onProgress: ({ message }) => {
          if (message.statusCode !== 100) answers.ringing(message.statusCode === 183 && Boolean(message.body));
        },
        onReject: ({ message }) =>
          answers.refused({ ...endFromSipCode(message.statusCode ?? 0, message.reasonPhrase), ...headersOf(message) }),
        onAccept: ({ message }) => {
          if (inviter.state === SessionState.Established) answers.answered(sipHeadersOf(message));
        },
      },
    })
    .catch(answers.failed);
}
