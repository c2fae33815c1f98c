import { Device } from '@twilio/voice-sdk';

/**
 * 10 ms of silence (8 kHz, 8-bit mono PCM: 80 samples at the midpoint 0x80). It has to hold samples: Chromium
 * refuses to decode a WAV without any, and the SDK reports each refusal as an uncaught error.
 */
const silence =
  'data:audio/wav;base64,UklGRnQAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YVAAAACAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgA==';

/**
 * Silence for each of the SDK's sounds (Device.SoundName): when handset's kit plays the sounds, Twilio's must
 * not, and a data: URL silences them without fetching Twilio's files.
 */
export function silentSounds(): Record<string, string> {
  return Object.fromEntries(Object.values(Device.SoundName).map((name) => [name, silence]));
}
