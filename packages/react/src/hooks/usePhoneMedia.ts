import type { Phone } from '@handset/core';
import type { BrowserMedia } from '@handset/core/media';
import type { PhoneHookOptions } from './options';
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
export function usePhoneMedia(options: PhoneHookOptions = {}): MediaKit | null {
  return mediaKitOf(useMaybePhone(options.phone));
}
