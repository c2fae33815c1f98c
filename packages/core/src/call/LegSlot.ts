import { HandsetError } from '../errors/HandsetError';
import type { LineCall } from '../line/Line';

/**
 * A call's line leg, which may not exist yet: an SDK that dials asynchronously hands it over later.
 * Commands given meanwhile wait in order and run once it exists; every line behaves the same.
 */
export class LegSlot {
  #leg: LineCall | null = null;
  #queue: Array<(leg: LineCall) => void> = [];

  readonly #onFailed: (error: HandsetError) => void;

  /** `onFailed` hears a dial that could not give a leg (rejected promise), once. */
  constructor(onFailed: (error: HandsetError) => void) {
    this.#onFailed = onFailed;
  }

  /** The line's leg, or the promise of it; commands given before it exists wait for it. */
  attach(leg: LineCall | Promise<LineCall>): void {
    const onFailed = this.#onFailed;
    if (!isPromise(leg)) {
      this.#leg = leg;
      for (const command of this.#queue.splice(0)) command(leg);
      return;
    }
    leg.then(
      (ready) => {
        this.#leg = ready;
        for (const command of this.#queue.splice(0)) command(ready);
      },
      (cause: unknown) => {
        this.#queue = [];
        onFailed(cause instanceof HandsetError ? cause : new HandsetError('call-failed', errorText(cause), { cause }));
      },
    );
  }

  /** The leg, or null while the dial is still under way. */
  get current(): LineCall | null {
    return this.#leg;
  }

  /** Runs the command on the leg now, or as soon as it exists. */
  run(command: (leg: LineCall) => void): void {
    if (this.#leg) command(this.#leg);
    else this.#queue.push(command);
  }
}

function isPromise(value: unknown): value is Promise<LineCall> {
  return typeof (value as Promise<LineCall>)?.then === 'function';
}

function errorText(cause: unknown): string {
  return `The call could not be placed: ${cause instanceof Error ? cause.message : String(cause)}.`;
}
