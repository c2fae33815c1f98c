import { describe, expect, it } from 'vitest';
import type { QualitySample, QualityWarningName } from '../../src/quality/types';
import { createWarningMonitor, type WarningInput } from '../../src/quality/warnings';
import { goodSample } from './helpers';

type Step = Partial<Omit<WarningInput, 'sample'>> & { sample?: Partial<QualitySample> };

/** Runs steps one second apart from `startMs`; returns, per step, 'name+' for raised and 'name-' for cleared. */
function run(steps: Step[], options: { startMs?: number; intervalMs?: number; thresholds?: object } = {}): string[][] {
  const monitor = createWarningMonitor(options.thresholds);
  return steps.map((step, i) => {
    const { raised, cleared } = monitor.step({
      muted: false,
      held: false,
      iceConnected: true,
      elapsedMs: (options.startMs ?? 5000) + i * (options.intervalMs ?? 1000),
      ...step,
      sample: goodSample(step.sample),
    });
    return [...raised.map((n) => `${n}+`), ...cleared.map((n) => `${n}-`)];
  });
}

const X: Step = { sample: { rtt: 500 } }; // crosses high-rtt only
const O: Step = {};
/** Indexes of the steps where `event` happened. */
const at = (events: string[][], event: string) => events.flatMap((e, i) => (e.includes(event) ? [i] : []));

describe('WarningMonitor hysteresis', () => {
  it.each<[string, Step[], number[], number[]]>([
    // pattern, steps, raised at, cleared at
    ['3 crossings in a row raise on the third', [X, X, X], [2], []],
    ['3 of 5 (not consecutive) raise on the fifth', [X, O, X, O, X], [4], []],
    ['2 of 5, repeatedly, never raise', [X, X, O, O, O, X, X, O, O, O, X, X], [], []],
    ['a window sliding past 3 crossings: X X O O X raises only when 3 are in the last 5', [X, X, O, O, X, O, X], [4], []],
    // Raised at step 2 (t=7 s). Steps 3..7 are clean: the window is all clean at step 7 (t=12 s, 5 s after raising).
    ['cleared when the last 5 are clean, 5 s after raising', [X, X, X, O, O, O, O, O, O], [2], [7]],
    ['one crossing among the clean ones delays the clearing', [X, X, X, O, O, X, O, O, O, O, O, O], [2], [10]],
    ['raised again after clearing', [X, X, X, O, O, O, O, O, X, X, X], [2, 10], [7]],
  ])('%s', (_name, steps, raised, cleared) => {
    const events = run(steps);
    expect(at(events, 'high-rtt+')).toEqual(raised);
    expect(at(events, 'high-rtt-')).toEqual(cleared);
    expect(events.flat().filter((e) => !e.startsWith('high-rtt'))).toEqual([]);
  });

  it('does not clear within 5 s of raising even when 5 clean samples come sooner (2 samples a second)', () => {
    // t = 5.0, 5.5, 6.0 → raised at 6.0 s; 5 clean samples by 8.5 s, but the clearing waits until 11.0 s.
    const events = run([X, X, X, O, O, O, O, O, O, O, O, O, O], { intervalMs: 500 });
    expect(at(events, 'high-rtt+')).toEqual([2]);
    expect(at(events, 'high-rtt-')).toEqual([12]); // 5000 + 12 * 500 = 11000 = 6000 + 5000
  });

  it('raises nothing in the first 5 s and does not count those samples', () => {
    // 5 crossings at t = 0..4 s are ignored; counting starts at 5 s, so the third counted crossing (7 s) raises.
    const events = run([X, X, X, X, X, X, X, X], { startMs: 0 });
    expect(at(events, 'high-rtt+')).toEqual([7]);
  });

  it('uses overridden thresholds', () => {
    const step: Step = { sample: { rtt: 150 } };
    expect(at(run([step, step, step]), 'high-rtt+')).toEqual([]);
    expect(at(run([step, step, step], { thresholds: { maxRtt: 100 } }), 'high-rtt+')).toEqual([2]);
  });
});

