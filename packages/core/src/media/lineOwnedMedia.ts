import type { Call } from '../call/Call';
import type { LevelMeter } from '../levels/LevelMeter';
import type { CallQualitySnapshot } from '../phone/PhoneMedia';
import { createQualitySummary } from '../quality/summary';
import type { CallQualitySummary, QualityWarningName } from '../quality/types';
import { qualitySnapshot } from './qualitySnapshot';

/** What the kit keeps for a call whose media the line's SDK owns: it reads, it never opens or plays anything. */
export interface LineOwnedCallMedia {
  /** A meter fed by the line's `levels` signals (the call's `volume` event). */
  meter(side: 'input' | 'output'): LevelMeter;
  /** The end-of-call summary of the samples the line reported; null when it reported none. */
  summary(): CallQualitySummary | null;
  release(): void;
}

/**
 * Follows a line-owned call's `sample`, `warning`, `warning-cleared` and `volume` events (which the core makes
 * from the line's signals) into the store's quality slice, a summary and level meters, so that the hooks and
 * components read them exactly as they read the kit's own.
 */
export function followLineOwnedCall(call: Call, publish: (quality: CallQualitySnapshot | null) => void): LineOwnedCallMedia {
  const summary = createQualitySummary();
  let samples = 0;
  let latest: Parameters<typeof qualitySnapshot>[0] = null;
  let warnings: QualityWarningName[] = [];
  const input = pushedMeter();
  const output = pushedMeter();
  const update = () => publish(qualitySnapshot(latest, warnings));
  const offs = [
    call.on('sample', (sample) => {
      latest = sample;
      samples++;
      summary.addSample(sample);
      update();
    }),
    call.on('warning', (name) => {
      summary.addWarning(name);
      if (!warnings.includes(name)) warnings = [...warnings, name];
      update();
    }),
    call.on('warning-cleared', (name) => {
      warnings = warnings.filter((w) => w !== name);
      update();
    }),
    call.on('volume', (inputLevel, outputLevel) => {
      input.push(inputLevel);
      output.push(outputLevel);
    }),
  ];
  return {
    meter: (side) => (side === 'input' ? input : output),
    summary: () => (samples > 0 ? summary.result() : null),
    release() {
      for (const off of offs) off();
      input.dispose();
      output.dispose();
      publish(null);
    },
  };
}

/** A level meter whose values are pushed in (0..1), delivered to listeners as they come. */
function pushedMeter(): LevelMeter & { push(level: number): void } {
  const listeners = new Set<(level: number) => void>();
  let level = 0;
  return {
    get level() {
      return listeners.size > 0 ? level : 0;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    push(value) {
      level = Math.min(1, Math.max(0, value));
      for (const listener of listeners) listener(level);
    },
    dispose() {
      listeners.clear();
    },
  };
}
