import { describe, expect, it } from 'vitest';
import { computeMos } from '../../src/quality/mos';
import { sampleFromStats } from '../../src/quality/sampleFromStats';
import type { QualitySample } from '../../src/quality/types';
import { createWarningMonitor } from '../../src/quality/warnings';
import { beepReports, deadReports, mutedReports, silenceReceivedReports, silentReports, type toReport } from './helpers';

/** Samples from each pair of successive recorded reports. */
const samplesOf = (reports: ReturnType<typeof toReport>[]) => reports.slice(1).map((report, i) => sampleFromStats(reports[i], report));

function numbers(sample: QualitySample): number[] {
  return Object.values({ ...sample, ...sample.totals }).filter((v): v is number => typeof v === 'number');
}

describe('sampleFromStats on recorded Chromium loopback reports', () => {
  const samples = samplesOf(beepReports);

  it('gives about 50 packets a second each way (Opus, 20 ms frames) with rising totals', () => {
    for (const { sample } of samples) {
      expect(sample.packetsReceived).toBeGreaterThan(40);
      expect(sample.packetsReceived).toBeLessThan(60);
      expect(sample.packetsSent).toBeGreaterThan(40);
      expect(sample.packetsSent).toBeLessThan(60);
      expect(sample.bytesReceived).toBeGreaterThan(1000);
      expect(sample.bytesSent).toBeGreaterThan(1000);
    }
    const totals = samples.map((s) => s.sample.totals.packetsReceived);
    for (let i = 1; i < totals.length; i++) expect(totals[i]).toBeGreaterThan(totals[i - 1]!);
    expect(samples.map((s) => s.sample.totals.packetsSent)).toEqual(
      [...samples.map((s) => s.sample.totals.packetsSent)].sort((a, b) => a - b),
    );
  });

  it('scores loopback above MOS 4, with opus, low rtt and jitter, no loss, ICE connected', () => {
    for (const { sample, iceConnected } of samples) {
      expect(sample.mos).toBeGreaterThan(4);
      expect(sample.codecName).toBe('opus');
      expect(sample.rtt).toBeGreaterThanOrEqual(0); // loopback: 0-11 ms in the recording
      expect(sample.rtt).toBeLessThan(20);
      expect(sample.jitter).toBeLessThan(10);
      expect(sample.packetsLostFraction).toBe(0);
      expect(iceConnected).toBe(true);
      expect(numbers(sample).every(Number.isFinite)).toBe(true);
    }
  });

  it('takes rtt from RTCP when it has one, else from the selected candidate pair', () => {
    let fromPair = 0;
    beepReports.slice(1).forEach((report, i) => {
      const stats = [...report.values()] as Record<string, unknown>[];
      const rtcp = stats.find((s) => s.type === 'remote-inbound-rtp')?.roundTripTime as number | undefined;
      const transport = stats.find((s) => s.type === 'transport')!;
      const pair = report.get(transport.selectedCandidatePairId as string) as { currentRoundTripTime: number };
      if (!rtcp && pair.currentRoundTripTime > 0) fromPair++;
      expect(samples[i]!.sample.rtt).toBeCloseTo(1000 * (rtcp || pair.currentRoundTripTime), 9);
    });
    expect(fromPair).toBeGreaterThan(0); // the recording has reports where only the pair knows the rtt
  });

  it('reads the beeping microphone and the played-out remote beep above silence', () => {
    for (const { sample } of samples) {
      expect(sample.audioInputLevel).toBeGreaterThan(100);
      expect(sample.audioOutputLevel).toBeGreaterThan(100);
    }
  });

  it('reads the microphone as 0 once its track is disabled, while received audio goes on', () => {
    for (const { sample } of samplesOf(mutedReports)) {
      expect(sample.audioInputLevel).toBe(0);
      expect(sample.audioOutputLevel).toBeGreaterThan(100);
      expect(sample.packetsSent).toBeGreaterThan(40); // Chromium keeps sending (silence) while the track is disabled
    }
  });

  it('reads a live, enabled, silent microphone as 0', () => {
    for (const { sample } of samplesOf(silentReports)) expect(sample.audioInputLevel).toBe(0);
  });
});

