import type { LoggedFrame } from './frames';

/**
 * A call as the stand-in sees it. Directions are the client's: `outgoing` was dialled by the SDK,
 * `incoming` was placed to it by the test.
 */
export type StandInCallState = 'ringing' | 'answered' | 'rejected' | 'canceled' | 'ended';

export interface DigitEvent {
  readonly digit: string;
  /** `signalling`: a `dtmf` frame on the socket; `rtp`: an RFC 4733 event the far party heard in the media. */
  readonly via: 'signalling' | 'rtp';
  /**
   * When the digit takes effect (ms since epoch). In the media: when the far party heard it. On the
   * socket: the frame's arrival, plus 500 ms for every `w` before it in the same frame (Twilio
   * plays `w` as a half-second pause).
   */
  readonly at: number;
  /** When the frame or packet that carried it arrived. */
  readonly frameAt: number;
}

export interface CallMessage {
  /** `in`: sent by the SDK (`call.sendMessage`); `out`: sent by the stand-in (`standIn.sendMessage`). */
  readonly direction: 'in' | 'out';
  readonly content: unknown;
  readonly contentType: string | undefined;
  readonly messageType: string | undefined;
  readonly voiceEventSid: string | undefined;
  readonly at: number;
}

export interface StandInCall {
  readonly callSid: string;
  readonly direction: 'outgoing' | 'incoming';
  state: StandInCallState;
  /** Who ended it, once it is over. */
  endedBy: 'client' | 'stand-in' | null;
  /** Outgoing: the TwiML params the SDK sent. Incoming: the custom parameters given to placeIncoming. */
  readonly params: Readonly<Record<string, string>>;
  /** Incoming: the `parameters` of the invite (From, To, CallSid, Params, StirStatus...). */
  readonly parameters: Readonly<Record<string, string>>;
  /** The id the SDK used before it learnt the CallSid (outgoing only). */
  readonly temporarySid: string | null;
  /** The current signalling reconnect token, as last handed to the SDK. */
  reconnectToken: string;
  /** The socket (see StandIn.attach) the call is bound to; changes when the SDK reconnects. */
  socket: number;
  /** How many times the SDK reconnected this call's signalling (an `invite` with `reconnect`). */
  reconnects: number;
  /** How many ICE restarts (`reinvite`) were answered. */
  iceRestarts: number;
  /** An incoming call answered by `device.connect({ connectToken })` (e.g. a page reloaded while it rang). */
  recovered: boolean;
  /** The DTLS fingerprint of the client's media once it offered or answered: a connectToken from other media is refused. */
  clientFingerprint: string | null;
  readonly frames: LoggedFrame[];
  readonly digits: DigitEvent[];
  readonly messages: CallMessage[];
}

/** Twilio plays each `w` in a DTMF string as a 500 ms pause. */
export const DTMF_PAUSE_MS = 500;

export function digitsOf(dtmf: string, frameAt: number): DigitEvent[] {
  const events: DigitEvent[] = [];
  let pauses = 0;
  for (const digit of dtmf) {
    if (digit === 'w') pauses += 1;
    else events.push({ digit, via: 'signalling', at: frameAt + pauses * DTMF_PAUSE_MS, frameAt });
  }
  return events;
}
