import { createPhone, type Phone, type PhoneOptions } from '@handset/core';
import { browserMedia } from '@handset/core/media';
import { type ReactNode, useEffect, useState } from 'react';
import { PhoneContext } from './PhoneContext';

export type PhoneProviderProps = {
  children?: ReactNode;
  /**
   * Register as soon as the provider mounts (default true). Setting it to false later disconnects.
   * Registration failures are not thrown: they are in `useRegistration().error`.
   */
  connect?: boolean;
} & (
  | {
      /** A phone the app made with `createPhone()`. The provider never disposes it. */
      phone: Phone;
      options?: never;
      media?: never;
    }
  | {
      /**
       * Options for a phone the provider creates once, on its first render, and disposes when it unmounts.
       * Later changes to `options` are ignored: remount the provider (change its `key`) for a new phone.
       */
      options: PhoneOptions;
      /**
       * The phone's media kit is `options.media` when given, else `browserMedia()` from `@handset/core/media`
       * (devices, call audio, levels, quality, ringtone and key tones). `false`: no kit (the phone then
       * plays no audio of its own, and the level, quality and device hooks read nothing).
       */
      media?: false;
      phone?: never;
    }
);

/** Deferred disposals, so that StrictMode's unmount-and-remount in development keeps the same phone alive. */
const pendingDisposals = new WeakMap<Phone, ReturnType<typeof setTimeout>>();

/**
 * Gives a phone to every hook and component below it, and connects it.
 *
 * Under `<StrictMode>` React mounts, unmounts and remounts effects in development: `connect()` is
 * idempotent in the core, and the disposal of a phone the provider owns waits one task, so the
 * remount cancels it. One line is started and registered once.
 */
export function PhoneProvider(props: PhoneProviderProps): ReactNode {
  const { children, connect = true } = props;
  // Creating a phone has no side effects (nothing happens before connect()), so StrictMode's second
  // call of this initializer only makes a phone that is dropped without ever touching its line.
  const [owned] = useState<Phone | null>(() => (props.phone ? null : createPhone(withMedia(props.options as PhoneOptions, props.media))));
  const phone = props.phone ?? (owned as Phone);

  useEffect(
    function disposeOwnedPhoneOnUnmount() {
      if (!owned) return;
      clearTimeout(pendingDisposals.get(owned));
      pendingDisposals.delete(owned);
      return () => {
        pendingDisposals.set(
          owned,
          setTimeout(() => {
            pendingDisposals.delete(owned);
            owned.dispose();
          }, 0),
        );
      };
    },
    [owned],
  );

  useEffect(
    function connectOrDisconnect() {
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
    [phone, connect],
  );

  return <PhoneContext.Provider value={phone}>{children}</PhoneContext.Provider>;
}

/** The options, with `browserMedia()` unless they have a kit or `media={false}`. */
function withMedia(options: PhoneOptions, media: false | undefined): PhoneOptions {
  return options.media || media === false ? options : { ...options, media: browserMedia() };
}

/** connect() failures are published in the store (registration.state 'failed', registration.error). */
function ignoreRejection(): void {}