describe('reading few stats', () => {
  /** A report that counts the stats read out of it, as an RTCStatsReport turns each into an object. */
  const counted = (report: ReturnType<typeof toReport>) => {
    const reads = { count: 0 };
    const wrapped = {
      size: report.size,
      get(id: string) {
        reads.count++;
        return report.get(id);
      },
      forEach(fn: (value: unknown) => void) {
        report.forEach((value) => {
          reads.count++;
          fn(value);
        });
      },
    } as unknown as ReturnType<typeof toReport>;
    return { wrapped, reads };
  };

  it('reads only the stats it uses once the previous report showed their ids, with the same sample', () => {
    const [first, second, third] = beepReports.slice(3, 6).map(counted);
    const unguided = sampleFromStats(first!.wrapped, second!.wrapped);
    const guided = sampleFromStats(second!.wrapped, third!.wrapped);
    expect(second!.reads.count).toBeGreaterThanOrEqual(beepReports[4]!.size); // nothing to go by: every stat
    expect(first!.reads.count).toBeLessThanOrEqual(3); // of the previous report, only the streams compared
    expect(unguided).toEqual(sampleFromStats(beepReports[3], beepReports[4]!)); // as when both are read whole
    // Five stats, and the pair while RTCP has no rtt (loopback); the codec is not read again under the same id.
    expect(third!.reads.count).toBeLessThanOrEqual(6);
    expect(third!.reads.count).toBeLessThan(beepReports[5]!.size / 2);
    expect(guided).toEqual(sampleFromStats(beepReports[4], beepReports[5]!));
  });

  it('before RTCP has come back (no remoteId), reads a report whole again only once it has grown', () => {
    const [early, later] = beepReports.slice(0, 2);
    expect(
      ([...later!.values()] as { type: string; remoteId?: string }[]).find((s) => s.type === 'outbound-rtp')?.remoteId,
    ).toBeUndefined();
    const remoteInbound = { id: 'RIA', type: 'remote-inbound-rtp', kind: 'audio', roundTripTime: 0.03, fractionLost: 0 };
    const same = counted(new Map(later!));
    const grown = counted(new Map([...later!, ['RIA', remoteInbound]]));
    sampleFromStats(early, later!);
    sampleFromStats(later, same.wrapped);
    expect(same.reads.count).toBeLessThanOrEqual(7);
    const { sample } = sampleFromStats(later, grown.wrapped);
    expect(grown.reads.count).toBeGreaterThanOrEqual(later!.size + 1);
    expect(sample.rtt).toBeCloseTo(30, 9); // the new remote-inbound-rtp found
  });

  it('reads the codec once per codec id, and the candidate pair only when RTCP has no rtt', () => {
    const rtcp = { id: 'R', type: 'remote-inbound-rtp', kind: 'audio', roundTripTime: 0.02 };
    const report = (ms: number, codecId: string, extra: object[] = []) =>
      new Map(
        [
          { id: 'T', type: 'transport', selectedCandidatePairId: 'CP', iceState: 'connected' },
          { id: 'CP', type: 'candidate-pair', state: 'succeeded', nominated: true, currentRoundTripTime: 0.05 },
          { id: 'C1', type: 'codec', mimeType: 'audio/opus' },
          { id: 'C2', type: 'codec', mimeType: 'audio/PCMU' },
          { id: 'IN', type: 'inbound-rtp', kind: 'audio', codecId, timestamp: ms, packetsReceived: ms / 20 },
          { id: 'OUT', type: 'outbound-rtp', kind: 'audio', codecId, timestamp: ms, remoteId: 'R', transportId: 'T' },
          ...extra,
        ].map((s) => [(s as { id: string }).id, s]),
      );
    const reports = [
      report(1000, 'C1', [rtcp]),
      report(2000, 'C1', [rtcp]),
      report(3000, 'C1', [rtcp]),
      report(4000, 'C2', [rtcp]),
      report(5000, 'C2'),
    ];
    /** The ids read out of each report by get(). */
    const reads = reports.map(() => [] as string[]);
    const recorded = reports.map(
      (r, i) =>
        ({
          get(id: string) {
            reads[i]!.push(id);
            return r.get(id);
          },
          forEach: r.forEach.bind(r),
        }) as unknown as typeof r,
    );
    const samples = recorded.slice(1).map((current, i) => sampleFromStats(recorded[i], current).sample);
    expect(samples.map((s) => s.codecName)).toEqual(['opus', 'opus', 'PCMU', 'PCMU']);
    expect(samples.map((s) => s.rtt)).toEqual([20, 20, 20, 50]); // the last without RTCP: the pair's
    expect(reads[1]).toContain('C1'); // first read under its id
    expect(reads[2]).toEqual(['IN', 'OUT', 'T', 'R']); // no codec, no pair (and no media source in these reports)
    expect(reads[3]).toContain('C2'); // a new id
    expect(reads[3]).not.toContain('CP');
    expect(reads[4]).toContain('CP');
  });

  it('reads every stat again when a stream it went by is gone (a new SSRC, say)', () => {
    const before = beepReports[3]!;
    const inboundId = [...before.values()].find((s) => (s as { type: string }).type === 'inbound-rtp') as { id: string };
    const after = new Map([...beepReports[4]!].filter(([id]) => id !== inboundId.id));
    const { wrapped, reads } = counted(after);
    sampleFromStats(before, wrapped);
    expect(reads.count).toBeGreaterThanOrEqual(after.size);
  });
});

