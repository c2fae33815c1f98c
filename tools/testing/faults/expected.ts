/**
 * What the relay's record leads one to expect of the kit, on this very call: the call's own round
 * trip and jitter before any impairment (the baseline: browser, coturn, loopback and this machine's
 * load, as the kit sampled them in a clean stretch), plus what the relay did on top, sample by
 * sample (the delay it gave the very RTCP packets whose round trip the kit shows, its delivery
 * jitter at the time, the share of packets it dropped over the sample's interval). Never a fixed
 * figure that a loaded machine could break; where load makes a sample worse than that, it is proved
 * and left out (judgeWindow), never blamed without proof.
 */
import { defaultQualityThresholds as limits } from '../../../packages/core/src/quality/warnings';
import { eModelMos } from './eModel';
import type { KitSample } from './kitSample';
import type { AppliedFigures, UdpImpairmentRelay } from './udpRelay';

export interface Baseline {
  /** The call's own round trip, ms: the least the kit reported in the clean stretch (load only adds to it). */
  readonly rttMs: number;
  /** The call's own interarrival jitter, ms: the mean the kit reported in the clean stretch. */
  readonly jitterMs: number;
  /** The relay's record of the same stretch (its own forwarding jitter, to tell what an impairment added). */
  readonly relay: AppliedFigures;
}

/** The network figures the E-model takes, ms and %. */
export interface Figures {
  readonly rttMs: number;
  readonly jitterMs: number;
  readonly lossPercent: number;
}

/**
 * The baseline from the kit's samples of a clean stretch (skipping the call's first second, whose
 * round trip comes from the first ICE checks) and the relay's record of it.
 */
export function baselineOf(samples: readonly KitSample[], relay: AppliedFigures): Baseline {
  const first = samples[0]?.t ?? 0;
  const settled = samples.filter((s) => s.t > first + 1000);
  const rtts = settled.filter((s) => s.rtt > 0).map((s) => s.rtt);
  const jitters = settled.filter((s) => s.packetsReceived > 0).map((s) => s.jitter);
  if (rtts.length === 0 || jitters.length === 0) throw new Error(`no clean samples to measure the baseline: ${JSON.stringify(samples)}`);
  return { rttMs: Math.min(...rtts), jitterMs: jitters.reduce((a, b) => a + b, 0) / jitters.length, relay };
}

/**
 * The worst the phone can measure in a phase for a while: the round trip with the longest delay the
 * relay gave a packet each way (one RTCP report carries one packet's delay, and the kit holds it for
 * the ~5 s the report stands), the jitter at the highest the relay's delivery reached.
 */
export function peakFigures(applied: AppliedFigures, baseline: Baseline): Figures {
  return {
    rttMs: baseline.rttMs + applied.up.delayMaxMs + applied.down.delayMaxMs,
    jitterMs: baseline.jitterMs + Math.max(0, applied.down.jitterMaxMs - baseline.relay.jitterMs),
    lossPercent: applied.lossPercent,
  };
}

/**
 * The warnings an impairment causes: those whose figure, at its peak for the phase, is over the kit's
 * default threshold or within 10% of it (the kit's samples scatter around what the relay did).
 */
export function causedByImpairment(applied: AppliedFigures, baseline: Baseline): Set<string> {
  const peak = peakFigures(applied, baseline);
  const names = new Set<string>();
  if (peak.rttMs > limits.maxRtt * 0.9) names.add('high-rtt');
  if (peak.jitterMs > limits.maxJitter * 0.9) names.add('high-jitter');
  if (peak.lossPercent > limits.maxPacketLoss * 0.9) names.add('high-packet-loss');
  if (eModelMos(peak.rttMs, peak.jitterMs, peak.lossPercent) < limits.minMos + 0.1) names.add('low-mos');
  // A relay starved by the machine (its timers late) held the stream toward the phone for over a second at
  // a time: its record shows the hold, and 3 samples of 500 ms can then see no bytes.
  if (applied.down.delayMaxMs - applied.down.delayMs > 900) names.add('low-bytes-received');
  return names;
}

/** How many ms a report's delivery (relay clock) may sit outside the page-time span in which the kit first showed it. */
const matchToleranceMs = 300;

