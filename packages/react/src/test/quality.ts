import type { CallQuality, QualitySource } from '../hooks/useCallQuality';

/** A quality store driven by the test, publishing one immutable snapshot per sample. */
export class TestQualitySource implements QualitySource {
  #snapshot: CallQuality = { mos: null, warnings: [] };
  #listeners = new Set<() => void>();
  getSnapshot = (): CallQuality => this.#snapshot;
  subscribe = (onChange: () => void): (() => void) => {
    this.#listeners.add(onChange);
    return () => this.#listeners.delete(onChange);
  };
  publish(mos: number | null, warnings: readonly string[] = []): void {
    this.#snapshot = Object.freeze({ mos, warnings: Object.freeze([...warnings]) });
    for (const listener of this.#listeners) listener();
  }
}
