/** Reading what the kit reported over a stretch of a call (page times, as the page logged them). */
import type { Page } from 'playwright-core';
import type { KitSample } from '../../../../tools/testing/faults/kitSample';
import type { RaisedWarning } from '../../../../tools/testing/faults/warningCauses';

export const samplesOf = (page: Page, id: string): Promise<KitSample[]> => page.evaluate((callId) => window.faults.samples(callId), id);

/** Samples taken after `from` and up to `to`. */
export const within = (samples: KitSample[], from: number, to = Number.POSITIVE_INFINITY) => samples.filter((s) => s.t > from && s.t <= to);

/** The median MOS (a clean stretch's score, which one load spike does not move). */
export function medianMos(samples: KitSample[]): number | null {
  const scored = samples
    .map((s) => s.mos)
    .filter((m): m is number => m !== null)
    .sort((a, b) => a - b);
  return scored.length > 0 ? (scored[Math.floor(scored.length / 2)] as number) : null;
}

/** The warnings raised on a call so far, in order, with their page times (from the page log). */
export const raisedOn = (page: Page, id: string): Promise<RaisedWarning[]> =>
  page.evaluate(
    (callId) =>
      window.faults.log
        .filter((line) => line.includes(` ${callId} warning `))
        .map((line) => ({ name: line.split(' ').at(-1) as string, t: Number(/^t=(\d+)/.exec(line)?.[1]) })),
    id,
  );

/**
 * Waits until the kit's round trip, read from RTCP reports (one every ~5 s), is over `overMs` after
 * `since`, and returns the time of that sample: from there on each report's round trip was measured
 * wholly under the new delay. (The first reports after a change may carry only the delay of one way:
 * `overMs` is set between that and the whole.)
 */
export async function roundTripOver(page: Page, id: string, since: number, overMs: number, timeout = 25_000): Promise<number> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const samples = within(await samplesOf(page, id), since);
    const first = samples.find((s) => s.rtt > overMs);
    if (first) return first.t;
    if (Date.now() > deadline) throw new Error(`no round trip over ${overMs} ms within ${timeout} ms: ${JSON.stringify(samples)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
