import type { ErrorCode, MediaErrorCode } from './catalogue';

/** [message, cause, solution], as the engine's messages and explanations together. */
export type ErrorEntry = readonly [message: string, cause: string, solution: string];

import { HandsetError } from './HandsetError';

/** The media kit's errors (microphone, playback, stats), in the engine catalogue's shape; shipped with the kit. */
export const mediaErrorCatalogue = {
  'media-permission-denied': [
    'The browser blocked the microphone.',
    'The prompt was refused, or the page is not HTTPS.',
    'Allow the microphone in the address bar, then retry.',
  ],
  'media-not-found': [
    'No microphone was found.',
    'None is plugged in, or the chosen one was unplugged.',
    'Plug one in and choose it in the settings.',
  ],
  'media-busy': [
    'The microphone cannot be opened.',
    'Another app holds it, or its driver failed.',
    'Close other apps using it, or choose another.',
  ],
  'media-constraints': [
    'The chosen microphone cannot satisfy the request.',
    'The device is gone, or a constraint cannot be met.',
    'Choose another microphone, or the default.',
  ],
  'audio-blocked': [
    'The browser would not play audio yet.',
    'Autoplay is blocked until the page is clicked.',
    'Click or press a key on the page.',
  ],
  'stats-failed': [
    'Call quality could not be read.',
    'getStats() failed on the peer connection.',
    'None needed: sampling retries every second.',
  ],
  'media-timeout': [
    'The microphone did not open in time.',
    'The permission prompt was left unanswered.',
    "Answer the browser's prompt, then retry.",
  ],
} as const satisfies Record<MediaErrorCode, ErrorEntry>;

/** A HandsetError of a media code (or any code: an engine code keeps the engine's entry). */
export function mediaError(code: ErrorCode, message?: string, options?: { cause?: unknown }): HandsetError {
  return new HandsetError(code, message, { ...options, summary: (mediaErrorCatalogue as Record<string, ErrorEntry>)[code]?.[0] });
}
