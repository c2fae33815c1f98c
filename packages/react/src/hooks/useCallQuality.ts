import { useCallback, useSyncExternalStore } from 'react';

export type QualityLevel = 'excellent' | 'good' | 'fair' | 'poor';

/** The latest quality of a call as the React layer reads it. Immutable: a new object per sample. */
export interface CallQuality {
  /** Estimated MOS of the latest sample (1..~4.5), or null before the first sample. */
  readonly mos: number | null;
  /** Active warnings (the core's names: 'high-rtt', 'high-jitter', 'high-packet-loss', 'low-mos', ...). */
  readonly warnings: readonly string[];
}

/**
 * Where quality comes from: a tiny external store, published once per sample (1 Hz) and never for an
 * audio level. `getSnapshot` returns the same object until the next sample or warning change.
 * The core's quality monitor (issue 4) is expected to offer one per call; until it is wired into the
 * phone, any object of this shape works.
 */
export interface QualitySource {
  getSnapshot(): CallQuality;
  subscribe(onChange: () => void): () => void;
}

export interface UseCallQualityResult extends CallQuality {
  /** The MOS as a word, or null before the first sample. */
  readonly level: QualityLevel | null;
}

const noQuality: CallQuality = Object.freeze({ mos: null, warnings: Object.freeze([]) });
const noSource: QualitySource = { getSnapshot: () => noQuality, subscribe: () => () => {} };

/** MOS → word, in the core's bands (quality/level.ts): excellent ≥ 4.2, good ≥ 3.6, fair ≥ 3.1, else poor. */
export function qualityLevelOf(mos: number | null): QualityLevel | null {
  if (mos === null) return null;
  return mos >= 4.2 ? 'excellent' : mos >= 3.6 ? 'good' : mos >= 3.1 ? 'fair' : 'poor';
}

const results = new WeakMap<CallQuality, UseCallQualityResult>();

/** The latest quality sample's MOS, its level and the active warnings; renders at most once per sample. */
export function useCallQuality(source: QualitySource | null | undefined): UseCallQualityResult {
  const store = source ?? noSource;
  const subscribe = useCallback((onChange: () => void) => store.subscribe(onChange), [store]);
  const getSnapshot = useCallback(() => store.getSnapshot(), [store]);
  const quality = useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
  let result = results.get(quality);
  if (!result) {
    result = Object.freeze({ ...quality, level: qualityLevelOf(quality.mos) });
    results.set(quality, result);
  }
  return result;
}