/**
 * The figures the relay gave each sample of `samples` (all of the call's, oldest first), sample by
 * sample: the kit holds the round trip of the last RTCP report until the next (~5 s), so each run of
 * samples showing one round trip is matched with the report the relay delivered when that run began,
 * and expects the call's own round trip plus what the relay added to that report's round trip; the
 * jitter is the relay's delivery jitter at the sample's time plus what the browser showed over it in
 * the clean stretch; the loss is the share the relay dropped of the packets it had toward the phone
 * over the sample's interval (`lossPercent` when it had none). `offsetMs` is the page's clock minus
 * this process's (clockOffset in the tests).
 * The call's own round trip is the least it showed beside what the relay added, over the whole call
 * (the clean stretch's least when lower): load only ever adds to it, so the floor is the path's.
 * A run that begins with no report delivered (Chromium now and then falls back on its ICE checks' round
 * trip for a sample) has no expectation (`undefined`) unless it shows a round trip already matched.
 */
export function figuresPerSample(
  samples: readonly KitSample[],
  relay: Pick<UdpImpairmentRelay, 'reports' | 'jitterTimeline' | 'lossTimeline'>,
  offsetMs: number,
  baseline: Baseline,
  lossPercent: number,
): (Figures | undefined)[] {
  const reports = relay.reports.map((r) => ({ at: r.at + offsetMs, addedRttMs: r.addedRttMs }));
  const timeline = relay.jitterTimeline.map((j) => ({ at: j.at + offsetMs, jitterMs: j.jitterMs }));
  const losses = relay.lossTimeline.map((l) => ({ at: l.at + offsetMs, lost: l.lost }));
  const browserOverRelay = baseline.jitterMs - baseline.relay.jitterMs;
  const addedByRtt = new Map<number, number>();
  const fromReport: boolean[] = [];
  let added: number | undefined = 0;
  let used = -1;
  const perSample = samples.map((s, i) => {
    const previous = samples[i - 1];
    if (previous && s.rtt !== previous.rtt) {
      let match = -1;
      reports.forEach((r, index) => {
        if (index > used && r.at > previous.t - matchToleranceMs && r.at <= s.t + matchToleranceMs) match = index;
      });
      if (match >= 0) {
        used = match;
        added = (reports[match] as { addedRttMs: number }).addedRttMs;
        addedByRtt.set(s.rtt, added);
      } else if (used >= 0) {
        // Before the first report the kit's round trip comes from ICE checks (the call's first second
        // or so, before any impairment): nothing added. After it, only a round trip seen before is known.
        added = addedByRtt.get(s.rtt);
      }
    }
    fromReport.push(used >= 0);
    return added;
  });
  // The floor counts RTCP round trips only (before the first report the kit shows its ICE checks').
  const own = Math.min(
    baseline.rttMs,
    ...samples.map((s, i) => (perSample[i] === undefined || !fromReport[i] ? Number.POSITIVE_INFINITY : s.rtt - (perSample[i] as number))),
  );
  return samples.map((s, i) => {
    const previous = samples[i - 1];
    const add = perSample[i];
    if (add === undefined) return undefined;
    const jitter = [...timeline].reverse().find((j) => j.at <= s.t)?.jitterMs ?? baseline.relay.jitterMs;
    // The share of the packets the relay dropped over the sample's own interval (as lumpy as the kit's).
    const over = previous ? losses.filter((l) => l.at > previous.t && l.at <= s.t) : [];
    const loss = over.length > 0 ? (100 * over.filter((l) => l.lost).length) / over.length : lossPercent;
    return { rttMs: Math.max(0, own) + add, jitterMs: Math.max(0, jitter + browserOverRelay), lossPercent: loss };
  });
}

/**
 * How much more round trip (ms) and jitter a sample may carry than the relay applied plus the call's
 * baseline before the excess counts as the machine's, not the network's: on a loaded 2-core machine
 * Chromium's threads hold RTCP packets and media for tens to hundreds of ms now and then (measured:
 * up to 360 ms more in one report at a load average of 18), which no network figure can predict.
 */
export const loadSlack = { rttMs: 40, jitterMs: 10 };

