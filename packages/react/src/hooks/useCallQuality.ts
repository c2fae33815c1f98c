import type { CallQualitySnapshot, PhoneSnapshot } from '@handset/core';
import { useCallback, useSyncExternalStore } from 'react';
import type { QualityLevel } from '../labels/english';
import type { PhoneHookOptions } from './options';
import { useMaybePhone } from './usePhone';

export type { QualityLevel };

/** A call's quality as a local source gives it: the MOS and the active warnings. */
export interface CallQuality {
  /** Estimated MOS of the latest sample (1..~4.5), or null before the first sample. */
  readonly mos: number | null;
  /** Active warnings (the core's names: 'high-rtt', 'high-jitter', 'high-packet-loss', 'low-mos', ...). */
  readonly warnings: readonly string[];
}

/**
 * A quality store of your own (a test, a story, another kit): published once per sample, never for an
 * audio level; `getSnapshot` returns the same object until the next change. Without one, `useCallQuality`
 * reads the phone's store, where `browserMedia()` publishes each call's quality.
 */
export interface QualitySource {
  getSnapshot(): CallQuality;
  subscribe(onChange: () => void): () => void;
}

/** The latest quality of a call: the store's `quality[callId]` (`CallQualitySnapshot`), or nothing yet. */
export interface UseCallQualityResult extends CallQuality {
  /** The MOS as a word, or null before the first sample. */
  readonly level: QualityLevel | null;
  /** The latest sample (rtt, jitter, loss, levels, codec...), or null before the first (or from a local source). */
  readonly sample: CallQualitySnapshot['sample'];
}

const noQuality: UseCallQualityResult = Object.freeze({ sample: null, mos: null, level: null, warnings: Object.freeze([]) });

/** MOS → word, in the core's bands (quality/level.ts): excellent ≥ 4.2, good ≥ 3.6, fair ≥ 3.1, else poor. */
export function qualityLevelOf(mos: number | null): QualityLevel | null {
  if (mos === null) return null;
  return mos >= 4.2 ? 'excellent' : mos >= 3.6 ? 'good' : mos >= 3.1 ? 'fair' : 'poor';
}

const fromSource = new WeakMap<CallQuality, UseCallQualityResult>();
const isSource = (value: unknown): value is QualitySource => typeof (value as QualitySource | null)?.getSnapshot === 'function';
const noSubscription = () => () => {};

/** The store's quality of call `id`, or of the active call; the store's own (frozen) object, so stable between samples. */
export function selectCallQuality(snapshot: PhoneSnapshot, id?: string | null): UseCallQualityResult {
  const callId = id === undefined ? snapshot.activeCallId : id;
  return (callId !== null && snapshot.quality[callId]) || noQuality;
}

/**
 * The latest quality sample, its MOS and level and the active warnings of a call: the active call by
 * default, or call `id`, read from the phone's store (`store.quality[id]`, written by `browserMedia()`
 * once a second). Renders at most once per sample, never for audio levels. A `QualitySource` may be
 * given instead of an id. Outside a provider (and without a phone) it reads nothing.
 */
export function useCallQuality(id?: string | null | QualitySource, options: PhoneHookOptions = {}): UseCallQualityResult {
  const found = useMaybePhone(options.phone);
  const source = isSource(id) ? id : null;
  const callId = isSource(id) ? undefined : id;
  const store = source ? null : found?.store;
  const subscribe = useCallback(
    (onChange: () => void) => (source ? source.subscribe(onChange) : store ? store.subscribe(onChange) : noSubscription()),
    [source, store],
  );
  const read = (state: PhoneSnapshot | undefined): UseCallQualityResult | CallQuality =>
    source ? source.getSnapshot() : state ? selectCallQuality(state, callId) : noQuality;
  const quality = useSyncExternalStore(
    subscribe,
    () => read(store?.getState()),
    () => read(store?.getInitialState()),
  );
  if ('level' in quality) return quality as UseCallQualityResult;
  let result = fromSource.get(quality);
  if (!result) {
    result = Object.freeze({ sample: null, ...quality, level: qualityLevelOf(quality.mos) });
    fromSource.set(quality, result);
  }
  return result;
}
