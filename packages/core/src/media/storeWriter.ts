import type { CallQualitySnapshot, MediaSnapshot, PhoneMediaHost } from '../phone/PhoneMedia';
import { freeze } from '../util/freeze';

/** A media kit's writers of its two store slices (`media`, `quality`): immutable, frozen patches. */
export interface MediaStoreWriter {
  setMedia(patch: Partial<MediaSnapshot>): void;
  /** A call's live quality; null removes it (the call ended). */
  setQuality(callId: string, quality: CallQualitySnapshot | null): void;
}

/** The writers over the host the phone gave a kit (`attach(host)`); for `browserMedia()` and kits of your own. */
export function mediaStoreWriter(host: PhoneMediaHost): MediaStoreWriter {
  return {
    setMedia: (patch) => host.update((s) => ({ media: freeze({ ...s.media, ...patch }) })),
    setQuality: (callId, quality) =>
      host.update((s) => {
        const next = { ...s.quality };
        if (quality) next[callId] = freeze(quality);
        else delete next[callId];
        return { quality: freeze(next) };
      }),
  };
}
