import { type RefObject, useEffect, useRef } from 'react';

/**
 * Anything that delivers an audio level, 0..1, many times a second. The core's `LevelMeter`
 * (`createLevelMeter({ context, track })`: one per track, delivering once per animation frame)
 * has this shape, so a meter works on any MediaStreamTrack: a microphone test before a call,
 * or a call's local or remote audio.
 */
export interface LevelSource {
  subscribe(listener: (level: number) => void): () => void;
}

/**
 * Calls `onLevel` with every level the source delivers, without rendering: write it to a ref, a
 * style or a canvas. The latest `onLevel` is used without resubscribing; a new `source` resubscribes.
 */
export function useAudioLevel(source: LevelSource | null | undefined, onLevel: (level: number) => void): void {
  const onLevelRef = useRef(onLevel);
  onLevelRef.current = onLevel;
  useEffect(
    function subscribeToLevels() {
      if (!source) return;
      return source.subscribe((level) => onLevelRef.current(level));
    },
    [source],
  );
}

/** The latest level in a ref (0 until the first delivery), for code that reads it in its own animation frame. */
export function useAudioLevelRef(source: LevelSource | null | undefined): RefObject<number> {
  const ref = useRef(0);
  useAudioLevel(source, (level) => {
    ref.current = level;
  });
  return ref;
}
