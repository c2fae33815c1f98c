import type { CallQualitySnapshot, PhoneSnapshot } from '@handset/core';
import type { BrowserMedia, LevelMeter, QualitySample } from '@handset/core/media';
import { usePhone, usePhoneSelector } from '@handset/react';
import { useCallback, useEffect, useState } from 'react';

/**
 * The phone's media kit. The demo creates its phone with `media: browserMedia()`, so it is always there.
 * (Read through `usePhone().media`: @handset/react has no hook for the kit itself yet.)
 */
export function useMediaKit(): BrowserMedia {
  const media = usePhone().media;
  if (!media) throw new Error('The demo phone is created with browserMedia(); no media kit was found.');
  return media as BrowserMedia;
}

/** The live input (microphone) or output (far side) level meter of a call; null until its media exists. */
export function useCallMeter(callId: string | null, side: 'input' | 'output'): LevelMeter | null {
  const phone = usePhone();
  const kit = useMediaKit();
  const [meter, setMeter] = useState<LevelMeter | null>(null);
  useEffect(() => {
    const call = callId ? phone.getCall(callId) : null;
    if (!call) {
      setMeter(null);
      return;
    }
    const update = () => setMeter(call.state === 'ended' ? null : kit.callMeter(call, side));
    update();
    const offs = [call.on('media', update), call.on('state', update)];
    return () => {
      for (const off of offs) off();
    };
  }, [phone, kit, callId, side]);
  return meter;
}

const noQuality: CallQualitySnapshot | null = null;

/** The live quality of a call from the store (`store.quality[id]`), re-rendering once per sample. */
export function useQualitySnapshot(callId: string | null): CallQualitySnapshot | null {
  return usePhoneSelector(useCallback((s: PhoneSnapshot) => (callId ? (s.quality[callId] ?? noQuality) : noQuality), [callId]));
}

/** The call's `sample` events (one a second while answered), the last `limit` of them. */
export function useQualitySamples(callId: string | null, limit = 60): QualitySample[] {
  const phone = usePhone();
  const [samples, setSamples] = useState<QualitySample[]>([]);
  useEffect(() => {
    setSamples([]);
    const call = callId ? phone.getCall(callId) : null;
    if (!call) return;
    return call.on('sample', (sample) => setSamples((previous) => [...previous.slice(-(limit - 1)), sample]));
  }, [phone, callId, limit]);
  return samples;
}

/** Whether the browser refused to play the ringtone or a call's audio (autoplay), from `store.media`. */
export function usePlaybackBlocked(): { ringtoneBlocked: boolean; audioBlocked: boolean } {
  const ringtoneBlocked = usePhoneSelector((s) => s.media.ringtoneBlocked);
  const audioBlocked = usePhoneSelector((s) => s.media.audioBlocked);
  return { ringtoneBlocked, audioBlocked };
}