export interface WindowVerdict {
  /** The kit's mean MOS over the samples judged. */
  readonly kit: number;
  /** The E-model's mean MOS over the same samples, for what the relay did to each. */
  readonly expected: number;
  /** Samples judged, and samples left out as the machine's load (proved: see below). */
  readonly judged: number;
  readonly overloaded: readonly KitSample[];
  /** Samples whose round trip no report explains (not judged; the test needs enough judged). */
  readonly unmatched: number;
  /** Round trip the machine added to every sample of the stretch (sustainedLoad), counted in the expectation. */
  readonly loadRttMs: number;
  /** Per sample of the window: what the relay gave it (undefined: no report to match, which fails the test). */
  readonly figures: readonly (Figures | undefined)[];
}

/**
 * The kit against the E-model over a stretch of samples (`window`, from `all`), sample by sample as
 * figuresPerSample says. A sample is left out only when the machine's load demonstrably made it worse
 * than the network: its round trip (or jitter) exceeds what the relay gave it plus the baseline by more
 * than loadSlack, and the browser's raw getStats figure shows that same excess (so the kit did not make
 * it up). Load only ever adds, so a sample that is *better* than the relay allows is never left out.
 */
export function judgeWindow(
  window: readonly KitSample[],
  all: readonly KitSample[],
  relay: Pick<UdpImpairmentRelay, 'reports' | 'jitterTimeline' | 'lossTimeline'>,
  offsetMs: number,
  baseline: Baseline,
  lossPercent: number,
  loadRttMs = 0,
): WindowVerdict {
  const perSample = figuresPerSample(all, relay, offsetMs, baseline, lossPercent);
  const figures = window.map((s) => {
    const f = perSample[all.findIndex((a) => a.t === s.t)];
    return f && { ...f, rttMs: f.rttMs + loadRttMs };
  });
  const overloaded: KitSample[] = [];
  let kit = 0;
  let expected = 0;
  let judged = 0;
  let unmatched = 0;
  window.forEach((s, i) => {
    const f = figures[i];
    if (s.mos === null) return;
    if (!f) {
      unmatched += 1;
      return;
    }
    const rttExcess = s.rtt - f.rttMs > loadSlack.rttMs && (s.rawRtt ?? 0) - f.rttMs > loadSlack.rttMs;
    const jitterExcess = s.jitter - f.jitterMs > loadSlack.jitterMs && (s.rawJitter ?? 0) - f.jitterMs > loadSlack.jitterMs;
    if (rttExcess || jitterExcess) {
      overloaded.push(s);
      return;
    }
    kit += s.mos;
    expected += eModelMos(f.rttMs, f.jitterMs, f.lossPercent);
    judged += 1;
  });
  if (judged === 0) return { kit: Number.NaN, expected: Number.NaN, judged, overloaded, unmatched, loadRttMs, figures };
  return { kit: kit / judged, expected: expected / judged, judged, overloaded, unmatched, loadRttMs, figures };
}

/**
 * The page's clock minus this process's (both performance.now), from the quickest of a few round
 * trips to the page: good to half that round trip, well inside matchToleranceMs.
 */
export async function clockOffset(pageNow: () => Promise<number>): Promise<number> {
  let best = { spread: Number.POSITIVE_INFINITY, offset: 0 };
  for (let i = 0; i < 5; i++) {
    const before = performance.now();
    const page = await pageNow();
    const after = performance.now();
    if (after - before < best.spread) best = { spread: after - before, offset: page - (before + after) / 2 };
  }
  return best.offset;
}

/**
 * When load held the round trip up for a whole stretch (every sample over the expectation by more than
 * loadSlack, the browser's raw figure showing the same), the least of that excess is the machine's
 * sustained share, measured in the stretch itself: judging again with it counted keeps the check on
 * the rest (what the relay added report by report, jitter, loss, spikes over the sustained level).
 * It is never negative: a kit under what the relay applied is never excused.
 */
export function sustainedLoadRttMs(verdict: WindowVerdict, window: readonly KitSample[]): number {
  const excess = window
    .map((s, i) => ({ s, f: verdict.figures[i] }))
    .filter(({ s, f }) => f !== undefined && s.mos !== null)
    .map(({ s, f }) => Math.min(s.rtt, s.rawRtt ?? 0) - (f as Figures).rttMs);
  return excess.length > 0 && excess.every((e) => e > loadSlack.rttMs) ? Math.min(...excess) : 0;
}
