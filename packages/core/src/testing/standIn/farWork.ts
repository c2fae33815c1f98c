/**
 * Far-party work of a stand-in: it runs after the frame that asked for it is handled, and a failure is kept
 * for the test to see (a far party is a real peer connection in a page; its errors must not go unheard).
 */
export class FarWork {
  /** Errors from the far party while handling frames, in order. */
  readonly failures: unknown[] = [];
  #queue: Promise<unknown> = Promise.resolve();

  /** @param changed called after a failure is kept, so that waits see it */
  constructor(private readonly changed: () => void) {}

  /** Keeps the failure of `work`, if it fails. */
  track(work: Promise<unknown>): void {
    work.catch((error: unknown) => {
      this.failures.push(error);
      this.changed();
    });
  }

  /** Runs `work` after the far-party work before it, one step at a time (a trickled candidate never overtakes its offer). */
  inTurn<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(work);
    this.#queue = next.catch(() => undefined);
    return next;
  }
}