describe('recorded reports through the warnings', () => {
  const feed = (reports: typeof beepReports, muted: boolean) => {
    const monitor = createWarningMonitor();
    return samplesOf(reports).flatMap(({ sample, iceConnected }, i) => {
      // As if these were seconds 5.. of the call (past the grace period).
      const { raised } = monitor.step({ sample, iceConnected, muted, held: false, elapsedMs: 5000 + i * 1000 });
      return raised;
    });
  };

  it('a healthy loopback call raises nothing', () => {
    expect(feed(beepReports, false)).toEqual([]);
  });

  it('a silent microphone that is not muted raises constant-audio-input-level', () => {
    expect(feed(silentReports, false)).toEqual(['constant-audio-input-level']);
  });

  it('the far side of that call, receiving packets of silence, raises low-inbound-audio', () => {
    for (const { sample } of samplesOf(silenceReceivedReports)) expect(sample.packetsReceived).toBeGreaterThan(40);
    expect(feed(silenceReceivedReports, false)).toEqual(['low-inbound-audio']);
  });

  it('a microphone that delivers no audio at all raises low-bytes-sent and constant-audio-input-level', () => {
    expect(feed(deadReports, false)).toEqual(['low-bytes-sent', 'constant-audio-input-level']);
  });

  it('the same silent microphone while muted raises nothing', () => {
    expect(feed(silentReports, true)).toEqual([]);
  });
});

