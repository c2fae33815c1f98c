import type { LineCall } from '../line/Line';
import type { CallHandlers } from '../options/types';
import { freeze } from '../util/freeze';
import type { CallDirection, CallerInfo, CallSnapshot, Party, SipHeader } from './types';

export interface CallInit {
  readonly id: string;
  readonly direction: CallDirection;
  /** Incoming calls: the line's leg for this call. An outgoing call's leg is attached by the phone once it dials. */
  readonly leg?: LineCall;
  readonly remote: Party;
  /** Incoming calls: who the caller dialled. */
  readonly to?: string | undefined;
  /** Incoming calls: the INVITE's `X-` headers. */
  readonly headers?: readonly SipHeader[] | undefined;
  readonly providerIds?: Readonly<Record<string, string>> | undefined;
  readonly customParameters?: Readonly<Record<string, string>>;
  readonly callerInfo?: CallerInfo | null;
  readonly customData?: string | undefined;
  /** Re-attached by `phone.recover()`: starts as `connecting`. */
  readonly recovered?: boolean;
  readonly unsupportedOptions?: readonly string[];
  readonly timeoutSecs?: number;
  readonly timeLimitSecs?: number;
  readonly handlers?: CallHandlers;
}

/** A new call's first snapshot: `dialing` or `incoming` (`connecting` when re-attached), nothing answered or ended yet. */
export function initialSnapshot(init: CallInit, now: number): CallSnapshot {
  return freeze({
    id: init.id,
    direction: init.direction,
    state: init.recovered ? 'connecting' : init.direction === 'outgoing' ? 'dialing' : 'incoming',
    remote: freeze({ ...init.remote }),
    to: init.to ?? null,
    remoteHeaders: freeze([...(init.headers ?? [])]),
    providerIds: freeze({ ...init.providerIds }),
    muted: false,
    remoteHold: false,
    earlyMedia: false,
    codec: null,
    dtmfPath: null,
    callerInfo: init.callerInfo ?? null,
    customParameters: freeze({ ...init.customParameters }),
    customData: init.customData,
    recovered: init.recovered,
    unsupportedOptions: freeze([...(init.unsupportedOptions ?? [])]),
    startedAt: now,
    answeredAt: null,
    endedAt: null,
    end: null,
    error: null,
    quality: null,
  });
}
