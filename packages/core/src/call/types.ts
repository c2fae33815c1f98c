import type { HandsetErrorData } from '../errors/HandsetError';
import type { CallQualitySummary } from './quality';

/** A custom SIP header, as Telnyx's `SipHeader`. Names must be `X-` tokens (or `User-to-User`). */
export interface SipHeader {
  readonly name: string;
  readonly value: string;
}

/** How a call's DTMF travels: RFC 4733 telephone-events in the media, or SIP INFO (application/dtmf-relay). */
export type DtmfPath = 'rfc4733' | 'info';

export type DtmfTone = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#' | 'A' | 'B' | 'C' | 'D';

export type CallState = 'dialing' | 'ringing' | 'incoming' | 'connecting' | 'active' | 'held' | 'reconnecting' | 'ended';

export type CallDirection = 'outgoing' | 'incoming';

/** Why a call ended. Every call ends exactly once, with one of these. */
export type EndReason =
  | 'hangup'
  | 'cancelled'
  | 'rejected'
  | 'ignored'
  | 'busy'
  | 'no-answer'
  | 'timeout'
  | 'time-limit'
  | 'failed'
  | 'network';

export type EndedBy = 'local' | 'remote' | 'system';

export interface CallEnd {
  readonly reason: EndReason;
  readonly by: EndedBy;
  readonly sipCode?: number;
  readonly message?: string;
  /** The far side's `X-` headers on its BYE, CANCEL or rejection, where the line carries them. */
  readonly headers?: readonly SipHeader[];
}

/** The other party as the line reports it. Names are plain text, never HTML. */
export interface Party {
  readonly number: string;
  readonly name?: string;
}

/** Twilio's `callerInfo`: whether the caller's number was verified (STIR/SHAKEN), or null when unknown. */
export interface CallerInfo {
  readonly isVerified: boolean;
}

/** Twilio's feedback issues (`call.postFeedback(score, issue)`). */
export type FeedbackIssue = 'dropped-call' | 'audio-latency' | 'one-way-audio' | 'choppy-audio' | 'noisy-call' | 'echo';
/** Twilio's feedback scores: 1 terrible .. 5 great. */
export type FeedbackScore = 1 | 2 | 3 | 4 | 5;

/** What the user said about a call; both null when they declined to say. */
export interface CallFeedback {
  readonly score: FeedbackScore | null;
  readonly issue: FeedbackIssue | null;
}

/**
 * A serialisable identity of a live call, for re-attaching to it after a page reload (Twilio's
 * `connectToken`, Telnyx's `telnyxSessionId` + `isRecovered`). Keep it with `JSON.stringify`
 * (e.g. in sessionStorage) and give it to `phone.recover(token)`. Fields besides these are the line's own.
 */
export interface RecoveryToken {
  readonly lineKind: string;
  readonly callId: string;
  readonly direction: CallDirection;
  readonly remote: Party;
  readonly [lineData: string]: unknown;
}

export interface CallMessage {
  readonly content: unknown;
  readonly contentType: string;
  readonly messageType: string;
  readonly id?: string;
}

/** A call as data: what the store keeps and the React layer reads. */
export interface CallSnapshot {
  readonly id: string;
  readonly direction: CallDirection;
  readonly state: CallState;
  readonly remote: Party;
  /** Incoming calls: who the caller dialled (the INVITE's To, Twilio's `To`); null on outgoing calls. */
  readonly to: string | null;
  /** The far side's `X-` (and `User-to-User`) headers: an incoming call's INVITE, an outgoing call's answer. */
  readonly remoteHeaders: readonly SipHeader[];
  /** Provider ids by name, where the line has them (Twilio's `CallSid`, Telnyx's `telnyxCallControlId`, ...). */
  readonly providerIds: Readonly<Record<string, string>>;
  readonly muted: boolean;
  /** Held by the far side (it sent sendonly/inactive). Local hold is the `held` state. */
  readonly remoteHold: boolean;
  /** True while `ringing` when the far side sends early media (183). */
  readonly earlyMedia: boolean;
  readonly codec: string | null;
  /** How DTMF travels on this call (`rfc4733` or `info`), once the line has chosen; null before. */
  readonly dtmfPath: DtmfPath | null;
  readonly callerInfo: CallerInfo | null;
  readonly customParameters: Readonly<Record<string, string>>;
  /** Voximplant's `customData`: at most 200 bytes of app data, set by the `customData` option, the line, or `setCustomData(call, value)`. */
  readonly customData?: string | undefined;
  /** Set by `postFeedback(call, score, issue)` (`@handset/core/parity`), also after the call ended. */
  readonly feedback?: CallFeedback;
  /** True for a call re-attached by `recover(phone, token)` (Telnyx's `isRecovered`). */
  readonly recovered?: boolean | undefined;
  readonly unsupportedOptions: readonly string[];
  readonly startedAt: number;
  readonly answeredAt: number | null;
  readonly endedAt: number | null;
  readonly end: CallEnd | null;
  readonly error: HandsetErrorData | null;
  /** The call's quality summary, set when it ends (with the media kit). */
  readonly quality: CallQualitySummary | null;
}
