import type { LevelSource } from '../hooks/useAudioLevel';

/** A level source driven by the test, shaped like the core's LevelMeter (no AudioContext in jsdom). */
export class TestLevelSource implements LevelSource {
  readonly listeners = new Set<(level: number) => void>();
  subscribe(listener: (level: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(level: number): void {
    for (const listener of this.listeners) listener(level);
  }
}
