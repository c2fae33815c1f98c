/** A map from event name to the listener's argument list. */
export type EventMap = { readonly [event: string]: readonly unknown[] };

export type Listener<Args extends readonly unknown[]> = (...args: Args) => void;

/**
 * A small typed event emitter. A throwing listener never breaks the emitter or the
 * state change that emitted: its error is rethrown on a microtask, where it shows up
 * as an uncaught error instead of being swallowed.
 */
export class Emitter<Events extends EventMap> {
  #listeners = new Map<keyof Events, Set<AnyListener>>();
  #closed = false;

  /** Adds a listener; returns a function that removes it. */
  on<E extends keyof Events>(event: E, listener: Listener<Events[E]>): () => void {
    if (this.#closed) return noop;
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener as AnyListener);
    return () => this.off(event, listener);
  }

  once<E extends keyof Events>(event: E, listener: Listener<Events[E]>): () => void {
    const off = this.on(event, (...args) => {
      off();
      listener(...args);
    });
    return off;
  }

  off<E extends keyof Events>(event: E, listener: Listener<Events[E]>): void {
    this.#listeners.get(event)?.delete(listener as AnyListener);
  }

  listenerCount(event?: keyof Events): number {
    if (event !== undefined) return this.#listeners.get(event)?.size ?? 0;
    let count = 0;
    for (const set of this.#listeners.values()) count += set.size;
    return count;
  }

  protected emit<E extends keyof Events>(event: E, ...args: Events[E]): void {
    const set = this.#listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as (...a: readonly unknown[]) => void)(...args);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  /** Drops every listener and refuses new ones: nothing is emitted after this. */
  protected closeEmitter(): void {
    this.#closed = true;
    this.#listeners.clear();
  }
}

const noop = (): void => {};
// biome-ignore lint/suspicious/noExplicitAny: listeners of every event share one set.
type AnyListener = (...args: any[]) => void;
