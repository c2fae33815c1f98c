/** A phase machine's table: for each phase, the phase each event leads to. An event missing from a phase changes nothing. */
export type PhaseTable<Phase extends string, Event extends string> = Readonly<Record<Phase, Readonly<Partial<Record<Event, Phase>>>>>;

/**
 * A line's own small state machine (a re-INVITE, a media recovery), written as a table like the call's: the
 * line sends events, the table decides, and `onMove` does the effects of a move (signals, timers) in one place.
 */
export class PhaseMachine<Phase extends string, Event extends string> {
  #phase: Phase;

  constructor(
    private readonly table: PhaseTable<Phase, Event>,
    initial: Phase,
    private readonly onMove: (to: Phase, from: Phase, event: Event) => void,
  ) {
    this.#phase = initial;
  }

  get phase(): Phase {
    return this.#phase;
  }

  /** Moves by the table; false (and nothing done) where the table has no move for this event in this phase. */
  send(event: Event): boolean {
    const to = this.table[this.#phase][event];
    if (to === undefined) return false;
    const from = this.#phase;
    this.#phase = to;
    this.onMove(to, from, event);
    return true;
  }
}
