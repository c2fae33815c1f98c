import type { CallDirection, CallEnd, CallerInfo, CallFeedback, CallMessage, Party, RecoveryToken } from '../call/types';
import type { HandsetError } from '../errors/HandsetError';
import type { CallOptions, SipHeader } from '../options/types';

/**
 * The contract between the core and a provider. A line takes commands and reports what
 * happened as signals. It never decides a call's state: the core alone does, from the
 * signals, through the call's transition table. Commands return nothing; their results
 * (or failures) come back as signals, in any order the network produces.
 */
export interface Line {
  /** A short name for reports, e.g. 'sandbox' or 'sip'. */
  readonly kind: string;
  readonly capabilities: LineCapabilities;

  /** Called once, by the phone's first `connect()`, before any other command. */
  start(signal: LineSignalSink, env: LineEnvironment): void;
  register(): void;
  unregister(): void;
  /** Releases everything; no signal may follow. */
  dispose(): void;

  /** Extra destinations this line can dial besides E.164 numbers and SIP URIs (e.g. the sandbox's `echo`). */
  acceptsDestination?(destination: string): boolean;

  dial(request: DialRequest): void;
  accept(callId: string, request: AcceptRequest): void;
  reject(callId: string, sipCode: number, headers: readonly SipHeader[]): void;
  /** Stop alerting locally without answering the far side (Twilio's `ignore`). */
  ignore(callId: string): void;
  /** Ends the call: CANCEL before an answer, BYE after. */
  hangup(callId: string, headers: readonly SipHeader[]): void;
  hold(callId: string): void;
  unhold(callId: string): void;
  setMuted(callId: string, muted: boolean): void;
  /** One tone, already validated; the core sequences digits and pauses. */
  sendDtmf(callId: string, tone: DtmfTone, durationMs: number): void;
  sendMessage(callId: string, message: CallMessage): void;
  /** SIP INFO with extra headers (validated: `X-` names, or `User-to-User`). */
  sendInfo(callId: string, mimeType: string, body: string, headers: readonly SipHeader[]): void;
  /**
   * Optional: blind transfer (SIP REFER) of an answered call to `target` (E.164 or SIP URI, validated).
   * Success ends the call with an `ended` signal; failure is an `error` signal and the call goes on.
   */
  transfer?(callId: string, target: string): void;
  /**
   * Optional: attended transfer (SIP REFER with Replaces): the far side of `callId` is connected to the far
   * side of `targetCallId`, another answered call on this line (`transferTo(call, other)` from `@handset/core/parity`).
   * Success ends both calls with `ended` signals; failure is an `error` signal and both calls go on.
   */
  attendedTransfer?(callId: string, targetCallId: string): void;
  /**
   * Optional: the user's rating of a call (`postFeedback(call, score, issue)` from `@handset/core/parity`, Twilio's Feedback resource), validated.
   * May come after the call ended. The returned promise (if any) is what `postFeedback()` resolves with.
   */
  postFeedback?(callId: string, feedback: CallFeedback): void | Promise<void>;
  /** Optional: the call's `customData` changed (`call.setCustomData()`); lines that carry it to the far side send it on. */
  setCustomData?(callId: string, customData: string): void;
  /**
   * Optional, with `recover`: the token that re-attaches to this live call after a page reload
   * (`recoveryToken(call)` from `@handset/core/parity`; Twilio's connect token, Telnyx's session and call ids), as JSON-safe data
   * with `lineKind` (this line's `kind`), `callId`, `direction` and `remote`; undefined while it has none yet.
   */
  recoveryToken?(callId: string): RecoveryToken | undefined;
  /**
   * Optional: re-attach to the call a token describes (`recover(phone, token)` from `@handset/core/parity`). Signal `incoming`
   * with `recovered` at once (the phone then has the call, as `connecting`), then `connected` when media flows again, or
   * `ended` when the call is gone.
   */
  recover?(token: RecoveryToken): void;
}

