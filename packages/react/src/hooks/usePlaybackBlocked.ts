import type { HandsetErrorData, PhoneSnapshot } from '@handset/core';
import { useCallback, useMemo } from 'react';
import type { PhoneHookOptions } from './options';
import { useMaybePhone } from './usePhone';
import { mediaKitOf } from './usePhoneMedia';
import { useStoreSelector } from './usePhoneSelector';

export interface UsePlaybackBlockedResult {
  /** The browser refused to play the ringtone (autoplay policy). The kit retries on the next click or key press. */
  readonly ringtoneBlocked: boolean;
  /** The browser refused to play a call's audio. */
  readonly audioBlocked: boolean;
  /** Either of the two: show a visible "click to enable sound" cue. */
  readonly blocked: boolean;
  /** The shared AudioContext could not be resumed. */
  readonly audioError: HandsetErrorData | null;
  /** Call it from a click: resumes the AudioContext and plays blocked call audio again (`phone.media.resumeAudio()`). */
  resume(): Promise<void>;
}

const selectRingtoneBlocked = (s: PhoneSnapshot) => s.media.ringtoneBlocked;
const selectAudioBlocked = (s: PhoneSnapshot) => s.media.audioBlocked;
const selectAudioError = (s: PhoneSnapshot) => s.media.audioError;

/**
 * Whether the browser refused to play sound (the ringtone, a call's audio) until the user interacts
 * with the page, from the phone's store (`store.media`, written by `browserMedia()`), and `resume()` for
 * the button that fixes it. Re-renders only when one of these changes.
 */
export function usePlaybackBlocked(options: PhoneHookOptions = {}): UsePlaybackBlockedResult {
  const found = useMaybePhone(options.phone);
  const ringtoneBlocked = useStoreSelector(found, selectRingtoneBlocked, false);
  const audioBlocked = useStoreSelector(found, selectAudioBlocked, false);
  const audioError = useStoreSelector(found, selectAudioError, null);
  const resume = useCallback(async () => {
    await mediaKitOf(found)?.resumeAudio?.();
  }, [found]);
  return useMemo(
    () => ({ ringtoneBlocked, audioBlocked, blocked: ringtoneBlocked || audioBlocked, audioError, resume }),
    [ringtoneBlocked, audioBlocked, audioError, resume],
  );
}
