import { computeMos } from './mos';
import type { QualitySample } from './types';

/** What getStats() resolves to; a Map of plain stats (as in the recorded fixtures) works too. */
export type StatsReport = ReadonlyMap<string, unknown>;

export interface StatsSample {
  readonly sample: QualitySample;
  /** The selected ICE candidate pair is connected (transport iceState, else the pair's state). */
  readonly iceConnected: boolean;
}

type Stat = Record<string, unknown>;

interface Picked {
  inbound?: Stat;
  outbound?: Stat;
  remoteInbound?: Stat;
  source?: Stat;
  transport?: Stat;
  pair?: Stat;
}

/** Each report is read twice (as current, then as previous); reading an RTCStatsReport is the costly part. */
const picked = new WeakMap<StatsReport, Picked>();

/**
 * The audio stats of a call (first audio stream of each kind) and the selected candidate pair.
 * Every stat read from an RTCStatsReport is turned into an object, and a call's report holds 20 to 40
 * stats: with the previous report's picks as a guide, only the stats used are read, by id (stats keep
 * their ids from one report to the next; outbound-rtp names its remote-inbound-rtp, media source and
 * transport). A stream missing from the guide or gone from the report means reading them all again.
 */
function pick(report: StatsReport | undefined, guide?: Picked): Picked {
  if (!report) return {};
  let p = picked.get(report);
  if (p) return p;
  p = guide?.inbound && guide.outbound ? pickByIds(report, guide) : undefined;
  p ??= pickAll(report);
  picked.set(report, p);
  return p;
}

function pickByIds(report: StatsReport, guide: Picked): Picked | undefined {
  const get = (id: unknown) => (typeof id === 'string' ? (report.get(id) as Stat | undefined) : undefined);
  const inbound = get(guide.inbound?.id);
  const outbound = get(guide.outbound?.id);
  // Without outbound-rtp's remoteId (older browsers) a remote-inbound-rtp not seen yet can only be found by reading all.
  if (!inbound || !outbound || (outbound.remoteId === undefined && !guide.remoteInbound)) return undefined;
  const transport = get(outbound.transportId ?? guide.transport?.id);
  return {
    inbound,
    outbound,
    remoteInbound: get(outbound.remoteId ?? guide.remoteInbound?.id),
    source: get(outbound.mediaSourceId ?? guide.source?.id),
    transport,
    pair: get(transport?.selectedCandidatePairId ?? guide.pair?.id),
  };
}

function pickAll(report: StatsReport): Picked {
  const p: Picked = {};
  const pairs: Stat[] = [];
  report.forEach((value) => {
    const s = value as Stat;
    if (s.kind !== undefined && s.kind !== 'audio') return;
    if (s.type === 'inbound-rtp') p.inbound ??= s;
    else if (s.type === 'outbound-rtp') p.outbound ??= s;
    else if (s.type === 'remote-inbound-rtp') p.remoteInbound ??= s;
    else if (s.type === 'media-source') p.source ??= s;
    else if (s.type === 'transport') p.transport ??= s;
    else if (s.type === 'candidate-pair') pairs.push(s);
  });
  const selected = p.transport?.selectedCandidatePairId;
  p.pair = (report.get(selected as string) as Stat | undefined) ?? pairs.find((c) => c.nominated && c.state === 'succeeded');
  return p;
}

/**
 * True when audio reached us over the interval (a per-second rate of a sample). The MOS scores what
 * the user hears: with no packet received, inbound loss and jitter are stale or zero and would score a
 * perfect 4.43. Nothing leaving is told by `low-bytes-sent`; the MOS of what arrives stands.
 */
export function receivedAudio(packetsReceived: number): boolean {
  return packetsReceived > 0;
}

/** When a report was taken (local stats of one report share a timestamp; remote-* ones are older). */
const time = (p: Picked) => num((p.inbound ?? p.outbound ?? p.transport ?? p.pair)?.timestamp);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const lossPercent = (lost: number, received: number) => (lost > 0 ? (100 * lost) / (lost + received) : 0);

