/**
 * "Everything that was lost is told, and nothing else": which warnings a fault test may see besides
 * the ones its impairment causes. On a loaded 2-core machine the call itself can really go bad for
 * a while (an RTCP report stuck behind a busy thread gives a round trip over 400 ms for the 5 s the
 * report stands; a starved sender jitters its stream), and the kit is right to say so. Such a
 * warning is put down to load only with proof that it is true and not the relay's doing:
 *  1. the kit raised it by its own rule on what it sampled: at least 3 of the 5 samples up to the
 *     warning cross the warning's threshold;
 *  2. the browser measured it: the raw getStats figure the page read beside each crossing sample
 *     crosses too (one may differ: a new RTCP report can land between the two reads);
 *  3. it is not the impairment: those samples are worse than what the relay applied plus the call's
 *     baseline (for low-mos: the MOS is the E-model of the sample's own figures, and the E-model of
 *     the expected figures is not low, so the excess round trip or jitter, confirmed raw, made it).
 * Only round trip, jitter and the MOS they drive are put down to load; loss, missing bytes or
 * audio, and ICE never are (the relay counts every packet it drops, and the machine drops none).
 */
import { defaultQualityThresholds as limits } from '../../../packages/core/src/quality/warnings';
import { eModelMos } from './eModel';
import type { Figures } from './expected';
import type { KitSample } from './kitSample';

export interface RaisedWarning {
  readonly name: string;
  /** Page time of the warning event. */
  readonly t: number;
}

export interface LoadWarning extends RaisedWarning {
  /** The samples that raised it, with the raw figures beside them. */
  readonly evidence: readonly KitSample[];
}

export interface WarningCauses {
  /** Caused by the impairment (the test requires its own and allows these). */
  readonly impairment: readonly RaisedWarning[];
  /** Proved to be the machine's load (see above). */
  readonly load: readonly LoadWarning[];
  /** Neither: a test fails on any, and prints why. */
  readonly unexplained: readonly (RaisedWarning & { why: string; window: readonly KitSample[] })[];
}

const lossOf = (s: KitSample) => Math.max(s.loss, s.outboundLoss);

/** The kit's crossing test for the warnings load can cause (its defaults, warnings.ts). */
const crosses: Record<string, (s: KitSample) => boolean> = {
  'high-rtt': (s) => s.rtt > limits.maxRtt,
  'high-jitter': (s) => s.jitter > limits.maxJitter,
  'low-mos': (s) => s.mos !== null && s.mos < limits.minMos,
};

/** Whether the browser's raw figure beside the sample shows the same. */
const rawCrosses: Record<string, (s: KitSample) => boolean> = {
  'high-rtt': (s) => s.rawRtt !== null && s.rawRtt > limits.maxRtt,
  'high-jitter': (s) => s.rawJitter !== null && s.rawJitter > limits.maxJitter,
  // The browser's own round trip and jitter score low too (with the sample's loss).
  'low-mos': (s) => s.rawRtt !== null && s.rawJitter !== null && eModelMos(s.rawRtt, s.rawJitter, lossOf(s)) < limits.minMos + 0.05,
};

/** How a crossing sample is worse than the impairment explains. */
const beyondImpairment: Record<string, (s: KitSample, expected: Figures) => boolean> = {
  'high-rtt': (s, e) => s.rtt > e.rttMs,
  'high-jitter': (s, e) => s.jitter > e.jitterMs,
  'low-mos': (s, e) =>
    s.mos !== null &&
    eModelMos(e.rttMs, e.jitterMs, e.lossPercent) >= limits.minMos &&
    Math.abs(eModelMos(s.rtt, s.jitter, lossOf(s)) - s.mos) < 0.01 &&
    (s.rtt > e.rttMs || s.jitter > e.jitterMs),
};

/**
 * Sorts the warnings raised on a call: `impairment` names the ones its impairment causes;
 * `expected` is the worst the impairment leads one to expect (rtt, jitter, loss) over the test.
 */
export function warningCauses(
  raised: readonly RaisedWarning[],
  samples: readonly KitSample[],
  impairment: ReadonlySet<string>,
  expected: Figures,
): WarningCauses {
  const causes = {
    impairment: [] as RaisedWarning[],
    load: [] as LoadWarning[],
    unexplained: [] as WarningCauses['unexplained'][number][],
  };
  for (const warning of raised) {
    if (impairment.has(warning.name)) {
      causes.impairment.push(warning);
      continue;
    }
    const window = samples.filter((s) => s.t <= warning.t).slice(-5);
    const cross = crosses[warning.name];
    if (!cross) {
      causes.unexplained.push({ ...warning, why: 'not a warning that load can cause', window });
      continue;
    }
    const evidence = window.filter(cross);
    const raw = evidence.filter(rawCrosses[warning.name] as (s: KitSample) => boolean);
    const beyond = evidence.filter((s) => (beyondImpairment[warning.name] as (s: KitSample, e: Figures) => boolean)(s, expected));
    const why =
      evidence.length < 3
        ? `only ${evidence.length} of the last 5 samples cross its threshold`
        : raw.length < evidence.length - 1
          ? `the browser's raw figures confirm ${raw.length} of ${evidence.length} crossing samples`
          : beyond.length < evidence.length
            ? `${evidence.length - beyond.length} crossing samples are within what the relay applied (${JSON.stringify(expected)})`
            : undefined;
    if (why) causes.unexplained.push({ ...warning, why, window });
    else causes.load.push({ ...warning, evidence });
  }
  return causes;
}
