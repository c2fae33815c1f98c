import { expect, it } from 'vitest';
import { createQualityMonitor } from '../../src/quality/QualityMonitor';
import { sampleFromStats } from '../../src/quality/sampleFromStats';
import type { QualitySample } from '../../src/quality/types';
import { createWarningMonitor } from '../../src/quality/warnings';
import { openLoopback, sleep } from './loopback';

it('samples a real loopback call once a second: rising packet counts, MOS above 4, opus', async () => {
  const loop = await openLoopback();
  const samples: QualitySample[] = [];
  const errors: unknown[] = [];
  const monitor = createQualityMonitor({
    getStats: () => loop.caller.getStats(),
    onSample: (sample) => samples.push(sample),
    onError: (error) => errors.push(error),
  });
  try {
    monitor.start();
    await sleep(3500);
    monitor.stop();
    await sleep(1200);
    expect(errors).toEqual([]);
    expect(samples.length).toBe(3); // t = 1, 2, 3 s; none after stop()
    for (const sample of samples) {
      expect(sample.mos).toBeGreaterThan(4);
      expect(sample.codecName).toBe('opus');
      expect(sample.packetsReceived).toBeGreaterThan(40);
      expect(sample.packetsSent).toBeGreaterThan(40);
    }
    for (let i = 1; i < samples.length; i++) {
      expect(samples[i]!.totals.packetsReceived).toBeGreaterThan(samples[i - 1]!.totals.packetsReceived);
      expect(samples[i]!.totals.packetsSent).toBeGreaterThan(samples[i - 1]!.totals.packetsSent);
      expect(samples[i]!.timestamp - samples[i - 1]!.timestamp).toBeGreaterThan(800);
      expect(samples[i]!.timestamp - samples[i - 1]!.timestamp).toBeLessThan(1300);
    }
    expect(monitor.summary()).toMatchObject({ samples: 3, warningsRaised: [] });
    expect(monitor.summary().averageMos).toBeGreaterThan(4);
  } finally {
    monitor.stop();
    loop.close();
  }
});

it('measures what one sample costs on the main thread', async () => {
  const loop = await openLoopback();
  try {
    await sleep(1000);
    // Fresh reports, each read once as current and once as previous, as the monitor does (reading is the costly part).
    const reports: RTCStatsReport[] = [];
    let getStatsMs = 0;
    for (let i = 0; i <= 200; i++) {
      const start = performance.now();
      reports.push(await loop.caller.getStats());
      getStatsMs += performance.now() - start;
    }
    const warnings = createWarningMonitor();
    const start = performance.now();
    for (let i = 1; i < reports.length; i++) {
      const { sample, iceConnected } = sampleFromStats(reports[i - 1], reports[i]!);
      warnings.step({ sample, iceConnected, muted: false, held: false, elapsedMs: 5000 + i * 1000 });
    }
    const perSample = (performance.now() - start) / (reports.length - 1);
    console.log(
      `quality sampling: ${perSample.toFixed(4)} ms per sample (sampleFromStats + warnings); getStats() resolves in ${(getStatsMs / reports.length).toFixed(2)} ms (wall time, mostly off the main thread)`,
    );
    expect(perSample).toBeLessThan(1);
  } finally {
    loop.close();
  }
});
