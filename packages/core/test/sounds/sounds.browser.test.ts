import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDevices } from '../../src/devices/devices';
import { createSoundPlayer, type SoundPlayer } from '../../src/sounds/SoundPlayer';
import { type RingbackPreset, ringbackPresets } from '../../src/sounds/tones';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let context: AudioContext;
let player: SoundPlayer | undefined;
let element: HTMLAudioElement | undefined;

beforeAll(async () => {
  context = new AudioContext();
  await context.resume();
});
afterAll(() => context.close());
afterEach(() => {
  player?.dispose();
  player = element = undefined;
});

/** A player whose <audio> element the test can tap. */
function newPlayer(options: Parameters<typeof createSoundPlayer>[0] extends infer O ? Partial<O> : never = {}) {
  player = createSoundPlayer({
    context: () => context,
    createAudio: () => (element = new Audio()),
    ...options,
  });
  return player;
}

/** An analyser on what the player's element plays (the MediaStreamDestination's stream). */
function analyse(): { analyser: AnalyserNode; disconnect(): void } {
  const source = context.createMediaStreamSource(element!.srcObject as MediaStream);
  const analyser = new AnalyserNode(context, { fftSize: 8192, smoothingTimeConstant: 0 });
  source.connect(analyser);
  return { analyser, disconnect: () => source.disconnect() };
}

/** dB of the loudest bin within ±1 bin of each frequency. */
function spectrum(analyser: AnalyserNode) {
  const data = new Float32Array(analyser.frequencyBinCount);
  analyser.getFloatFrequencyData(data);
  const binHz = context.sampleRate / analyser.fftSize;
  return (hz: number) => {
    const bin = Math.round(hz / binHz);
    return Math.max(data[bin - 1]!, data[bin]!, data[bin + 1]!);
  };
}

/** Energy of the time-domain signal now (mean square). */
function energy(analyser: AnalyserNode): number {
  const data = new Float32Array(analyser.fftSize);
  analyser.getFloatTimeDomainData(data);
  return data.reduce((sum, v) => sum + v * v, 0) / data.length;
}

const presetFrequencies = [...new Set(Object.values(ringbackPresets).flatMap((p) => p.frequencies))];

describe('sounds in Chromium', () => {
  it.each(Object.keys(ringbackPresets) as RingbackPreset[])('ringback %s has energy at its frequencies only', async (preset) => {
    const { frequencies } = ringbackPresets[preset];
    newPlayer().play('ringback', preset);
    const { analyser, disconnect } = analyse();
    await sleep(250); // every preset starts with at least 0.4 s of tone
    const db = spectrum(analyser);
    disconnect();
    const loudest = Math.max(...frequencies.map(db));
    for (const hz of frequencies) expect(db(hz), `${hz} Hz`).toBeGreaterThan(-40);
    // The other presets' frequencies (20 Hz or more away) and a far one are absent.
    const absent = [...presetFrequencies, 1000].filter((hz) => frequencies.every((f) => Math.abs(f - hz) >= 20));
    expect(absent.length).toBeGreaterThan(0);
    for (const hz of absent) expect(db(hz), `${hz} Hz`).toBeLessThan(loudest - 30);
  });

  it('follows the cadence (ru: 0.8 s on, 3.2 s off) and falls silent when stopped', async () => {
    const sounds = newPlayer();
    sounds.play('ringback', 'ru');
    const start = context.currentTime;
    const { analyser, disconnect } = analyse();
    const at = async (seconds: number) => {
      while (context.currentTime - start < seconds) await sleep(10);
      return energy(analyser);
    };
    const on = await at(0.4);
    const off = await at(2);
    const onAgain = await at(4.4);
    sounds.stop();
    await sleep(500); // longer than the analyser's window (8192 samples) plus the stream's latency
    const stopped = energy(analyser);
    disconnect();
    expect(on).toBeGreaterThan(1e-3);
    expect(off).toBeLessThan(on / 1000);
    expect(onAgain).toBeGreaterThan(on / 2);
    expect(stopped).toBeLessThan(on / 1000);
  });

  it("key tone '1' has energy at 697 and 1209 Hz, not at its neighbours", async () => {
    newPlayer().keyTone('1', 600);
    const { analyser, disconnect } = analyse();
    await sleep(300);
    const db = spectrum(analyser);
    disconnect();
    expect(db(697)).toBeGreaterThan(-40);
    expect(db(1209)).toBeGreaterThan(-40);
    const loudest = Math.max(db(697), db(1209));
    for (const hz of [770, 852, 941, 1336, 1477, 1633]) expect(db(hz), `${hz} Hz`).toBeLessThan(loudest - 30);
  });

  it('plays on the ringtone device chosen in the device manager', async () => {
    const devices = createDevices();
    await devices.requestPermission();
    const sounds = newPlayer();
    const detach = devices.attachOutput(sounds, 'ringtone');
    const speaker = devices.getSnapshot().speakers.find((d) => d.deviceId !== 'default')!.deviceId;
    await devices.selectRingtoneSpeaker(speaker);
    expect(sounds.sinkId).toBe(speaker);
    sounds.play('ringtone');
    expect(element!.sinkId).toBe(speaker);
    await sleep(100);
    expect(element!.paused).toBe(false);
    expect(sounds.getSnapshot()).toEqual({ ringtone: true, ringback: false, blocked: false });
    detach();
    devices.dispose();
  });
});
