/**
 * Issue #21, 3: a call whose media never flowed (a DTLS handshake that never finished) was scored
 * MOS 4.43, "excellent", beside the low-bytes warnings. A sample in which no packet arrived has no MOS
 * and no level (the MOS scores what the user hears); the summary says the call carried no audio.
 */
import { describe, expect, it } from 'vitest';
import { qualityLevel } from '../../src/quality/level';
import { sampleFromStats } from '../../src/quality/sampleFromStats';
import { createQualitySummary } from '../../src/quality/summary';
import { createWarningMonitor } from '../../src/quality/warnings';
import { goodSample } from './helpers';

/** A report of a connected call (ICE up, rtt known) whose RTP counters stand at `received` / `sent`. */
const report = (ms: number, received: number, sent: number) =>
  new Map(
    [
      { id: 'T', type: 'transport', selectedCandidatePairId: 'CP', iceState: 'connected' },
      { id: 'CP', type: 'candidate-pair', state: 'succeeded', nominated: true, currentRoundTripTime: 0.002 },
      { id: 'C', type: 'codec', mimeType: 'audio/opus' },
      {
        id: 'IN',
        type: 'inbound-rtp',
        kind: 'audio',
        codecId: 'C',
        timestamp: ms,
        jitter: 0,
        packetsReceived: received,
        bytesReceived: received * 80,
      },
      { id: 'OUT', type: 'outbound-rtp', kind: 'audio', codecId: 'C', timestamp: ms, packetsSent: sent, bytesSent: sent * 80 },
    ].map((s) => [s.id, s]),
  );

describe('a sample in which no packet arrived', () => {
  it('has no MOS and no level, however good the network figures (ICE up, 2 ms rtt, no loss)', () => {
    const { sample, iceConnected } = sampleFromStats(report(1000, 0, 0), report(2000, 0, 0));
    expect(iceConnected).toBe(true);
    expect([sample.packetsReceived, sample.packetsSent, sample.packetsLostFraction]).toEqual([0, 0, 0]);
    expect(sample.mos).toBeNull();
    expect(qualityLevel(sample.mos)).toBeNull();
  });

  it('counts that stopped mid-call lose their MOS too; packets sent alone do not make one, packets received do', () => {
    expect(sampleFromStats(report(1000, 500, 500), report(2000, 500, 500)).sample.mos).toBeNull();
    expect(sampleFromStats(report(1000, 500, 500), report(2000, 500, 550)).sample.mos).toBeNull();
    expect(sampleFromStats(report(1000, 500, 500), report(2000, 550, 500)).sample.mos).toBeGreaterThan(4);
  });

  it('raises the low-bytes warnings but not low-mos', () => {
    const monitor = createWarningMonitor();
    const raised: string[] = [];
    for (let i = 0; i < 10; i++) {
      const silent = goodSample({ mos: null, bytesReceived: 0, bytesSent: 0, packetsReceived: 0, packetsSent: 0 });
      raised.push(...monitor.step({ sample: silent, iceConnected: true, elapsedMs: 5000 + i * 1000, muted: false, held: false }).raised);
    }
    expect(raised).toContain('low-bytes-received');
    expect(raised).toContain('low-bytes-sent');
    expect(raised).not.toContain('low-mos');
  });
});

describe('the summary of a call', () => {
  it('that never carried audio says so, with no MOS', () => {
    const summary = createQualitySummary();
    for (let i = 0; i < 7; i++) summary.addSample(goodSample({ mos: null, packetsReceived: 0, packetsSent: 0 }));
    expect(summary.result()).toMatchObject({ averageMos: null, worstMos: null, samples: 7, noAudio: true });
  });

  it('that carried audio part of the time scores only the samples with audio', () => {
    const summary = createQualitySummary();
    summary.addSample(goodSample({ mos: null, packetsReceived: 0, packetsSent: 0 }));
    summary.addSample(goodSample({ mos: 4 }));
    summary.addSample(goodSample({ mos: 3 }));
    const result = summary.result();
    expect(result.averageMos).toBeCloseTo(3.5, 10);
    expect(result.worstMos).toBe(3);
    expect(result.samples).toBe(3);
    expect(result.noAudio).toBeUndefined();
  });
});
