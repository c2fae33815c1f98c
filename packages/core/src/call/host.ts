import type { Line } from '../line/Line';
import type { AcceptOptions } from '../options/types';
import type { DtmfTiming } from './dtmf';
import type { CallSnapshot } from './types';

/** What the phone lends each call (generic in the call, so that this file and `Call.ts` need not import each other). */
export interface CallHost<C> {
  readonly line: Line;
  readonly dtmfTiming: DtmfTiming;
  /** Writes the call's new snapshot to the phone's store. */
  publish(call: C): void;
  /** Called before this call takes the microphone (accept, unhold): the phone holds the others. */
  takeFocus(call: C): void;
  /** Called as an incoming call is accepted, with the validated options (the media kit takes `remoteElement`). */
  accepting(call: C, options: AcceptOptions): void;
  /** Called after a line signal made this call active without the app asking (answer, reconnect, a failed hold). */
  becameActive(call: C, cause: 'answered' | 'rolled-back'): void;
  /** Called as the call ends, before its last snapshot: what that snapshot should also keep. */
  ending(call: C): Partial<CallSnapshot> | undefined;
  /** Called once, after the call has ended and emitted its last event. */
  released(call: C): void;
}