describe('WarningMonitor thresholds', () => {
  // warning, a sample (or input) that crosses, one just at the threshold that does not
  it.each<[QualityWarningName, Step, Step]>([
    ['high-rtt', { sample: { rtt: 401 } }, { sample: { rtt: 400 } }],
    ['high-jitter', { sample: { jitter: 30.5 } }, { sample: { jitter: 30 } }],
    ['high-packet-loss', { sample: { packetsLostFraction: 1.5 } }, { sample: { packetsLostFraction: 1 } }],
    ['high-packet-loss', { sample: { outboundPacketsLostFraction: 1.5 } }, { sample: { outboundPacketsLostFraction: 1 } }],
    ['low-mos', { sample: { mos: 3.49 } }, { sample: { mos: 3.5 } }],
    ['low-bytes-received', { sample: { bytesReceived: 0 } }, { sample: { bytesReceived: 1 } }],
    ['low-bytes-sent', { sample: { bytesSent: 0 } }, { sample: { bytesSent: 1 } }],
    ['low-inbound-audio', { sample: { audioOutputLevel: 1 } }, { sample: { audioOutputLevel: 2 } }],
    ['constant-audio-input-level', { sample: { audioInputLevel: 1 } }, { sample: { audioInputLevel: 2 } }],
  ])('%s', (name, crossing, notCrossing) => {
    expect(run([crossing, crossing, crossing])[2]).toEqual([`${name}+`]);
    expect(run([notCrossing, notCrossing, notCrossing]).flat()).toEqual([]);
  });

  it('ice-connectivity-lost on the first sample that shows ICE lost (Chromium waits some 5 s before it says so)', () => {
    const lost: Step = { iceConnected: false };
    const back: Step = { iceConnected: true };
    expect(run([back, lost, back])).toEqual([[], ['ice-connectivity-lost+'], []]);
    expect(run([back, back, back]).flat()).toEqual([]);
  });

  it('low-inbound-audio needs packets to arrive (no packets is low-bytes-received instead)', () => {
    const nothing: Step = { sample: { audioOutputLevel: 0, packetsReceived: 0, bytesReceived: 0 } };
    expect(run([nothing, nothing, nothing])[2]).toEqual(['low-bytes-received+']);
  });
});

describe('WarningMonitor while muted or held', () => {
  const silentMic: Step = { sample: { audioInputLevel: 0, bytesSent: 0 } };

  it('raises neither constant-audio-input-level nor low-bytes-sent while muted, for as long as it lasts', () => {
    const events = run(Array.from({ length: 15 }, () => ({ ...silentMic, muted: true })));
    expect(events.flat()).toEqual([]);
  });

  it('raises both for the same samples when not muted', () => {
    expect(run([silentMic, silentMic, silentMic])[2]).toEqual(['low-bytes-sent+', 'constant-audio-input-level+']);
  });

  it('still raises the other warnings while muted', () => {
    const lossy: Step = { muted: true, sample: { packetsLostFraction: 5 } };
    expect(run([lossy, lossy, lossy])[2]).toEqual(['high-packet-loss+']);
  });

  it('clears a warning once muting makes it meaningless (muted samples count as not crossing)', () => {
    const events = run([silentMic, silentMic, silentMic, ...Array.from({ length: 5 }, () => ({ ...silentMic, muted: true }))]);
    expect(events[7]).toEqual(['low-bytes-sent-', 'constant-audio-input-level-']);
  });

  it('raises no traffic warning while held, but still high-rtt and ice-connectivity-lost', () => {
    const frozen: Step = {
      held: true,
      iceConnected: false,
      sample: {
        rtt: 500,
        jitter: 50,
        mos: 2,
        packetsLostFraction: 10,
        bytesReceived: 0,
        bytesSent: 0,
        audioInputLevel: 0,
        audioOutputLevel: 0,
      },
    };
    expect(run([frozen, frozen, frozen, frozen, frozen, frozen])).toEqual([['ice-connectivity-lost+'], [], ['high-rtt+'], [], [], []]);
  });

  it('keeps the set of active warnings', () => {
    const monitor = createWarningMonitor();
    const input = { muted: false, held: false, iceConnected: false, sample: goodSample() };
    for (let t = 5000; t <= 7000; t += 1000) monitor.step({ ...input, elapsedMs: t });
    expect([...monitor.active]).toEqual(['ice-connectivity-lost']);
  });
});
