import type { LoggedFrame } from './frames';

/**
 * A call as the stand-in sees it. Directions are the client's: `outgoing` was dialled by the SDK
 * (`createCall`), `incoming` was placed to it by the test (`handleIncomingConnection`).
 */
export type StandInCallState = 'ringing' | 'connected' | 'rejected' | 'failed' | 'ended';

export interface InfoMessage {
  /** `in`: sent by the SDK (`call.sendInfo` / `sendMessage`); `out`: sent by the stand-in. */
  readonly direction: 'in' | 'out';
  readonly mimeType: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly at: number;
}

export interface DigitEvent {
  readonly digit: string;
  /** `rtp`: an RFC 4733 event the far party heard in the media; `signalling`: a `sendDTMF` frame. */
  readonly via: 'rtp' | 'signalling';
  readonly at: number;
}

export interface StandInCall {
  /** The SDK's call id (a UUID it makes for outgoing calls; the stand-in's for incoming ones). */
  readonly id: string;
  readonly direction: 'outgoing' | 'incoming';
  state: StandInCallState;
  /** Who ended it, once it is over. */
  endedBy: 'client' | 'stand-in' | null;
  /** Outgoing: the number the SDK dialled. Incoming: the caller's number. */
  readonly number: string;
  /** Headers the call was made with (outgoing: the SDK's `extraHeaders`, with `VI-CallData` for customData). */
  readonly headers: Readonly<Record<string, string>>;
  /** Headers of the SDK's answer, reject or hangup, as they came. */
  answerHeaders: Readonly<Record<string, string>> | null;
  endHeaders: Readonly<Record<string, string>> | null;
  /** `rejectCall`'s flag: true for `reject()`, false for `decline()`. */
  rejectedWithBusy: boolean | null;
  /** Answered `ReInvite`s (the SDK's hold and unhold), and whether the latest offer put the far side on hold. */
  reinvites: number;
  held: boolean;
  /** Outgoing: the far side's SDP came early (`startEarlyMedia`), before the answer. */
  earlyMedia: boolean;
  /** The far side holds the call (`holdFromFar`): its latest `handleReInvite` offered `sendonly`. */
  heldByFar: boolean;
  /** `transferCall` named this call: the other call's id, and what the cloud answered. */
  transfer: { readonly with: string; readonly outcome: 'complete' | 'failed' } | null;
  readonly frames: LoggedFrame[];
  readonly infos: InfoMessage[];
  readonly digits: DigitEvent[];
  /** ICE candidates the SDK trickled in `voximplant/sdpfrag` INFOs. */
  candidates: number;
}

/** The direction of the first audio m-line of an SDP: hold offers `sendonly` (or `inactive`). */
export function audioDirection(sdp: string): 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive' {
  const audio = sdp.split(/^m=/m).find((section) => section.startsWith('audio')) ?? '';
  const match = audio.match(/^a=(sendrecv|sendonly|recvonly|inactive)\s*$/m);
  return (match?.[1] as 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive' | undefined) ?? 'sendrecv';
}
