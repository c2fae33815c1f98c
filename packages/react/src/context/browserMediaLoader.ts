import type { PhoneMedia } from '@handset/core';

type MediaModule = typeof import('@handset/core/media');

let loaded: MediaModule | null = null;
let loading: Promise<MediaModule> | null = null;

/**
 * `@handset/core/media`, imported on first use with a dynamic import(): bundlers split it into its own
 * chunk, so an app whose provider says `media={false}` (or brings its own kit) never loads it.
 */
export function loadBrowserMedia(): Promise<MediaModule> {
  loading ??= import('@handset/core/media').then(
    (module) => {
      loaded = module;
      return module;
    },
    (error: unknown) => {
      loading = null; // a later provider tries again (e.g. after a chunk failed to load offline)
      throw error;
    },
  );
  return loading;
}

/** A new `browserMedia()` kit when the module is already here (a second provider, a remount); else null. */
export function browserMediaIfLoaded(): PhoneMedia | null {
  return loaded ? loaded.browserMedia() : null;
}