export type DtmfTone = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#' | 'A' | 'B' | 'C' | 'D';

export interface LineCapabilities {
  /** Call options this line honours; any other option given to a call is reported as unsupported. */
  readonly options: ReadonlySet<string>;
  readonly messages: boolean;
  readonly info: boolean;
}

/** What the core lends a line. */
export interface LineEnvironment {
  /**
   * True when the phone plays each call's remote stream itself (it has a media kit, which also
   * routes it to the chosen speaker). When false, a browser line should play the remote stream
   * so that `createPhone({ line })` alone is audible.
   */
  readonly playsRemoteAudio: boolean;
  /** Opens the microphone the phone has selected (the core owns device choice). */
  getLocalStream(constraints: { audio: boolean | MediaTrackConstraints; video?: boolean | MediaTrackConstraints }): Promise<MediaStream>;
}

export interface DialRequest {
  readonly callId: string;
  readonly destination: string;
  /** Options after validation, with headers normalised. */
  readonly options: Omit<CallOptions, 'customHeaders' | 'on'>;
  readonly headers: readonly SipHeader[];
}

export interface AcceptRequest {
  readonly headers: readonly SipHeader[];
  readonly audio: boolean | MediaTrackConstraints;
  readonly video: boolean | MediaTrackConstraints;
  readonly localStream?: MediaStream;
  readonly iceServers?: readonly RTCIceServer[];
  /** The microphone to open (a line merges it into `audio` as `deviceId: { exact }`, as for a dial). */
  readonly micId?: string;
  /** Where a line that plays the far side itself (no media kit) plays it. */
  readonly remoteElement?: HTMLMediaElement;
}

export type RegistrationState = 'unregistered' | 'registering' | 'registered' | 'reconnecting' | 'failed';

/** Everything a line can tell the core. */
export type LineSignal =
  | { type: 'registration'; state: RegistrationState; error?: HandsetError }
  | {
      type: 'incoming';
      callId: string;
      from: Party;
      to?: string;
      customParameters?: Readonly<Record<string, string>>;
      headers?: readonly SipHeader[];
      callerInfo?: CallerInfo | null;
      /** Voximplant's `customData` sent by the caller (at most 200 bytes). */
      customData?: string;
      /**
       * Set only by a line re-attaching a call after `recover(token)`: that call's direction. The phone makes the
       * call as `connecting` (`snapshot.recovered` true) and emits `call` but not `incoming`.
       */
      recovered?: CallDirection;
    }
  /** 180 (earlyMedia false) or 183 with media (earlyMedia true). */
  | { type: 'ringing'; callId: string; earlyMedia: boolean }
  /** The far side answered (200 OK / ACK); media may still be connecting. */
  | { type: 'answered'; callId: string }
  /** Media flows. */
  | { type: 'connected'; callId: string; codec?: string }
  | { type: 'media'; callId: string; peerConnection?: RTCPeerConnection; localStream?: MediaStream; remoteStream?: MediaStream }
  | { type: 'ended'; callId: string; end: Omit<CallEnd, 'by'> & { by?: 'remote' | 'system' } }
  | { type: 'holdFailed' | 'unholdFailed'; callId: string; error: HandsetError }
  | { type: 'remoteHold'; callId: string; held: boolean }
  /** The far side is now someone else (a transfer replaced it) or said who it is; the name as plain text. */
  | { type: 'remote'; callId: string; remote: Party }
  | { type: 'reconnecting'; callId: string; error?: HandsetError }
  | { type: 'reconnected'; callId: string }
  | { type: 'dtmf'; callId: string; digit: DtmfTone }
  | { type: 'message'; callId: string; message: CallMessage }
  | { type: 'messageSent'; callId: string; message: CallMessage }
  | { type: 'info'; callId: string; mimeType: string; body: string; headers?: readonly SipHeader[] }
  /** A problem that does not end anything by itself. */
  | { type: 'error'; callId?: string; error: HandsetError };

export type LineSignalSink = (signal: LineSignal) => void;
