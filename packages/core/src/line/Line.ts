import type {
  CallDirection,
  CallEnd,
  CallerInfo,
  CallFeedback,
  CallMessage,
  DtmfPath,
  DtmfTone,
  Party,
  RecoveryToken,
  SipHeader,
} from '../call/types';
import { HandsetError } from '../errors/HandsetError';
import type { CallOptions } from '../options/types';
import type { LineSampleSignal } from './samples';

/**
 * The contract between the core and a provider. A line takes commands and reports what
 * happened as signals. It never decides a call's state: the core alone does, from the
 * signals, through the call's transition table. Commands return nothing; their results
 * (or failures) come back as signals, in any order the network produces.
 *
 * Phone-wide commands are on the line; each call's commands are on its own `LineCall`,
 * which `dial()` returns (at once, or as a promise for SDKs that dial asynchronously) and
 * an `incoming` signal carries. See docs/lines.md; `describeLine()` in `@handset/core/testing` checks a line.
 */
export interface Line {
  /** A short name for reports, e.g. 'sandbox', 'sip' or 'twilio'. */
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

  /**
   * Places a call. A promise is for SDKs that dial asynchronously (Twilio's `device.connect()`): until it
   * settles the core queues the call's commands (hangup, mute) and sends them in order once the leg exists;
   * a rejection ends the call `failed` with the error.
   */
  dial(request: DialRequest): LineCall | Promise<LineCall>;

  /**
   * Optional warm start: the user is about to call (the dial pad has focus), so get ready now (microphone open,
   * peer connection made, ICE gathered) for the next `dial()` to start at once. Returns the release, which gives back
   * whatever the next dial did not take. Apps call it on the line itself; lines without it have no warm start.
   */
  warmUp?(): () => void;
  /** Token lines (`capabilities.tokens`): a fresh access token, mid-call too, without dropping media. */
  updateToken?(token: string): void;
  /**
   * Re-attach to the call a token describes (`capabilities.recovery`; `recover(phone, token)` from
   * `@handset/core/parity`). Signal `incoming` with `recovered` at once (the phone then has the call, as
   * `connecting`), then `connected` when media flows again, or `ended` when the call is gone.
   */
  recover?(token: RecoveryToken): void;
  /** Lines that own their media (`capabilities.media === 'line'`): the user's device choices, applied through the SDK. */
  readonly devices?: LineDevices;
}

/** One call's commands, on the line's own object for that call. */
export interface LineCall {
  accept(request: AcceptRequest): void;
  reject(sipCode: number, headers: readonly SipHeader[]): void;
  /** Stop alerting locally without answering the far side (Twilio's `ignore`). */
  ignore(): void;
  /** Ends the call: CANCEL before an answer, BYE after. */
  hangup(headers: readonly SipHeader[]): void;
  setMuted(muted: boolean): void;
  /** One tone, already validated; the core sequences digits and pauses. */
  sendDtmf(tone: DtmfTone, durationMs: number): void;
  /** `capabilities.hold`: local hold and resume. */
  hold?(): void;
  unhold?(): void;
  /** `capabilities.messages`. */
  sendMessage?(message: CallMessage): void;
  /** `capabilities.info`: SIP INFO with extra headers (validated: `X-` names, or `User-to-User`). */
  sendInfo?(mimeType: string, body: string, headers: readonly SipHeader[]): void;
  /**
   * `capabilities.blindTransfer`: transfer (SIP REFER) of an answered call to `target` (E.164 or SIP URI, validated).
   * Success ends the call with an `ended` signal; failure is an `error` signal and the call goes on.
   */
  transfer?(target: string): void;
  /**
   * `capabilities.attendedTransfer`: the far side of this call is connected to the far side of `target`, another
   * answered call on this line (REFER with Replaces). Success ends both calls; failure is an `error` signal.
   */
  attendedTransfer?(target: LineCall): void;
  /** The call's `customData` changed (`setCustomData(call, value)`); lines that carry it send it on. */
  setCustomData?(customData: string): void;
  /** `capabilities.recovery`: the token that re-attaches to this call after a reload, once it has one. */
  recoveryToken?(): RecoveryToken | undefined;
  /** `capabilities.feedback`: the user's rating; may come after the call ended. Resolves when the provider has it. */
  postFeedback?(feedback: CallFeedback): void | Promise<void>;
  /** Lines that own their media: play this call's far side on this output device (`speakerId`). */
  setSpeaker?(deviceId: string): void;
}

