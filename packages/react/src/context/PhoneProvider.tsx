import { createPhone, type Phone, type PhoneOptions } from '@handset/core';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { englishLabels } from '../labels/english';
import { LabelsContext, type LabelsOverride, mergeLabels } from '../labels/LabelsContext';
import { browserMediaIfLoaded, loadBrowserMedia } from './browserMediaLoader';
import { PhoneContext } from './PhoneContext';

export type PhoneProviderProps = {
  children?: ReactNode;
  /**
   * Register as soon as the provider mounts (default true). Setting it to false later disconnects.
   * Registration failures are not thrown: they are in `useRegistration().error`.
   */
  connect?: boolean;
  /**
   * The words of every component below (English by default): a whole locale or any part of one, with
   * `locale` for the numbers and durations formatted with `Intl`. A component's own `labels` win over these.
   */
  labels?: LabelsOverride;
} & (
  | {
      /** A phone the app made with `createPhone()`. The provider never disposes it. */
      phone: Phone;
      options?: never;
      media?: never;
    }
  | {
      /**
       * Options for a phone the provider creates once and disposes when it unmounts. Later changes to
       * `options` are ignored: remount the provider (change its `key`) for a new phone.
       */
      options: PhoneOptions;
      /**
       * The phone's media kit is `options.media` when given, else `browserMedia()` from `@handset/core/media`
       * (devices, call audio, levels, quality, ringtone and key tones), which is imported on mount, in its own
       * chunk. `false`: no kit, and the kit's code is never loaded (the phone then plays no audio of its
       * own, and the level, quality and device hooks read nothing).
       */
      media?: false;
      phone?: never;
    }
);

/** Deferred disposals, so that StrictMode's unmount-and-remount in development keeps the same phone alive. */
const pendingDisposals = new WeakMap<Phone, ReturnType<typeof setTimeout>>();

/**
 * Gives a phone (and the words of the components) to every hook and component below it, and connects it.
 *
 * With `options` and the default media kit, the first render (on the server too) has a phone without a
 * kit that is never connected; once the kit's module has loaded, the provider creates the phone with it
 * and connects that one. Creating a phone has no side effects, so the first one is just dropped.
 *
 * Under `<StrictMode>` React mounts, unmounts and remounts effects in development: `connect()` is
 * idempotent in the core, and the disposal of a phone the provider owns waits one task, so the
 * remount cancels it. One line is started and registered once.
 */
export function PhoneProvider(props: PhoneProviderProps): ReactNode {
  const { children, connect = true, labels } = props;
  const wantsKit = !props.phone && !props.options?.media && props.media !== false;
  // Creating a phone touches nothing (nothing happens before connect()), so StrictMode's second call
  // of this initializer, or a phone replaced once the kit has loaded, is dropped without a trace.
  const [owned, setOwned] = useState<{ phone: Phone; ready: boolean } | null>(() => {
    if (props.phone) return null;
    const options = props.options as PhoneOptions;
    if (!wantsKit) return { phone: createPhone(options), ready: true };
    const kit = browserMediaIfLoaded();
    return { phone: createPhone(kit ? { ...options, media: kit } : options), ready: kit !== null };
  });
  const phone = props.phone ?? (owned?.phone as Phone);
  const ready = props.phone ? true : (owned?.ready ?? true);

  useEffect(
    function createWithKitOnceLoaded() {
      if (ready || !owned) return;
      let current = true;
      loadBrowserMedia().then(
        ({ browserMedia }) => {
          if (current) setOwned({ phone: createPhone({ ...(props.options as PhoneOptions), media: browserMedia() }), ready: true });
        },
        () => {
          // The chunk did not load: go on without a kit (no audio of the kit's own, as with media={false}).
          if (current) setOwned((previous) => previous && { ...previous, ready: true });
        },
      );
      return () => {
        current = false;
      };
    },
    [ready, owned, props.options],
  );

  useEffect(
    function disposeOwnedPhoneOnUnmount() {
      const mine = owned?.ready ? owned.phone : null;
      if (!mine) return;
      clearTimeout(pendingDisposals.get(mine));
      pendingDisposals.delete(mine);
      return () => {
        pendingDisposals.set(
          mine,
          setTimeout(() => {
            pendingDisposals.delete(mine);
            mine.dispose();
          }, 0),
        );
      };
    },
    [owned],
  );

  useEffect(
    function connectOrDisconnect() {
      if (!ready) return; // the phone with the kit connects, not the one standing in while it loads
      if (connect) {
        try {
          phone.connect().catch(ignoreRejection);
        } catch {
          // A disposed phone throws `phone-disposed`; there is nothing to connect.
        }
      } else if (phone.registration !== 'unregistered') {
        void phone.disconnect();
      }
    },
    [phone, connect, ready],
  );

  const words = useMemo(() => mergeLabels(englishLabels, labels), [labels]);
  return (
    <PhoneContext.Provider value={phone}>
      <LabelsContext.Provider value={words}>{children}</LabelsContext.Provider>
    </PhoneContext.Provider>
  );
}

/** connect() failures are published in the store (registration.state 'failed', registration.error). */
function ignoreRejection(): void {}
