import type { Phone, PhoneSnapshot } from '@handset/core';
import type { BrowserMedia } from '@handset/core/media';
import { useCallback, useSyncExternalStore } from 'react';
import { useMaybePhone } from './usePhone';

/**
 * What the React layer uses of a phone's media kit: `browserMedia()` from `@handset/core/media`, or any
 * kit with the same members. Each member is optional, so a partial kit (a test or story kit) works too.
 */
export type MediaKit = Partial<Pick<BrowserMedia, 'callMeter' | 'meter' | 'devices' | 'watchDevices' | 'resumeAudio' | 'sounds'>>;

/** The phone's media kit (`phone.media`), or null when the phone has none. */
export function mediaKitOf(phone: Phone | null | undefined): MediaKit | null {
  return (phone?.media as MediaKit | undefined) ?? null;
}

/** The media kit of the given phone or of the provider's; null without a phone or without a kit. Never re-renders. */
export function usePhoneMedia(phone?: Phone | null): MediaKit | null {
  return mediaKitOf(useMaybePhone(phone));
}

const noSubscription = () => () => {};

/**
 * Like `usePhoneSelector`, but `fallback` (a stable value) instead of throwing when there is no phone.
 * Re-renders only when the selected value changes (`Object.is`).
 */
export function useMaybePhoneSelector<T>(phone: Phone | null, selector: (snapshot: PhoneSnapshot) => T, fallback: T): T {
  const store = phone?.store;
  const subscribe = useCallback((onChange: () => void) => (store ? store.subscribe(onChange) : noSubscription()), [store]);
  const get = () => (store ? selector(store.getState()) : fallback);
  const getServer = () => (store ? selector(store.getInitialState()) : fallback);
  return useSyncExternalStore(subscribe, get, getServer);
}
