import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { levelFromTimeDomain } from '../../src/levels/decibels';
import { createLevelMeter } from '../../src/levels/LevelMeter';
import { silentTrack } from '../quality/loopback';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let context: AudioContext;
let mic: MediaStreamTrack;

beforeAll(async () => {
  context = new AudioContext();
  await context.resume();
  mic = (await navigator.mediaDevices.getUserMedia({ audio: true })).getAudioTracks()[0]!;
});
afterAll(async () => {
  mic.stop();
  await context.close();
});

/** Levels delivered over `ms`. */
async function listen(meter: ReturnType<typeof createLevelMeter>, ms: number): Promise<number[]> {
  const levels: number[] = [];
  const unsubscribe = meter.subscribe((level) => levels.push(level));
  await sleep(ms);
  unsubscribe();
  return levels;
}

/** requestAnimationFrame that counts the frames requested. */
function countingFrames() {
  const stats = { requested: 0 };
  return {
    stats,
    requestAnimationFrame: (cb: () => void) => {
      stats.requested++;
      return requestAnimationFrame(cb);
    },
    cancelAnimationFrame: (handle: number) => cancelAnimationFrame(handle),
  };
}

/** Counts AnalyserNode reads (the meter's per-frame work). */
function spyReads() {
  const original = AnalyserNode.prototype.getFloatTimeDomainData;
  const spy = { count: 0, restore: () => void (AnalyserNode.prototype.getFloatTimeDomainData = original) };
  AnalyserNode.prototype.getFloatTimeDomainData = function (this: AnalyserNode, array) {
    spy.count++;
    original.call(this, array);
  };
  return spy;
}

/** Records the nodes disconnect() is called on. */
function spyDisconnects() {
  const original = AudioNode.prototype.disconnect;
  const spy = { nodes: [] as AudioNode[], restore: () => void (AudioNode.prototype.disconnect = original) };
  AudioNode.prototype.disconnect = function (this: AudioNode, ...args: unknown[]) {
    spy.nodes.push(this);
    return (original as (...a: unknown[]) => void).apply(this, args);
  } as typeof original;
  return spy;
}

