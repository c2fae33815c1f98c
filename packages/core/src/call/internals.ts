import type { Line, LineSignal } from '../line/Line';
import type { CallEvents } from './events';
import type { LegSlot } from './LegSlot';
import type { CallSnapshot, EndReason } from './types';

/** Line signals about one call. */
export type CallSignal = Exclude<LineSignal, { type: 'registration' | 'incoming' | 'tokenWillExpire' }>;

/** Call events the media kit produces for a call. */
export type MediaEvent = 'sample' | 'volume' | 'warning' | 'warning-cleared' | 'speaking' | 'silence' | 'recording';

/**
 * A call's internals, for the phone, the media kit and the parity entry only: what they need to drive a
 * call without putting signal handling or event injection on the public `Call`.
 */
export interface CallController {
  readonly line: Line;
  readonly leg: LegSlot;
  /** A line signal about this call (the phone routes them here). */
  signal(signal: CallSignal): void;
  /** The phone ends its calls this way when it disconnects. */
  endBySystem(reason: EndReason): void;
  /** Records fields the parity kit sets (customData, feedback), also after the end. */
  note(fields: Partial<Pick<CallSnapshot, 'customData' | 'feedback'>>): void;
  /** The media kit reports quality, levels and recording through the call's own events. */
  report<E extends MediaEvent>(event: E, ...args: CallEvents[E]): void;
}

/** Filled by each Call as it is made. A WeakMap, so an ended call is collected with its controller. */
export const callControllers = new WeakMap<object, CallController>();

/** The controller of a call made by this copy of the core. */
export function controllerOf(call: object): CallController {
  const controller = callControllers.get(call);
  if (!controller) throw new TypeError('Not a call of this phone: calls are made by phone.call() or arrive as incoming.');
  return controller;
}