describe('sampleFromStats on built reports', () => {
  const at = (ms: number, inbound: object, extra: object[] = []) =>
    new Map(
      [
        { id: 'T', type: 'transport', selectedCandidatePairId: 'CP', iceState: 'connected' },
        { id: 'CP', type: 'candidate-pair', state: 'succeeded', nominated: true, currentRoundTripTime: 0.05 },
        { id: 'C', type: 'codec', mimeType: 'audio/PCMU' },
        { id: 'IN', type: 'inbound-rtp', kind: 'audio', codecId: 'C', timestamp: ms, jitter: 0.015, ...inbound },
        { id: 'OUT', type: 'outbound-rtp', kind: 'audio', codecId: 'C', timestamp: ms, packetsSent: ms / 20, bytesSent: ms * 8 },
        ...extra,
      ].map((s) => [(s as { id: string }).id, s]),
    );
  const before = at(1000, { packetsReceived: 100, packetsLost: 0, bytesReceived: 8000, totalAudioEnergy: 1, totalSamplesDuration: 1 });
  const after = at(2000, { packetsReceived: 145, packetsLost: 5, bytesReceived: 15200, totalAudioEnergy: 1.25, totalSamplesDuration: 2 });

  it('turns counters into per-second deltas, loss into %, jitter and rtt into ms', () => {
    const { sample, iceConnected } = sampleFromStats(before, after);
    // 45 received + 5 lost in 1 s → 5 / 50 = 10 %; energy 0.25 over 1 s → RMS 0.5 → 0.5 * 32767 = 16383.5 → 16384
    expect(sample).toMatchObject({
      packetsReceived: 45,
      packetsLost: 5,
      packetsLostFraction: 10,
      bytesReceived: 7200,
      packetsSent: 50,
      bytesSent: 8000,
      jitter: 15,
      rtt: 50, // no RTCP yet: the candidate pair's currentRoundTripTime
      audioOutputLevel: 16384,
      audioInputLevel: 0,
      codecName: 'PCMU',
      timestamp: 2000,
      totals: { packetsReceived: 145, packetsLost: 5, packetsSent: 100, bytesReceived: 15200, bytesSent: 16000 },
    });
    expect(sample.totals.packetsLostFraction).toBeCloseTo((100 * 5) / 150, 10);
    expect(sample.mos).toBe(computeMos(50, 15, 10));
    expect(iceConnected).toBe(true);
  });

  it('divides by the real time between reports', () => {
    const later = at(3000, { packetsReceived: 145, packetsLost: 5, bytesReceived: 15200 });
    expect(sampleFromStats(before, later).sample).toMatchObject({ packetsReceived: 22.5, packetsLost: 2.5, packetsLostFraction: 10 });
  });

  it('prefers RTCP rtt, and scores MOS with the worse loss of both directions', () => {
    const rtcp = { id: 'R', type: 'remote-inbound-rtp', kind: 'audio', roundTripTime: 0.1, fractionLost: 0.25 };
    const { sample } = sampleFromStats(before, at(2000, { packetsReceived: 150, packetsLost: 0 }, [rtcp]));
    expect(sample.rtt).toBe(100);
    expect(sample.packetsLostFraction).toBe(0);
    expect(sample.outboundPacketsLostFraction).toBe(25);
    expect(sample.mos).toBe(computeMos(100, 15, 25));
  });

  it('reports ICE as lost when the transport is disconnected', () => {
    const report = at(2000, {});
    report.set('T', { id: 'T', type: 'transport', selectedCandidatePairId: 'CP', iceState: 'disconnected' });
    expect(sampleFromStats(before, report).iceConnected).toBe(false);
  });

  it('does not count negative deltas (packetsLost can fall when duplicates arrive)', () => {
    const report = at(2000, { packetsReceived: 150, packetsLost: -2 });
    const { sample } = sampleFromStats(at(1000, { packetsReceived: 100, packetsLost: 3 }), report);
    expect(sample.packetsLost).toBe(0);
    expect(sample.totals.packetsLost).toBe(0);
  });

  it('counts a stream that is new since the previous report (a new ssrc) from 0', () => {
    const report = at(2000, { packetsReceived: 10 });
    report.set('IN2', { ...(report.get('IN') as object), id: 'IN2' });
    report.delete('IN');
    expect(sampleFromStats(before, report).sample.packetsReceived).toBe(10);
  });

  it('counts a stream absent from the previous report (the first packets of a call) from 0', () => {
    const early = new Map([...before].filter(([id]) => id !== 'IN'));
    expect(sampleFromStats(early, after).sample).toMatchObject({ packetsReceived: 145, bytesReceived: 15200 });
  });

  it('gives zeros, not NaN, for an empty report and for the first report of a call', () => {
    const empty = sampleFromStats(undefined, new Map());
    const { mos, ...rest } = empty.sample;
    expect(numbers(rest as QualitySample).every((n) => n === 0)).toBe(true);
    // Nothing moved: no MOS (a stream that carries nothing would otherwise score a perfect 4.43; issue #21).
    expect(mos).toBeNull();
    expect(empty.sample.codecName).toBe('');
    expect(empty.iceConnected).toBe(false);
    const first = sampleFromStats(undefined, after).sample;
    expect(first.packetsReceived).toBe(0);
    expect(first.totals.packetsReceived).toBe(145);
    expect(numbers(first).every(Number.isFinite)).toBe(true);
  });

  it('ignores video streams', () => {
    const video = { id: 'V', type: 'inbound-rtp', kind: 'video', packetsReceived: 9999, timestamp: 2000 };
    const report = new Map([['V', video], ...after]);
    expect(sampleFromStats(before, report).sample.packetsReceived).toBe(45);
  });
});
