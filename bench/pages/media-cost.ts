// Bench page: an echo call on the sandbox line; handset's per-call media work is timed directly.
// Each mode runs the same pieces the media kit uses (createLevelMeter, createQualityMonitor), with
// their callbacks timed by performance.now() (5 µs resolution: the page is cross-origin isolated).
import { createPhone } from '@handset/core';
import { browserMedia, createQualityMonitor } from '@handset/core/media';
import { sandbox } from '@handset/sandbox';

type Mode = 'handset' | 'empty-raf' | 'twilio-style';
export interface Timing {
  readonly busyMs: number;
  readonly calls: number;
  /** ms, the slowest timed callback (setInterval polls). */
  readonly slowest: number;
  readonly samples: number;
  readonly isolated: boolean;
}

/**
 * Bench-only instrumentation, installed before anything runs: times every requestAnimationFrame
 * callback and every MessagePort message handler while `instrument.on` is set.
 */
const instrument: { on: ((ms: number) => void) | null } = { on: null };
export const breakdown = { raf: 0, rafN: 0, register: 0, msg: 0, msgN: 0, msgMax: 0, quality: 0, qualityN: 0 };
const rawRaf = window.requestAnimationFrame.bind(window);
/** Time spent inside requestAnimationFrame() itself (registering the next frame), counted apart. */
let registering = 0;
window.requestAnimationFrame = (callback) => {
  const asked = performance.now();
  const handle = rawRaf((time) => {
    const registeredBefore = registering;
    const started = performance.now();
    callback(time);
    const spent = performance.now() - started - (registering - registeredBefore);
    if (instrument.on) {
      breakdown.raf += spent;
      breakdown.rafN++;
    }
    instrument.on?.(spent);
  });
  const took = performance.now() - asked;
  registering += took;
  if (instrument.on) breakdown.register += took;
  return handle;
};
const onmessage = Object.getOwnPropertyDescriptor(MessagePort.prototype, 'onmessage')!;
Object.defineProperty(MessagePort.prototype, 'onmessage', {
  ...onmessage,
  set(handler: ((event: MessageEvent) => void) | null) {
    onmessage.set!.call(
      this,
      handler &&
        ((event: MessageEvent) => {
          const started = performance.now();
          handler.call(this, event);
          const spent = performance.now() - started;
          if (instrument.on) {
            breakdown.msg += spent;
            breakdown.msgN++;
            breakdown.msgMax = Math.max(breakdown.msgMax, spent);
          }
          instrument.on?.(spent);
        }),
    );
  },
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const levels = { input: 0, output: 0 };

async function run(mode: Mode, seconds: number): Promise<Timing & { breakdown: typeof breakdown }> {
  Object.assign(breakdown, { raf: 0, rafN: 0, register: 0, msg: 0, msgN: 0, msgMax: 0, quality: 0, qualityN: 0 });
  const media = browserMedia({ quality: false });
  const phone = createPhone({ line: sandbox({ channel: `bench-${Math.random()}` }), media });
  await phone.connect();
  const call = phone.call('echo');
  await new Promise<void>((resolve) => call.on('accept', () => resolve()));
  const context = media.audio.get();
  const tracks = [call.getLocalStream()?.getAudioTracks()[0], call.getRemoteStream()?.getAudioTracks()[0]] as MediaStreamTrack[];
  let busyMs = 0;
  let calls = 0;
  let slowest = 0;
  let samples = 0;
  const timed =
    <A extends unknown[]>(fn: (...args: A) => void) =>
    (...args: A) => {
      const started = performance.now();
      fn(...args);
      const spent = performance.now() - started;
      busyMs += spent;
      calls++;
      slowest = Math.max(slowest, spent);
    };
  const stops: Array<() => void> = [];

  if (mode === 'handset') {
    // The kit's own meters on both sides (one shared animation-frame loop, RMS on the audio thread):
    // their per-frame callbacks and their worklet messages are timed by the instrumentation below.
    instrument.on = (ms) => {
      busyMs += ms;
      calls++;
    };
    for (const side of ['input', 'output'] as const) {
      const meter = media.callMeter(call, side);
      if (meter) stops.push(meter.subscribe((level) => (levels[side] = level)));
    }
    stops.push(() => (instrument.on = null));
    // Quality once a second: time from the report's arrival to the end of sample + warnings + callbacks.
    const pc = call.peerConnection as RTCPeerConnection;
    let arrived = 0;
    const monitor = createQualityMonitor({
      getStats: () =>
        pc.getStats().then((report) => {
          arrived = performance.now();
          return report;
        }),
      onSample: () => {
        samples++;
        queueMicrotask(() => {
          busyMs += performance.now() - arrived;
          breakdown.quality += performance.now() - arrived;
          breakdown.qualityN++;
        });
      },
      onError: () => {},
    });
    monitor.start();
    stops.push(() => monitor.stop());
  } else if (mode === 'empty-raf') {
    // Calibration: an empty rAF loop under the same instrumentation.
    instrument.on = (ms) => {
      busyMs += ms;
      calls++;
    };
    let handle = requestAnimationFrame(function tick() {
      handle = requestAnimationFrame(tick);
    });
    stops.push(() => {
      cancelAnimationFrame(handle);
      instrument.on = null;
    });
  } else {
    // Twilio's SDK way: an AnalyserNode per side, polled by setInterval at 20 Hz, averaging byte frequency data.
    const analysers = tracks.map((track) => {
      const analyser = context.createAnalyser();
      analyser.fftSize = 32;
      analyser.smoothingTimeConstant = 0.4;
      context.createMediaStreamSource(new MediaStream([track])).connect(analyser);
      return analyser;
    });
    const buffer = new Uint8Array(16);
    const timer = setInterval(
      timed(() => {
        for (const [i, analyser] of analysers.entries()) {
          analyser.getByteFrequencyData(buffer);
          let sum = 0;
          for (const value of buffer) sum += value;
          levels[i === 0 ? 'input' : 'output'] = sum / buffer.length;
        }
      }),
      50,
    );
    stops.push(() => clearInterval(timer));
  }
  await sleep(seconds * 1000);
  for (const stop of stops) stop();
  call.hangup();
  phone.dispose();
  return { busyMs, calls, slowest, samples, isolated: crossOriginIsolated, breakdown: { ...breakdown } };
}

Object.assign(window, { bench: { run, breakdown } });
