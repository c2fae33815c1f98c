/** What a wait looks for: the first truthy value it returns ends the wait with that value. */
export type Check<T> = () => T | undefined | null | false;

/**
 * The pending waits of a stand-in. Each is checked at once and again on every `changed()` (the stand-in
 * calls it after each frame or state change), so a test waits for what it means instead of for a time.
 */
export class Waiters {
  readonly #pending = new Set<() => boolean>();

  /** Resolves with the first truthy value of `check`; rejects with `timeoutError()` after `timeout` ms. */
  waitFor<T>(check: Check<T>, timeout: number, timeoutError: () => Error): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const first = check();
      if (first) {
        resolve(first);
        return;
      }
      const recheck = (): boolean => {
        const value = check();
        if (!value) return false;
        clearTimeout(timer);
        this.#pending.delete(recheck);
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        this.#pending.delete(recheck);
        reject(timeoutError());
      }, timeout);
      this.#pending.add(recheck);
    });
  }

  /** Re-checks every pending wait; call it after anything a wait may look at has changed. */
  changed(): void {
    for (const recheck of [...this.#pending]) recheck();
  }

  /** How many waits are pending. */
  get size(): number {
    return this.#pending.size;
  }

  /** Forgets every pending wait (they never settle): for a stand-in that is closing. */
  clear(): void {
    this.#pending.clear();
  }
}

/**
 * A check that looks at each entry of a growing list once, from `since` on: the first entry that matches.
 * Cheaper than scanning the whole list on every change, and the same answer for a pure `match`.
 */
export function firstFrom<E>(entries: readonly E[], since: number, match: (entry: E) => boolean): Check<E> {
  let next = since;
  return () => {
    for (; next < entries.length; next += 1) {
      const entry = entries[next] as E;
      if (match(entry)) return entry;
    }
    return undefined;
  };
}
