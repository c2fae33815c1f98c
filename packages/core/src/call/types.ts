import type { HandsetErrorData } from '../errors/HandsetError';
import type { CallQualitySummary } from '../quality/types';

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
  readonly muted: boolean;
  /** Held by the far side (it sent sendonly/inactive). Local hold is the `held` state. */
  readonly remoteHold: boolean;
  /** True while `ringing` when the far side sends early media (183). */
  readonly earlyMedia: boolean;
  readonly codec: string | null;
  readonly callerInfo: CallerInfo | null;
  readonly customParameters: Readonly<Record<string, string>>;
  readonly unsupportedOptions: readonly string[];
  readonly startedAt: number;
  readonly answeredAt: number | null;
  readonly endedAt: number | null;
  readonly end: CallEnd | null;
  readonly error: HandsetErrorData | null;
  /** The call's quality summary, set when it ends (with the media kit). */
  readonly quality: CallQualitySummary | null;
}
