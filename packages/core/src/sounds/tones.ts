/**
 * A call-progress tone: sine waves at `frequencies` (Hz) summed, switched by a repeating cadence in
 * seconds `[on, off, on, off, ...]`. An empty cadence is a continuous tone.
 */
export interface ToneSpec {
  readonly frequencies: readonly number[];
  readonly cadence: readonly number[];
}

/**
 * Ringback (audible ringing) presets, as in Asterisk's indications.conf and the national entries of
 * ITU-T E.180 Supplement 2:
 * - us: 440+480 Hz, 2 s on, 4 s off (ANSI T1.401, North America);
 * - uk: 400+450 Hz, 0.4 on, 0.2 off, 0.4 on, 2 off (the British double ring);
 * - eu: 425 Hz, 1 s on, 4 s off (ETSI ES 201 970; Germany and most of CEPT);
 * - ru: 425 Hz, 0.8 s on, 3.2 s off (Russia and the former USSR).
 */
export const ringbackPresets = {
  us: { frequencies: [440, 480], cadence: [2, 4] },
  uk: { frequencies: [400, 450], cadence: [0.4, 0.2, 0.4, 2] },
  eu: { frequencies: [425], cadence: [1, 4] },
  ru: { frequencies: [425], cadence: [0.8, 3.2] },
} as const satisfies Record<string, ToneSpec>;

export type RingbackPreset = keyof typeof ringbackPresets;

/** The incoming ringtone: an A-major chord (A4, C#5, E5) in a double-ring cadence, unlike any ringback. */
export const defaultRingtone: ToneSpec = { frequencies: [440, 554.37, 659.25], cadence: [0.4, 0.2, 0.4, 2] };

const dtmfKeys = '123A456B789C*0#D';
const dtmfRows = [697, 770, 852, 941];
const dtmfColumns = [1209, 1336, 1477, 1633];

/** The [row, column] frequencies of a DTMF key (ITU-T Q.23), or undefined for anything else. */
export function dtmfFrequencies(key: string): readonly [number, number] | undefined {
  const index = key.length === 1 ? dtmfKeys.indexOf(key.toUpperCase()) : -1;
  return index < 0 ? undefined : [dtmfRows[index >> 2]!, dtmfColumns[index & 3]!];
}

/**
 * One period of a cadence as a gain envelope (1 during "on", 0 during "off"), with `ramp` seconds
 * of linear fade at each edge so the tone does not click. Looped, it drives a GainNode's gain.
 */
export function cadenceEnvelope(cadence: readonly number[], sampleRate: number, ramp = 0.005): Float32Array<ArrayBuffer> {
  const period = cadence.reduce((sum, s) => sum + s, 0);
  const data = new Float32Array(Math.max(1, Math.round(period * sampleRate)));
  const edge = Math.max(1, Math.round(ramp * sampleRate));
  let start = 0;
  cadence.forEach((seconds, i) => {
    const length = Math.round(seconds * sampleRate);
    if (i % 2 === 0) {
      for (let n = 0; n < length; n++) data[start + n] = Math.min(1, (n + 1) / edge, (length - n) / edge);
    }
    start += length;
  });
  return data;
}
