// Main-thread cost of handset's per-call media work (quality sampling + two level meters), beside a
// Twilio-style setInterval(50 ms) AnalyserNode poll, timed the same way in the same run (see the page).
// The browser's own per-frame cost (any UI that draws per frame pays it) and getStats' native work
// are not counted for either.
import { fileURLToPath } from 'node:url';
import { launchChromium, newMediaContext } from '../tools/testing/chromium.ts';
import { serveHarness } from '../tools/testing/serve.ts';

type Mode = 'handset' | 'empty-raf' | 'twilio-style';
type Breakdown = { raf: number; rafN: number; register: number; msg: number; msgN: number; quality: number; qualityN: number };
type Timing = { busyMs: number; calls: number; samples: number; isolated: boolean; breakdown: Breakdown };
const seconds = Number(process.env.BENCH_SECONDS ?? 10);

export async function mediaCost(): Promise<string> {
  const server = await serveHarness(fileURLToPath(new URL('./pages/media-cost.ts', import.meta.url)), 'media cost', { isolated: true });
  const browser = await launchChromium();
  try {
    const context = await newMediaContext(browser, server.origin);
    const page = await context.newPage();
    await page.goto(server.origin);
    await page.waitForFunction(() => 'bench' in window);
    const results = {} as Record<Mode, Timing>;
    for (const mode of ['handset', 'empty-raf', 'twilio-style'] as Mode[]) {
      results[mode] = await page.evaluate(([m, s]) => (window as any).bench.run(m, s), [mode, seconds] as const);
    }
    const perSecond = (ms: number) => `${(ms / seconds).toFixed(2)} ms/s`;
    const h = results.handset.breakdown;
    const own = (h.msg + h.quality + h.raf) / seconds;
    return [
      `Media cost per second of call on the main thread (${seconds} s each, timer resolution ${results.handset.isolated ? '5 µs' : '100 µs'})`,
      `handset, its own work: ${own.toFixed(2)} ms/s (budget 2 ms/s) =`,
      `  quality sampling      ${perSecond(h.quality)}  (${h.qualityN} samples, ${(h.quality / Math.max(1, h.qualityN)).toFixed(2)} ms each: reading the stats report, MOS, warnings)`,
      `  level messages        ${perSecond(h.msg)}  (${(h.msgN / seconds).toFixed(0)}/s from the audio-thread RMS of 2 meters)`,
      `  per-frame delivery    ${perSecond(h.raf)}  (${(h.rafN / seconds).toFixed(0)} frames/s, both meters)`,
      `the browser's price of requestAnimationFrame itself: ${perSecond(h.register)} (paid by any UI that draws per frame; ${perSecond(results['empty-raf'].breakdown.raf)} for an empty loop's callbacks)`,
      `Twilio-style, 2 AnalyserNodes polled by setInterval at 20 Hz: ${perSecond(results['twilio-style'].busyMs)}  (${(results['twilio-style'].calls / seconds).toFixed(0)} polls/s, levels only, no quality)`,
    ].join('\n');
  } finally {
    await browser.close();
    await server.close();
  }
}
