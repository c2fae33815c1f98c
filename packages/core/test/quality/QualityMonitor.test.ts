import { describe, expect, it } from 'vitest';
import { createQualityMonitor, type QualityMonitorOptions } from '../../src/quality/QualityMonitor';
import type { StatsReport } from '../../src/quality/sampleFromStats';
import type { QualitySample, QualityWarningName } from '../../src/quality/types';
import { beepReports, silentReports } from './helpers';

/** A monitor on a scripted getStats and a hand-driven clock and interval. */
function setup(reports: StatsReport[], options: Partial<QualityMonitorOptions> = {}) {
  let clock = 0;
  let tick: (() => void) | undefined;
  const calls: { resolve(report: StatsReport): void; reject(error: unknown): void }[] = [];
  const samples: QualitySample[] = [];
  const events: string[] = [];
  const errors: unknown[] = [];
  let next = 0;
  const monitor = createQualityMonitor({
    getStats: () => new Promise((resolve, reject) => calls.push({ resolve, reject })),
    now: () => clock,
    setInterval: (cb, ms) => {
      expect(ms).toBe(1000);
      tick = cb;
      return 42;
    },
    clearInterval: (id) => {
      expect(id).toBe(42);
      tick = undefined;
    },
    onSample: (s) => samples.push(s),
    onWarning: (n: QualityWarningName) => events.push(`${n}+`),
    onWarningCleared: (n: QualityWarningName) => events.push(`${n}-`),
    onError: (e) => errors.push(e),
    ...options,
  });
  const flush = () => new Promise((r) => setTimeout(r, 0));
  return {
    monitor,
    calls,
    samples,
    events,
    errors,
    get ticking() {
      return tick !== undefined;
    },
    /** Answers the pending getStats with the next recorded report. */
    async answer() {
      calls.at(-1)!.resolve(reports[next++]!);
      await flush();
    },
    /** Advances the clock without firing the interval. */
    wait(ms: number) {
      clock += ms;
    },
    /** Advances the clock one second and fires the interval. */
    second() {
      clock += 1000;
      tick?.();
    },
    flush,
  };
}

describe('createQualityMonitor', () => {
  it('does nothing until started, takes a baseline at start, then one sample per tick', async () => {
    const t = setup(beepReports);
    expect(t.calls.length).toBe(0);
    expect(t.ticking).toBe(false);
    t.monitor.start();
    expect(t.calls.length).toBe(1);
    await t.answer();
    expect(t.samples).toEqual([]); // the baseline gives no sample
    for (let i = 0; i < 4; i++) {
      t.second();
      await t.answer();
    }
    expect(t.samples.length).toBe(4);
    expect(t.samples.map((s) => s.totals.packetsReceived)).toEqual(
      [...t.samples.map((s) => s.totals.packetsReceived)].sort((a, b) => a - b),
    );
    expect(t.samples.every((s) => (s.mos ?? 0) > 4)).toBe(true);
    expect(t.monitor.summary()).toMatchObject({ samples: 4, warningsRaised: [] });
  });

  it('stops polling on stop(), and ignores a getStats that settles after it', async () => {
    const t = setup(beepReports);
    t.monitor.start();
    await t.answer();
    t.second();
    t.monitor.stop();
    expect(t.ticking).toBe(false);
    expect(t.monitor.running).toBe(false);
    await t.answer(); // the pending one settles late
    expect(t.samples).toEqual([]);
    t.second();
    expect(t.calls.length).toBe(2);
  });

  it('never has two getStats in flight: a slow one makes ticks skip', async () => {
    const t = setup(beepReports);
    t.monitor.start();
    t.second();
    t.second();
    expect(t.calls.length).toBe(1);
    await t.answer();
    t.second();
    expect(t.calls.length).toBe(2);
  });

  it('reports a rejected getStats through onError and carries on', async () => {
    const t = setup(beepReports);
    t.monitor.start();
    await t.answer();
    t.second();
    const failure = new Error('getStats failed');
    t.calls.at(-1)!.reject(failure);
    await t.flush();
    expect(t.errors).toEqual([failure]);
    t.second();
    await t.answer();
    expect(t.samples.length).toBe(1);
  });

  it('raises nothing in the first 5 s of monitoring', async () => {
    const t = setup(silentReports);
    t.monitor.start();
    await t.answer();
    for (let i = 0; i < 4; i++) {
      t.second();
      await t.answer();
    }
    expect(t.samples.length).toBe(4);
    expect(t.events).toEqual([]);
  });

  it.each([
    [false, ['constant-audio-input-level+']],
    [true, []],
  ])('past the grace period, a silent microphone with muted=%s raises %j (context read at each sample)', async (muted, expected) => {
    const t = setup(silentReports, { context: () => ({ muted, held: false }) });
    t.monitor.start();
    await t.answer();
    t.wait(5000);
    for (let i = 0; i < 5; i++) {
      t.second();
      await t.answer();
    }
    expect(t.events).toEqual(expected);
    expect(t.monitor.summary().warningsRaised).toEqual(expected.map((e) => e.slice(0, -1)));
  });

  it('start() and stop() are idempotent', async () => {
    const t = setup(beepReports);
    t.monitor.start();
    t.monitor.start();
    expect(t.calls.length).toBe(1);
    t.monitor.stop();
    t.monitor.stop();
    expect(t.monitor.running).toBe(false);
  });
});
