import { Emitter } from '../util/Emitter';
import type { CallEvents } from './events';
import type { CallEnd, CallerInfo, CallSnapshot, CallState, Party } from './types';

/**
 * What a call shows, read from its snapshot: the `Call` class adds the commands and the line's signals.
 * Everything here is a view of the one immutable snapshot the store holds too.
 */
export abstract class CallView extends Emitter<CallEvents> {
  /** The call as immutable data, the same object the store holds. */
  abstract get snapshot(): CallSnapshot;

  get state(): CallState {
    return this.snapshot.state;
  }
  get remote(): Party {
    return this.snapshot.remote;
  }
  get codec(): string {
    return this.snapshot.codec ?? '';
  }
  get callerInfo(): CallerInfo | null {
    return this.snapshot.callerInfo;
  }
  get startedAt(): Date {
    return new Date(this.snapshot.startedAt);
  }
  get answeredAt(): Date | null {
    return dateOf(this.snapshot.answeredAt);
  }
  get endedAt(): Date | null {
    return dateOf(this.snapshot.endedAt);
  }
  /** Whole seconds since the answer, frozen at the end; 0 before an answer. */
  get duration(): number {
    return callDuration(this.snapshot, Date.now());
  }
  get end(): CallEnd | null {
    return this.snapshot.end;
  }
  isMuted(): boolean {
    return this.snapshot.muted;
  }
  /** Voximplant's `customData()`: at most 200 bytes of app data; undefined when none was given. Set it with `setCustomData(call, value)` from `@handset/core/parity`. */
  get customData(): string | undefined {
    return this.snapshot.customData;
  }
}

const dateOf = (time: number | null): Date | null => (time === null ? null : new Date(time));

/** Whole seconds from answer to end (or to `now` while the call lasts). */
export function callDuration(snapshot: Pick<CallSnapshot, 'answeredAt' | 'endedAt'>, now: number): number {
  if (snapshot.answeredAt === null) return 0;
  return Math.max(0, Math.floor(((snapshot.endedAt ?? now) - snapshot.answeredAt) / 1000));
}