describe('LevelMeter in Chromium, analyser path', () => {
  it('reads the beeping fake microphone above silence, at animation-frame cadence', async () => {
    const frames = countingFrames();
    const meter = createLevelMeter({ context, audioThread: false, track: mic, ...frames });
    const levels = await listen(meter, 1500);
    meter.dispose();
    expect(levels.length).toBeGreaterThan(30); // ~60 fps headless; at least 20 per second
    expect(Math.max(...levels)).toBeGreaterThan(0.5);
    expect(levels.every((l) => l >= 0 && l <= 1)).toBe(true);
    expect(frames.stats.requested).toBeGreaterThanOrEqual(levels.length);
  });

  it('measures what one reading costs on the main thread', async () => {
    // Timed in a batch: performance.now() is clamped to 0.1 ms without cross-origin isolation, so one frame cannot be timed.
    const source = context.createMediaStreamSource(new MediaStream([mic]));
    const analyser = new AnalyserNode(context, { fftSize: 1024 }); // the meter's default
    source.connect(analyser);
    await sleep(200);
    const data = new Float32Array(1024);
    const runs = 20000;
    let sum = 0;
    const start = performance.now();
    for (let i = 0; i < runs; i++) {
      analyser.getFloatTimeDomainData(data);
      sum += levelFromTimeDomain(data);
    }
    const perReading = (performance.now() - start) / runs;
    source.disconnect();
    console.log(
      `level meter: ${(perReading * 1000).toFixed(2)} µs per reading (fftSize 1024) → ${(perReading * 60).toFixed(3)} ms/s at 60 fps`,
    );
    expect(sum).toBeGreaterThan(0);
    expect(perReading).toBeLessThan(0.05);
  });

  it('reads 0 once the track is disabled (muted), without reading the analyser, and the same track again once enabled', async () => {
    const reads = spyReads();
    const meter = createLevelMeter({ context, audioThread: false, track: mic });
    const levels: number[] = [];
    const unsubscribe = meter.subscribe((level) => levels.push(level));
    await sleep(1100); // the fake microphone beeps about once a second
    const before = levels.splice(0);
    mic.enabled = false;
    levels.length = 0;
    const readsBefore = reads.count;
    await sleep(600);
    const muted = levels.splice(0);
    const readsMuted = reads.count - readsBefore;
    mic.enabled = true;
    await sleep(1100);
    unsubscribe();
    meter.dispose();
    reads.restore();
    expect(readsMuted).toBe(0);
    expect(Math.max(...before)).toBeGreaterThan(0.5);
    expect(muted.length).toBeGreaterThan(10);
    expect(muted.every((l) => l === 0)).toBe(true);
    expect(Math.max(...levels)).toBeGreaterThan(0.5);
  });

  it('reads 0 for a live, enabled track that carries digital silence', async () => {
    const meter = createLevelMeter({ context, audioThread: false, track: silentTrack(context) });
    const levels = await listen(meter, 500);
    meter.dispose();
    expect(levels.length).toBeGreaterThan(10);
    expect(Math.max(...levels)).toBe(0);
  });

  it('does no work without subscribers: no frames requested, the analyser not read, the source disconnected', async () => {
    const frames = countingFrames();
    const reads = spyReads();
    const disconnects = spyDisconnects();
    try {
      const meter = createLevelMeter({ context, audioThread: false, track: mic, ...frames });
      await sleep(300);
      expect(frames.stats.requested).toBe(0);
      const levels = await listen(meter, 300);
      expect(levels.length).toBeGreaterThan(5);
      expect(reads.count).toBe(levels.length);
      expect(meter.level).toBe(0); // reset when the last subscriber leaves
      expect(disconnects.nodes.filter((n) => n instanceof MediaStreamAudioSourceNode).length).toBe(1);
      const requested = frames.stats.requested;
      const read = reads.count;
      await sleep(300);
      expect(frames.stats.requested).toBe(requested);
      expect(reads.count).toBe(read);
      // A second round of subscriptions works on the same meter.
      expect((await listen(meter, 300)).length).toBeGreaterThan(5);
      meter.dispose();
    } finally {
      reads.restore();
      disconnects.restore();
    }
  });

  it('stops its loop when the last listener unsubscribes from inside its callback', async () => {
    const frames = countingFrames();
    const meter = createLevelMeter({ context, audioThread: false, track: mic, ...frames });
    let calls = 0;
    const unsubscribe = meter.subscribe(() => {
      calls++;
      unsubscribe();
    });
    await sleep(300);
    expect(calls).toBe(1);
    expect(frames.stats.requested).toBe(1);
    meter.dispose();
  });

  it('disconnects every node it made on dispose, and refuses new subscribers', async () => {
    const disconnects = spyDisconnects();
    try {
      const meter = createLevelMeter({ context, audioThread: false, track: mic });
      const unsubscribe = meter.subscribe(() => {});
      await sleep(100);
      meter.dispose();
      unsubscribe(); // harmless after dispose
      expect(disconnects.nodes.some((n) => n instanceof MediaStreamAudioSourceNode)).toBe(true);
      expect(disconnects.nodes.some((n) => n instanceof AnalyserNode)).toBe(true);
      expect(() => meter.subscribe(() => {})).toThrow(/disposed/);
    } finally {
      disconnects.restore();
    }
  });
});

