import { Device } from '@twilio/voice-sdk';

/** A WAV file with no samples (8 kHz, 8-bit mono PCM, 44-byte header, 0 data bytes). */
const silence = 'data:audio/wav;base64,UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQAAAAA=';

/**
 * Silence for each of the SDK's sounds (Device.SoundName): when handset's kit plays the sounds, Twilio's must
 * not, and a data: URL silences them without fetching Twilio's files.
 */
export function silentSounds(): Record<string, string> {
  return Object.fromEntries(Object.values(Device.SoundName).map((name) => [name, silence]));
}
