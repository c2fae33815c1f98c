/** Reading what the kit reported over a stretch of a call (page times, as the page logged them). */
import type { Page } from 'playwright-core';
import type { SampleRecord } from './page';

export const samplesOf = (page: Page, id: string): Promise<SampleRecord[]> => page.evaluate((callId) => window.faults.samples(callId), id);

/** Samples taken after `from` and up to `to`. */
export const within = (samples: SampleRecord[], from: number, to = Number.POSITIVE_INFINITY) =>
  samples.filter((s) => s.t > from && s.t <= to);

/** The mean MOS of the samples that have one (audio arrived), or null. */
export function meanMos(samples: SampleRecord[]): number | null {
  const scored = samples.map((s) => s.mos).filter((m): m is number => m !== null);
  return scored.length > 0 ? scored.reduce((a, b) => a + b, 0) / scored.length : null;
}

/** The mean MOS without the highest and the lowest sample (one outlier in a short stretch moves a mean far). */
export function trimmedMeanMos(samples: SampleRecord[]): number | null {
  const scored = samples
    .map((s) => s.mos)
    .filter((m): m is number => m !== null)
    .sort((a, b) => a - b)
    .slice(1, -1);
  return scored.length > 0 ? scored.reduce((a, b) => a + b, 0) / scored.length : null;
}

/** The warnings raised on a call so far, in order (from the page log). */
export const raisedOn = (page: Page, id: string) =>
  page.evaluate(
    (callId) => window.faults.log.filter((line) => line.includes(` ${callId} warning `)).map((line) => line.split(' ').at(-1) as string),
    id,
  );

/**
 * Waits until the kit's round trip has changed `reports` times since `since` (each change is a new
 * RTCP report; one may already be in flight at `since`, and the next may straddle the change of
 * delay, so 3 are needed) and returns the time of the last: samples after it carry a round trip
 * measured wholly under the new delay.
 */
export async function afterReports(page: Page, id: string, since: number, reports = 3, timeout = 25_000): Promise<number> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const samples = (await samplesOf(page, id)).filter((s) => s.t > since - 1000);
    const changes = samples.filter((s, i) => i > 0 && s.t > since && s.rtt !== samples[i - 1]?.rtt);
    if (changes.length >= reports) return (changes[reports - 1] as SampleRecord).t;
    if (Date.now() > deadline) throw new Error(`fewer than ${reports} RTCP reports in ${timeout} ms: ${JSON.stringify(samples)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * The bed's own round trip before any impairment (browser, coturn and loopback under this machine's
 * load): the least the kit saw after the call's first second, as the floor the relay's delay adds to.
 */
export function baselineRtt(samples: SampleRecord[]): number {
  const first = samples[0]?.t ?? 0;
  const rtts = samples.filter((s) => s.t > first + 1000 && s.rtt > 0).map((s) => s.rtt);
  return rtts.length > 0 ? Math.min(...rtts) : 0;
}
