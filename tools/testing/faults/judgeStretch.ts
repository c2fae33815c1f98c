/**
 * Judges the kit's MOS over a stretch of an impaired call against the E-model of what the relay did
 * (expected.ts: judgeWindow), while the impairment still stands: if the machine's load has spoiled
 * too many of the stretch's samples to judge (proved sample by sample), a round trip it held up all
 * stretch long is measured and counted (sustainedLoadRttMs), else the stretch is extended, a second
 * at a time, up to a bound. Used by the SIP and the sandbox fault tests alike.
 */
import { type Baseline, clockOffset, judgeWindow, sustainedLoadRttMs, type WindowVerdict } from './expected';
import type { KitSample } from './kitSample';
import type { UdpImpairmentRelay } from './udpRelay';

export interface Stretch {
  readonly verdict: WindowVerdict;
  readonly window: readonly KitSample[];
  /** Everything needed to see why, for an assertion's message. */
  readonly why: string;
}

export interface StretchSource {
  samples(): Promise<KitSample[]>;
  pageNow(): Promise<number>;
  readonly relay: UdpImpairmentRelay;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The verdict over the samples after `from` (page time) under the relay phase `label`, once at least
 * `minJudged` samples can be judged or `maxExtraMs` have passed (then the test fails on `judged`).
 */
export async function judgeStretch(
  source: StretchSource,
  from: number,
  label: string,
  baseline: Baseline,
  { minJudged = 3, maxExtraMs = 15_000 } = {},
): Promise<Stretch> {
  const deadline = Date.now() + maxExtraMs;
  for (;;) {
    const all = await source.samples();
    const window = all.filter((s) => s.t > from);
    const offset = await clockOffset(() => source.pageNow());
    const loss = source.relay.figures(label).lossPercent;
    let verdict = judgeWindow(window, all, source.relay, offset, baseline, loss);
    // Load that held up the whole stretch is measured there and counted (sustainedLoadRttMs).
    const load = verdict.judged < minJudged ? sustainedLoadRttMs(verdict, window) : 0;
    if (load > 0) verdict = judgeWindow(window, all, source.relay, offset, baseline, loss, load);
    if (verdict.judged >= minJudged || Date.now() > deadline) {
      const why = JSON.stringify({
        verdict: { ...verdict, figures: undefined, overloaded: verdict.overloaded.length },
        window,
        figures: verdict.figures,
        baseline: { ...baseline, relay: undefined },
        reports: source.relay.reports.slice(-12),
        offset,
      });
      return { verdict, window, why };
    }
    await sleep(1000);
  }
}
