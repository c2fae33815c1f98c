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
  /** The selected candidate pair, read only when a sample needs it (see pairOf). */
  pair?: Stat;
  pairId?: string;
  /** The codec's name, once read, and its id: a codec stat's id names one codec, so it is read once per id. */
  codecId?: string;
  codecName?: string;
  /** The number of stats in the report. */
  size?: number;
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

const statOf = (report: StatsReport, id: unknown) => (typeof id === 'string' ? (report.get(id) as Stat | undefined) : undefined);

function pickByIds(report: StatsReport, guide: Picked): Picked | undefined {
  const inbound = statOf(report, guide.inbound?.id);
  const outbound = statOf(report, guide.outbound?.id);
  if (!inbound || !outbound) return undefined;
  // Without outbound-rtp's remoteId (there is none until RTCP has come back, and none in older browsers) a
  // remote-inbound-rtp not seen yet can only be found by reading all; it adds a stat, so only once the report grows.
  if (outbound.remoteId === undefined && !guide.remoteInbound && report.size !== guide.size) return undefined;
  const transport = statOf(report, outbound.transportId ?? guide.transport?.id);
  const pairId = transport?.selectedCandidatePairId ?? guide.pairId;
  return {
    inbound,
    outbound,
    remoteInbound: statOf(report, outbound.remoteId ?? guide.remoteInbound?.id),
    source: statOf(report, outbound.mediaSourceId ?? guide.source?.id),
    transport,
    ...(typeof pairId === 'string' ? { pairId } : {}),
    size: report.size,
  };
}

function pickAll(report: StatsReport): Picked {
  const p: Picked = { size: report.size };
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
  if (typeof p.pair?.id === 'string') p.pairId = p.pair.id;
  return p;
}

/**
 * The streams of a previous report never picked (the monitor's first report) that a sample reads: those of
 * the current report, by id, rather than every stat. Not kept, being partial; null when it has neither stream.
 */
function pickPrevious(report: StatsReport, now: Picked): Picked | null {
  const inbound = statOf(report, now.inbound?.id);
  const outbound = statOf(report, now.outbound?.id);
  return inbound || outbound ? { inbound, outbound, source: statOf(report, now.source?.id) } : null;
}

/** The selected candidate pair, read the first time a sample of this report needs it. */
function pairOf(report: StatsReport, p: Picked): Stat | undefined {
  p.pair ??= statOf(report, p.pairId);
  return p.pair;
}

/** The codec's name ('' when unknown), read out of the report only when its id is new. */
function codecName(report: StatsReport, p: Picked, before: Picked): string {
  const id = (p.inbound?.codecId ?? p.outbound?.codecId) as string | undefined;
  if (p.codecId !== id || p.codecName === undefined) {
    const mimeType = id === before.codecId && before.codecName !== undefined ? before.codecName : statOf(report, id)?.mimeType;
    p.codecId = id;
    p.codecName = typeof mimeType === 'string' ? mimeType.replace(/^audio\//i, '') : '';
  }
  return p.codecName;
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
  const known = previous && picked.get(previous);
  const now = pick(current, known);
  const before = known ?? (previous && pickPrevious(previous, now)) ?? pick(previous);
  const { inbound, outbound, remoteInbound } = now;
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
  const rttSeconds = num(remoteInbound?.roundTripTime) || num(pairOf(current, now)?.currentRoundTripTime);
  const rtt = rttSeconds * 1000;
  const jitter = num(inbound?.jitter ?? remoteInbound?.jitter) * 1000;
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
      codecName: codecName(current, now, before),
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
    iceConnected: iceState ? iceState === 'connected' || iceState === 'completed' : pairOf(current, now)?.state === 'succeeded',
  };
}