/**
 * RMS level over the interval from the energy counters (totalAudioEnergy / totalSamplesDuration),
 * else the instantaneous audioLevel, on Twilio's 0..32767 scale.
 */
function level(now: Stat | undefined, before: Stat | undefined): number {
  const duration = num(now?.totalSamplesDuration) - num(before?.totalSamplesDuration);
  const energy = num(now?.totalAudioEnergy) - num(before?.totalAudioEnergy);
  const linear = duration > 0 ? Math.sqrt(Math.max(energy, 0) / duration) : num(now?.audioLevel);
  return Math.round(Math.min(linear, 1) * 32767);
}

/**
 * One QualitySample from two successive getStats() reports of an audio call. Counts in the sample are
 * per second over the time between the reports (a stream absent from `previous` counts from 0); with no
 * `previous` they are 0 and only `totals` count. Levels are RMS over the same time (since the stream
 * started when it is new).
 * Missing stats read as 0 (never NaN): early in a call Chromium has no remote-inbound-rtp yet, so rtt
 * then comes from the candidate pair's currentRoundTripTime.
 */
export function sampleFromStats(previous: StatsReport | undefined, current: StatsReport): StatsSample {
  const before = pick(previous);
  const now = pick(current, before);
  const { inbound, outbound, remoteInbound, pair } = now;
  // The same stream before and after; a stream that is new (first packets, or a new ssrc) counts from 0.
  const prevIn = before.inbound?.id === inbound?.id ? before.inbound : undefined;
  const prevOut = before.outbound?.id === outbound?.id ? before.outbound : undefined;
  const timestamp = time(now);
  const seconds = previous ? (timestamp - time(before)) / 1000 : 0;
  const rate = (a: Stat | undefined, b: Stat | undefined, key: string) =>
    seconds > 0 ? Math.max(num(a?.[key]) - num(b?.[key]), 0) / seconds : 0;

  const packetsReceived = rate(inbound, prevIn, 'packetsReceived');
  const packetsLost = rate(inbound, prevIn, 'packetsLost');
  const packetsLostFraction = lossPercent(packetsLost, packetsReceived);
  const outboundPacketsLostFraction = 100 * num(remoteInbound?.fractionLost);
  const rttSeconds = num(remoteInbound?.roundTripTime) || num(pair?.currentRoundTripTime);
  const rtt = rttSeconds * 1000;
  const jitter = num(inbound?.jitter ?? remoteInbound?.jitter) * 1000;
  const mimeType = (current.get((inbound?.codecId ?? outbound?.codecId) as string) as Stat | undefined)?.mimeType;
  const totalReceived = num(inbound?.packetsReceived);
  const totalLost = Math.max(num(inbound?.packetsLost), 0);
  const iceState = now.transport?.iceState;

  return {
    sample: {
      audioInputLevel: level(now.source, before.source),
      audioOutputLevel: level(inbound, prevIn),
      bytesReceived: rate(inbound, prevIn, 'bytesReceived'),
      bytesSent: rate(outbound, prevOut, 'bytesSent'),
      packetsReceived,
      packetsSent: rate(outbound, prevOut, 'packetsSent'),
      packetsLost,
      packetsLostFraction,
      outboundPacketsLostFraction,
      jitter,
      rtt,
      mos: receivedAudio(packetsReceived) ? computeMos(rtt, jitter, Math.max(packetsLostFraction, outboundPacketsLostFraction)) : null,
      codecName: typeof mimeType === 'string' ? mimeType.replace(/^audio\//i, '') : '',
      timestamp,
      totals: {
        packetsReceived: totalReceived,
        packetsLost: totalLost,
        packetsLostFraction: lossPercent(totalLost, totalReceived),
        packetsSent: num(outbound?.packetsSent),
        bytesReceived: num(inbound?.bytesReceived),
        bytesSent: num(outbound?.bytesSent),
      },
    },
    iceConnected: iceState ? iceState === 'connected' || iceState === 'completed' : pair?.state === 'succeeded',
  };
}
