import { levelFromDecibels } from '../../levels/decibels';
import type { LevelMeter } from '../../levels/LevelMeter';

export interface VoiceActivityOptions {
  /**
   * The level that counts as voice, in dBFS. Default -50 dBFS (level 0.71 on the meter's scale, where
   * -100 dBFS is 0 and -30 dBFS is 1): above room noise from a typical headset, below quiet speech.
   */
  readonly thresholdDb?: number;
  /**
   * Hang time: how long the level must stay under the threshold before `silence` (so pauses between
   * words do not flicker). Default 400 ms. `speaking` comes on the first reading over the threshold.
   */
  readonly hangMs?: number;
  /** Clock, for tests. Default `performance.now()`. */
  readonly now?: () => number;
}

export interface VoiceActivity {
  /** null until the first decision: `speaking`, or `silence` after a hang time under the threshold. */
  readonly speaking: boolean | null;
  subscribe(listener: (speaking: boolean) => void): () => void;
  stop(): void;
}

/**
 * Voice activity from a level meter (Voximplant's `vad()`): `speaking` as soon as a reading reaches the
 * threshold, `silence` once readings stayed under it for the hang time (also at the start, so a silent
 * microphone is reported). With the media kit, `kit.detectVoice(call)` reports the call's `speaking` and
 * `silence` events from its microphone.
 */
export function detectVoice(meter: Pick<LevelMeter, 'subscribe'>, options: VoiceActivityOptions = {}): VoiceActivity {
  const threshold = levelFromDecibels(options.thresholdDb ?? -50);
  const hangMs = options.hangMs ?? 400;
  const now = options.now ?? (() => performance.now());
  const listeners = new Set<(speaking: boolean) => void>();
  let speaking: boolean | null = null;
  let quietSince = now();
  /** A meter delivers only changes, so a steady quiet level may bring no reading at the end of the hang time. */
  let hangTimer: ReturnType<typeof setTimeout> | undefined;
  const decide = (next: boolean) => {
    if (speaking === next) return;
    speaking = next;
    for (const listener of listeners) listener(next);
  };
  let loud = false;
  const off = meter.subscribe((level) => {
    clearTimeout(hangTimer);
    // A steady loud level brings no reading either: the hang time counts from the fall under the threshold.
    if (loud && level < threshold) quietSince = now();
    loud = level >= threshold;
    if (loud) decide(true);
    else if (speaking !== false) hangTimer = setTimeout(() => decide(false), Math.max(0, quietSince + hangMs - now()));
  });
  return {
    get speaking() {
      return speaking;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    stop() {
      off();
      clearTimeout(hangTimer);
      listeners.clear();
    },
  };
}
