/** The two frequencies of each DTMF key (ITU-T Q.23). */
export const dtmfFrequencies: Readonly<Record<string, readonly [number, number]>> = {
  '1': [697, 1209],
  '2': [697, 1336],
  '3': [697, 1477],
  A: [697, 1633],
  '4': [770, 1209],
  '5': [770, 1336],
  '6': [770, 1477],
  B: [770, 1633],
  '7': [852, 1209],
  '8': [852, 1336],
  '9': [852, 1477],
  C: [852, 1633],
  '*': [941, 1209],
  '0': [941, 1336],
  '#': [941, 1477],
  D: [941, 1633],
};

/** Something that can take scheduled oscillators and clean them up. */
export interface ToneOutput {
  readonly context: AudioContext;
  readonly destination: AudioNode;
  /** Every node created is registered here so that a teardown can disconnect it. */
  track(node: AudioNode): void;
  untrack(node: AudioNode): void;
}

/**
 * Plays a chord of sine waves from `atMs` (relative to now) for `durationMs`. Nodes are
 * disconnected as soon as the tone ends, so a long call does not pile them up.
 */
export function tone(out: ToneOutput, frequencies: readonly number[], durationMs: number, atMs = 0, level = 0.15): void {
  const { context } = out;
  const start = context.currentTime + atMs / 1000;
  const stop = start + durationMs / 1000;
  const gain = context.createGain();
  gain.gain.value = level / frequencies.length;
  gain.connect(out.destination);
  out.track(gain);
  let running = frequencies.length;
  for (const frequency of frequencies) {
    const oscillator = context.createOscillator();
    oscillator.frequency.value = frequency;
    oscillator.connect(gain);
    out.track(oscillator);
    oscillator.onended = () => {
      oscillator.disconnect();
      out.untrack(oscillator);
      if (--running === 0) {
        gain.disconnect();
        out.untrack(gain);
      }
    };
    oscillator.start(start);
    oscillator.stop(stop);
  }
}

/** The DTMF tone of a key, as an IVR repeating it back. */
export function dtmfTone(out: ToneOutput, digit: string, durationMs = 180, atMs = 0): void {
  const pair = dtmfFrequencies[digit];
  if (pair) tone(out, pair, durationMs, atMs);
}

/** North American ringback (440 + 480 Hz, 2 s on, 4 s off) for `totalMs`. */
export function ringback(out: ToneOutput, totalMs: number): void {
  for (let at = 0; at < totalMs; at += 6000) tone(out, [440, 480], Math.min(2000, totalMs - at), at, 0.1);
}

/** A rising three-note chime: the "greeting" of the sandbox's numbers. Returns its length. */
export function chime(out: ToneOutput, atMs = 0): number {
  const notes = [523.25, 659.25, 783.99];
  for (const [i, frequency] of notes.entries()) tone(out, [frequency], 220, atMs + i * 260);
  return notes.length * 260;
}