export type { DtmfPath, DtmfTone } from '../call/types';

/**
 * What a line can do, as data the core checks before it sends a command (a refused command throws
 * `unsupported` and sends nothing) and the React components read (an action a line cannot do is not offered).
 */
export interface LineCapabilities {
  /** Call options this line honours; any other option given to a call is reported as unsupported. */
  readonly options: ReadonlySet<string>;
  /** Local hold and resume (`LineCall.hold` / `unhold`). */
  readonly hold: boolean;
  readonly blindTransfer: boolean;
  readonly attendedTransfer: boolean;
  /** The paths DTMF may take; empty when the line sends no DTMF. */
  readonly dtmf: readonly DtmfPath[];
  /** In-call messages (Twilio's `sendMessage`). */
  readonly messages: boolean;
  /** SIP INFO (Voximplant's `sendInfo`). */
  readonly info: boolean;
  /** Re-attach to a live call after a page reload (`recoveryToken` / `recover`). */
  readonly recovery: boolean;
  /** Call feedback reaches the provider (`postFeedback`). */
  readonly feedback: boolean;
  /** The far side's audio can play before the answer (183). */
  readonly earlyMedia: boolean;
  /** Outgoing calls need a registration; token lines (Twilio) place calls without one. */
  readonly registrationRequired: boolean;
  /** Authenticated by an expiring token (`phone.updateToken()`, `tokenWillExpire`). */
  readonly tokens: boolean;
  /**
   * Who owns the media. `'kit'`: the core's media kit opens the microphone, plays the far side and reads
   * getStats (the line hands over a peer connection). `'line'`: the provider's SDK does all of that and reports
   * samples, warnings and levels as signals; the kit stands aside (no second microphone, playback or ringtone).
   * An SDK that shows its peer connection instead hands it over with the `media` signal (again after each
   * re-attach): the kit then samples it as its own calls, and the line reports no samples of its own.
   */
  readonly media: MediaOwner;
  /** Who plays the ringtone, ringback and key tones: the kit's generated sounds, or the SDK's own (default: as `media`). */
  readonly sounds: MediaOwner;
}

export type MediaOwner = 'kit' | 'line';

/** Capabilities with everything off but `options` and `dtmf` as given: `lineCapabilities({ options, hold: true, ... })`. */
export function lineCapabilities(given: Partial<LineCapabilities> & Pick<LineCapabilities, 'options'>): LineCapabilities {
  const sounds = given.sounds ?? given.media ?? 'kit';
  // Often the app's own choice passed through (Twilio's `sounds` option): refused before the line opens anything.
  if (sounds !== 'kit' && sounds !== 'line') throw new HandsetError('invalid-option', "sounds: 'line' or 'kit'.");
  return Object.freeze({
    hold: false,
    blindTransfer: false,
    attendedTransfer: false,
    dtmf: [],
    messages: false,
    info: false,
    recovery: false,
    feedback: false,
    earlyMedia: false,
    registrationRequired: true,
    tokens: false,
    media: 'kit',
    ...given,
    sounds,
  });
}

/** The capability a call command needs, for commands that need one. */
const commandNeeds = {
  hold: 'hold',
  unhold: 'hold',
  sendMessage: 'messages',
  sendInfo: 'info',
  transfer: 'blindTransfer',
} as const satisfies Record<string, keyof LineCapabilities>;

/**
 * Whether a line can carry out a call command at all (`sendDigits` needs a DTMF path; `hold` the hold capability,
 * ...); what the core checks before sending, and what the React controls read to offer an action or not.
 */
export function lineCan(capabilities: LineCapabilities, command: string): boolean {
  if (command === 'sendDigits') return capabilities.dtmf.length > 0;
  const needs = commandNeeds[command as keyof typeof commandNeeds];
  return needs === undefined || capabilities[needs];
}