describe('LevelMeter in Chromium, audio-thread path (AudioWorklet)', () => {
  it('meters the beeping microphone without reading any analyser on the main thread', async () => {
    const reads = spyReads();
    try {
      const meter = createLevelMeter({ context, track: mic });
      const levels = await listen(meter, 1500);
      meter.dispose();
      expect(levels.length).toBeGreaterThan(10); // rises at once, falls at most every other 43 ms window
      expect(Math.max(...levels)).toBeGreaterThan(0.05);
      expect(reads.count).toBe(0);
    } finally {
      reads.restore();
    }
  });

  it('reads 0 for digital silence and for a disabled track', async () => {
    const silent = createLevelMeter({ context, track: silentTrack(context) });
    const silence = await listen(silent, 800);
    silent.dispose();
    expect(silence.length).toBeGreaterThanOrEqual(1); // the newcomer's first delivery
    expect(silence.length).toBeLessThanOrEqual(3); // a steady level is not re-sent
    expect(Math.max(...silence)).toBe(0);
    const muted = mic.clone();
    muted.enabled = false;
    const meter = createLevelMeter({ context, track: muted });
    const levels = await listen(meter, 600);
    meter.dispose();
    muted.stop();
    expect(Math.max(0, ...levels)).toBe(0);
  });

  it('asks for no animation frame: values arrive at most every 43 ms, and nothing without subscribers', async () => {
    const frames = countingFrames();
    const meter = createLevelMeter({ context, track: mic, ...frames });
    const levels = await listen(meter, 1000);
    expect(levels.length).toBeGreaterThan(10);
    expect(levels.length).toBeLessThanOrEqual(24); // one 2048-sample window is 43 ms: not one value per frame (~60)
    await sleep(300);
    expect(frames.stats.requested).toBe(0);
    meter.dispose();
  });

  it('shows a rise within one 43 ms window and a fall within two, and says nothing while the level holds', async () => {
    const gain = new GainNode(context, { gain: 0 });
    const tone = new OscillatorNode(context, { frequency: 440 });
    const destination = context.createMediaStreamDestination();
    tone.connect(gain).connect(destination);
    tone.start();
    const meter = createLevelMeter({ context, track: destination.stream.getAudioTracks()[0]! });
    const heard: Array<{ level: number; at: number }> = [];
    const unsubscribe = meter.subscribe((level) => heard.push({ level, at: performance.now() }));
    const after = async (change: () => void, wanted: (level: number) => boolean) => {
      await sleep(400);
      const from = heard.length;
      const at = performance.now();
      change();
      await sleep(400);
      const delivered = heard.slice(from);
      return { took: (delivered.find((h) => wanted(h.level))?.at ?? Number.POSITIVE_INFINITY) - at, delivered };
    };
    try {
      const rise = await after(
        () => gain.gain.setValueAtTime(0.5, context.currentTime),
        (level) => level === 1,
      );
      const fall = await after(
        () => gain.gain.setValueAtTime(0, context.currentTime),
        (level) => level === 0,
      );
      // A window is 43 ms and the one the change falls in may end at once; the path to the main thread adds
      // ~15 ms. A rise goes with that window (a rise that waited for a second window would take 100+), a fall
      // with the next full window, once the one after confirms it (~130 ms).
      expect(rise.took).toBeLessThan(85);
      expect(fall.took).toBeLessThan(180);
      // A steady tone (level 1) and steady silence: the change, then nothing but the ~0.5 s re-send.
      expect(rise.delivered.length).toBeLessThanOrEqual(2);
      expect(fall.delivered.length).toBeLessThanOrEqual(2);
    } finally {
      unsubscribe();
      meter.dispose();
      tone.stop();
    }
  });

  it('meters many tracks on one processor, each with its own level', async () => {
    const meters = [mic, silentTrack(context), mic.clone(), silentTrack(context)].map((track) => createLevelMeter({ context, track }));
    const heard = meters.map(() => [] as number[]);
    const offs = meters.map((meter, i) => meter.subscribe((level) => heard[i]!.push(level)));
    await sleep(1200);
    for (const off of offs) off();
    for (const meter of meters) meter.dispose();
    expect(Math.max(...heard[0]!)).toBeGreaterThan(0.05);
    expect(Math.max(...heard[2]!)).toBeGreaterThan(0.05);
    expect(Math.max(...heard[1]!)).toBe(0);
    expect(Math.max(...heard[3]!)).toBe(0);
    expect(heard[1]!.length).toBeGreaterThanOrEqual(1); // silence is said once
  });

  it('falls to 0 when the track ends or the context is suspended, though no processor value says so', async () => {
    const ending = mic.clone();
    const meter = createLevelMeter({ context, track: ending });
    const levels: number[] = [];
    const unsubscribe = meter.subscribe((level) => levels.push(level));
    await sleep(600);
    expect(Math.max(...levels)).toBeGreaterThan(0.05);
    ending.stop();
    await sleep(300);
    expect(levels.at(-1)).toBe(0);

    const beeping = createLevelMeter({ context, track: mic });
    const heard: number[] = [];
    const stopHearing = beeping.subscribe((level) => heard.push(level));
    try {
      await sleep(600);
      expect(Math.max(...heard)).toBeGreaterThan(0.05);
      await context.suspend();
      await sleep(200);
      const count = heard.length;
      expect(heard.at(-1)).toBe(0);
      await sleep(300);
      expect(heard.length).toBe(count); // suspended: nothing more arrives
    } finally {
      await context.resume();
      stopHearing();
      unsubscribe();
      beeping.dispose();
      meter.dispose();
    }
  });
});
