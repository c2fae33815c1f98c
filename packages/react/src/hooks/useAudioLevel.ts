import type { PhoneSnapshot } from '@handset/core';
import { type RefObject, useEffect, useRef } from 'react';
import { useLatest } from '../utils/useLatest';
import type { PhoneHookOptions } from './options';
import { useMaybePhone } from './usePhone';
import { mediaKitOf } from './usePhoneMedia';
import { useStoreSelector } from './usePhoneSelector';

/**
 * Anything that delivers an audio level, 0..1, many times a second. The core's `LevelMeter`
 * (`phone.media.meter(track)`, `phone.media.callMeter(call, side)`: delivering once per animation
 * frame) has this shape, so a meter works on any MediaStreamTrack: a microphone test before a call,
 * or a call's local or remote audio.
 */
export interface LevelSource {
  subscribe(listener: (level: number) => void): () => void;
}

/** A call's level as the phone's media kit meters it: `input` (the microphone) or `output` (the far side). */
export interface CallLevelTarget {
  readonly side: 'input' | 'output';
  /** The call; the active call when omitted. */
  readonly callId?: string | null;
}

export interface UseAudioLevelOptions extends PhoneHookOptions {
  /** Called with every level delivered (0..1); the latest function is used without resubscribing. */
  readonly onLevel: (level: number) => void;
}

const isLevelSource = (value: unknown): value is LevelSource => typeof (value as LevelSource | null)?.subscribe === 'function';
const selectActiveCallId = (snapshot: PhoneSnapshot) => snapshot.activeCallId;

/**
 * Calls `onLevel` with every level delivered, without rendering: write it to a ref, a style or a canvas.
 *
 * `{ side: 'input' | 'output', callId? }` meters a call (the active one by default) with the phone's
 * media kit (`phone.media.callMeter(call, side)`); the meter is picked up when the call's media appears,
 * and `onLevel(0)` is delivered when the call ends. A `LevelSource` of your own is subscribed as it is.
 * The latest `onLevel` is used without resubscribing; a new source, side or call resubscribes. The
 * component re-renders only when the active call changes (with `{ side }` and no `callId`), never for a level.
 */
export function useAudioLevel(source: LevelSource | CallLevelTarget | null | undefined, options: UseAudioLevelOptions): void {
  const onLevelRef = useLatest(options.onLevel);
  const found = useMaybePhone(options.phone);
  const direct = isLevelSource(source) ? source : null;
  const target = direct ? null : (source as CallLevelTarget | null | undefined);
  const side = target?.side ?? null;
  const wantedId = target ? target.callId : undefined;
  const activeId = useStoreSelector(side && wantedId === undefined ? found : null, selectActiveCallId, null);
  const callId = wantedId === undefined ? activeId : wantedId;

  useEffect(
    function subscribeToLevels() {
      const deliver = (level: number) => onLevelRef.current(level);
      if (direct) return direct.subscribe(deliver);
      const kit = mediaKitOf(found);
      const call = side && callId ? found?.getCall(callId) : null;
      if (!side || !call || !kit?.callMeter || call.state === 'ended') return;
      const callMeter = kit.callMeter;
      let off: (() => void) | undefined;
      const attach = () => {
        if (off || call.state === 'ended') return;
        try {
          off = callMeter(call, side)?.subscribe(deliver);
        } catch {
          // No Web Audio here (server, jsdom), or the meter was released with its call: no levels.
        }
      };
      const detach = () => {
        if (!off) return;
        const stop = off;
        off = undefined;
        try {
          stop();
        } catch {}
        onLevelRef.current(0);
      };
      const offMedia = call.on('media', attach);
      const offState = call.on('state', (state) => (state === 'ended' ? detach() : attach()));
      attach();
      return () => {
        offMedia();
        offState();
        detach();
      };
    },
    [direct, side, callId, found, onLevelRef],
  );
}

/** The latest level in a ref (0 until the first delivery), for code that reads it in its own animation frame. */
export function useAudioLevelRef(
  source: LevelSource | CallLevelTarget | null | undefined,
  options: PhoneHookOptions = {},
): RefObject<number> {
  const ref = useRef(0);
  useAudioLevel(source, {
    phone: options.phone,
    onLevel: (level) => {
      ref.current = level;
    },
  });
  return ref;
}