/** Device choices for a line whose SDK owns the media (Twilio's `device.audio`). */
export interface LineDevices {
  /** The user picked a device (null: the default); the line applies it to the SDK. */
  select(kind: 'microphone' | 'speaker' | 'ringtone', deviceId: string | null): void | Promise<void>;
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
  /** Relay (TURN) candidates only. */
  readonly forceRelayCandidate?: boolean;
  /** The microphone to open (a line merges it into `audio` as `deviceId: { exact }`, as for a dial). */
  readonly micId?: string;
  /** Where a line that plays the far side itself (no media kit) plays it. */
  readonly remoteElement?: HTMLMediaElement;
}

export type RegistrationState = 'unregistered' | 'registering' | 'registered' | 'reconnecting' | 'failed';

/** Everything a line can tell the core. */
export type LineSignal =
  | { type: 'registration'; state: RegistrationState; error?: HandsetError }
  /** Token lines: the access token expires soon (Twilio's `tokenWillExpire`); `phone.updateToken()` renews it. */
  | { type: 'tokenWillExpire'; expiresAt?: number }
  | {
      type: 'incoming';
      callId: string;
      /** This call's commands. */
      call: LineCall;
      from: Party;
      /** Who the caller dialled (Twilio's `To`, the INVITE's To URI). */
      to?: string;
      customParameters?: Readonly<Record<string, string>>;
      /** The far side's `X-` (and `User-to-User`) headers on the INVITE. */
      headers?: readonly SipHeader[];
      callerInfo?: CallerInfo | null;
      /** Voximplant's `customData` sent by the caller (at most 200 bytes). */
      customData?: string;
      /** Provider ids worth showing or logging (Twilio's CallSid, Telnyx's call control id), by name. */
      providerIds?: Readonly<Record<string, string>>;
      /**
       * Set only by a line re-attaching a call after `recover(token)`: that call's direction. The phone makes the
       * call as `connecting` (`snapshot.recovered` true) and emits `call` but not `incoming`.
       */
      recovered?: CallDirection;
    }
  /** 180 (earlyMedia false) or 183 with media (earlyMedia true). */
  | { type: 'ringing'; callId: string; earlyMedia: boolean }
  /** The far side answered (200 OK / ACK); media may still be connecting. `headers`: its `X-` headers on the answer. */
  | { type: 'answered'; callId: string; headers?: readonly SipHeader[] }
  /** Media flows (ICE and DTLS up). `dtmfPath`: how this call's DTMF will travel, where the line chose. */
  | { type: 'connected'; callId: string; codec?: string; dtmfPath?: DtmfPath }
  | { type: 'media'; callId: string; peerConnection?: RTCPeerConnection; localStream?: MediaStream; remoteStream?: MediaStream }
  /** `end.headers`: the far side's `X-` headers on its BYE, CANCEL or rejection. */
  | { type: 'ended'; callId: string; end: Omit<CallEnd, 'by'> & { by?: 'remote' | 'system' } }
  | { type: 'holdFailed' | 'unholdFailed'; callId: string; error: HandsetError }
  | { type: 'remoteHold'; callId: string; held: boolean }
  /** The far side is now someone else (a transfer replaced it) or said who it is; the name as plain text. */
  | { type: 'remote'; callId: string; remote: Party }
  /** Provider ids learnt after the call began (Twilio's CallSid arrives with the answer to `connect()`). */
  | { type: 'providerIds'; callId: string; ids: Readonly<Record<string, string>> }
  | { type: 'customData'; callId: string; customData: string }
  | { type: 'reconnecting'; callId: string; error?: HandsetError }
  | { type: 'reconnected'; callId: string }
  | { type: 'dtmf'; callId: string; digit: DtmfTone }
  | { type: 'message'; callId: string; message: CallMessage }
  | { type: 'messageSent'; callId: string; message: CallMessage }
  | { type: 'info'; callId: string; mimeType: string; body: string; headers?: readonly SipHeader[] }
  /** Lines that own their media: quality samples, warnings and levels in the core's shapes. */
  | LineSampleSignal
  /** A problem that does not end anything by itself. */
  | { type: 'error'; callId?: string; error: HandsetError };

export type LineSignalSink = (signal: LineSignal) => void;
