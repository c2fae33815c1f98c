import type { CallEvents } from '../call/events';
import type { SipHeader } from '../call/types';

export type { SipHeader } from '../call/types';

export type HeadersInput = readonly SipHeader[] | Readonly<Record<string, string>>;

/** Per-call event handlers (Telnyx's `onNotification`), removed when the call ends. */
export type CallHandlers = { readonly [E in keyof CallEvents]?: (...args: CallEvents[E]) => void };

/**
 * Options for `phone.call()`: the union of Telnyx WebRTC `ICallOptions` and the overlapping
 * Call Control dial fields. Everything is checked before the line is told anything.
 */
export interface CallOptions {
  /** Your own id for the call; one is generated when left out. */
  readonly id?: string;
  /** Caller ID name: at most 128 letters, digits, spaces and -_~!.+ */
  readonly callerName?: string;
  /** Caller ID number, E.164. */
  readonly callerNumber?: string;
  /** Custom `X-` SIP headers on the INVITE. */
  readonly customHeaders?: HeadersInput;
  /** Base64 state echoed back by Call Control webhooks. */
  readonly clientState?: string;
  /** At most 200 bytes of app data carried with the call where the line can. */
  readonly customData?: string;
  /** Twilio-style parameters passed to the far side's application. */
  readonly parameters?: Readonly<Record<string, string>>;
  /** Seconds to wait for an answer, 5..600. Default 30. */
  readonly timeoutSecs?: number;
  /** Seconds the call may last after it is answered, 30..14400. Default 14400. */
  readonly timeLimitSecs?: number;
  readonly iceServers?: readonly RTCIceServer[];
  readonly forceRelayCandidate?: boolean;
  readonly trickleIce?: boolean;
  /** Codec names in order of preference, e.g. ['opus', 'PCMU']. */
  readonly preferredCodecs?: readonly string[];
  readonly sdpASBandwidthKbps?: number;
  readonly audio?: boolean | MediaTrackConstraints;
  readonly video?: boolean | MediaTrackConstraints;
  readonly micId?: string;
  readonly camId?: string;
  readonly speakerId?: string;
  readonly localStream?: MediaStream;
  readonly remoteStream?: MediaStream;
  readonly localElement?: HTMLMediaElement;
  readonly remoteElement?: HTMLMediaElement;
  readonly useStereo?: boolean;
  /**
   * Telnyx's options, known to every line so that migrated code gets them reported as unsupported where a line
   * cannot honour them (`snapshot.unsupportedOptions`, or refused under `strictOptions`) instead of refused as a typo.
   * v2: gather ICE candidates before the call is placed.
   */
  readonly prefetchIceCandidates?: boolean;
  /** Telnyx v1: ids of a Telnyx Call Control call (its control id, leg id and call session id), made by Telnyx's server. */
  readonly telnyxCallControlId?: string;
  readonly telnyxLegId?: string;
  readonly telnyxSessionId?: string;
  /** Telnyx v2: the app's own session id for correlating calls. */
  readonly sessionId?: string;
  /** Handlers for this call's events, removed when it ends. */
  readonly on?: CallHandlers;
}

/** Options for `call.accept()`: the call options that apply to answering (`forceRelayCandidate`: relay (TURN) candidates only). */
export type AcceptOptions = Pick<
  CallOptions,
  'customHeaders' | 'iceServers' | 'forceRelayCandidate' | 'audio' | 'video' | 'micId' | 'localStream' | 'remoteElement' | 'timeLimitSecs'
>;

export type CallOptionName = Exclude<keyof CallOptions, 'on'>;
