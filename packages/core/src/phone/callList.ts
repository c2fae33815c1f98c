import type { StoreApi } from 'zustand/vanilla';
import type { Call, CallHost } from '../call/Call';
import type { DtmfTiming } from '../call/dtmf';
import type { CallSnapshot } from '../call/types';
import type { Line } from '../line/Line';
import type { AcceptOptions } from '../options/types';
import type { PhoneSnapshot } from '../store/phoneStore';
import { freeze } from '../util/freeze';
import type { PhoneOptions } from './options';

/**
 * The phone's calls, which of them has the microphone, and what the phone lends each (the call's host). It
 * alone writes the store's `calls`, `callIds`, `endedCallIds` and `activeCallId`.
 */
export class CallList implements CallHost {
  readonly #store: StoreApi<PhoneSnapshot>;
  readonly #options: PhoneOptions;
  readonly #calls = new Map<string, Call>();
  /** Call ids, most recently focused first. */
  #focus: string[] = [];

  constructor(
    store: StoreApi<PhoneSnapshot>,
    options: PhoneOptions,
    readonly dtmfTiming: DtmfTiming,
  ) {
    this.#store = store;
    this.#options = options;
  }

  get line(): Line {
    return this.#options.line;
  }

  get(id: string): Call | undefined {
    return this.#calls.get(id);
  }
  /** Live calls. */
  all(): Call[] {
    return [...this.#calls.values()];
  }

  /** A new call: an outgoing one takes the focus (the others are already held), an incoming one waits behind. */
  adopt(call: Call, focused: boolean): void {
    this.#calls.set(call.id, call);
    const state = this.#store.getState();
    this.#store.setState({
      calls: freeze({ ...state.calls, [call.id]: call.snapshot }),
      callIds: freeze([...state.callIds, call.id]),
    });
    if (focused) {
      this.takeFocus(call);
    } else {
      this.#focus.push(call.id);
      this.#publishFocus();
    }
  }

  publish(call: Call): void {
    const state = this.#store.getState();
    // Not yet adopted: adopt() publishes the first snapshot. Ended and released: only while the store keeps it (feedback).
    if (!state.calls[call.id]) return;
    this.#store.setState({ calls: freeze({ ...state.calls, [call.id]: call.snapshot }), activeCallId: this.#activeId() });
  }

  /** The microphone is live on one call only: every other active call is held first. */
  takeFocus(call: Call): void {
    this.holdActive(call);
    this.#focus = [call.id, ...this.#focus.filter((id) => id !== call.id)];
    this.#publishFocus();
  }

  holdActive(except?: Call): void {
    for (const other of this.#calls.values()) {
      if (other !== except && other.state === 'active') other.hold();
    }
  }

  /**
   * A call the app did not just choose became active (two calls dialled at once both
   * answered, or a hold was refused): the focused call keeps the microphone. The other is
   * held; if holding it just failed, it is muted instead, so nothing loops.
   */
  becameActive(call: Call, cause: 'answered' | 'rolled-back'): void {
    const rank = (c: Call) => this.#focus.indexOf(c.id);
    for (const other of this.all()) {
      if (other === call || other.state !== 'active') continue;
      const loser = rank(call) < rank(other) ? other : call;
      if (loser === call && cause === 'rolled-back') call.mute(true);
      else loser.hold();
      if (loser === call) return;
    }
  }

  accepting(call: Call, options: AcceptOptions): void {
    this.#options.media?.acceptCall?.(call, options);
  }

  ending(call: Call): Partial<CallSnapshot> | undefined {
    return this.#options.media?.endCall(call);
  }

  /** An ended call leaves the live list; the store keeps the last `keepEndedCalls` ended ones for display. */
  released(call: Call): void {
    const keep = this.#options.keepEndedCalls ?? 10;
    this.#calls.delete(call.id);
    this.#focus = this.#focus.filter((id) => id !== call.id);
    const state = this.#store.getState();
    const endedCallIds = [...state.endedCallIds, call.id];
    const dropped = endedCallIds.splice(0, Math.max(0, endedCallIds.length - keep));
    const calls = { ...state.calls, [call.id]: call.snapshot };
    for (const id of dropped) delete calls[id];
    this.#store.setState({
      calls: freeze(calls),
      callIds: freeze(state.callIds.filter((id) => id !== call.id)),
      endedCallIds: freeze(endedCallIds),
      activeCallId: this.#activeId(),
    });
  }

  #activeId(): string | null {
    return this.#focus.find((id) => this.#calls.get(id)?.state !== 'incoming') ?? null;
  }

  #publishFocus(): void {
    const activeCallId = this.#activeId();
    if (this.#store.getState().activeCallId !== activeCallId) this.#store.setState({ activeCallId });
  }
}
