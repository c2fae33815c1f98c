// Main-thread cost of handset's per-call media work (quality sampling + two level meters), beside a
// Twilio-style setInterval(50 ms) AnalyserNode poll, timed the same way in the same run (see the page).
// Asking for animation frames is counted (handset's audio-thread meters ask for none); getStats'
// native work and the browser's dispatch of a message or timer are not counted for either.
import { withBenchPage } from './benchPage.ts';

type Mode = 'handset' | 'empty-raf' | 'twilio-style';
type Breakdown = {
  raf: number;
  rafN: number;
  register: number;
  msg: number;
  msgN: number;
  msgMax: number;
  quality: number;
  qualityN: number;
};
type Timing = { busyMs: number; calls: number; slowest: number; samples: number; isolated: boolean; breakdown: Breakdown };
const seconds = Number(process.env.BENCH_SECONDS ?? 10);

/** handset beside the analyser poll, in this run, with the budgets of issue #18. */
function ratios(levels: number, all: number, twilio: number): string {
  const ratio = (ms: number, budget: number) => {
    const r = ms / Math.max(twilio, 1e-9);
    return `${r.toFixed(2)}x (budget ${budget.toFixed(1)}x: ${r <= budget ? 'within' : 'OVER'})`;
  };
  return `handset / Twilio-style: levels alone ${ratio(levels, 0.5)}; levels and quality sampling ${ratio(all, 1)}`;
}

export async function mediaCost(): Promise<string> {
  return withBenchPage(
    new URL('./pages/media-cost.ts', import.meta.url),
    'media cost',
    async (page) => {
      const results = {} as Record<Mode, Timing>;
      for (const mode of ['handset', 'empty-raf', 'twilio-style'] as Mode[]) {
        results[mode] = await page.evaluate(([m, s]) => (window as any).bench.run(m, s), [mode, seconds] as const);
      }
      const perSecond = (ms: number) => `${(ms / seconds).toFixed(2)} ms/s`;
      const h = results.handset.breakdown;
      // Timing a callback has a floor of its own (two performance.now() calls, the wrapper): the empty
      // loop's callbacks measure it, and it is taken off each timed callback below, ours and Twilio-style's.
      const floor = results['empty-raf'].breakdown.raf / Math.max(1, results['empty-raf'].breakdown.rafN);
      const net = (ms: number, count: number) => Math.max(0, ms - count * floor);
      const quality = net(h.quality, h.qualityN);
      const messages = net(h.msg, h.msgN);
      const frames = net(h.raf, h.rafN);
      const twilio = net(results['twilio-style'].busyMs, results['twilio-style'].calls);
      return [
        `Media cost per second of call on the main thread (${seconds} s each, timer resolution ${results.handset.isolated ? '5 µs' : '100 µs'}, ${(floor * 1000).toFixed(1)} µs timing floor per callback taken off)`,
        `handset, its own work: ${((quality + messages + frames + h.register) / seconds).toFixed(2)} ms/s (budget 2 ms/s) =`,
        `  quality sampling      ${perSecond(quality)}  (${h.qualityN} samples, ${(quality / Math.max(1, h.qualityN)).toFixed(2)} ms each: reading the stats report, MOS, warnings)`,
        `  level messages        ${perSecond(messages)}  (${(h.msgN / seconds).toFixed(0)}/s from the audio thread, each carrying every meter that changed by 1 dB; at most 23/s however many meters; ${((messages / Math.max(1, h.msgN)) * 1000).toFixed(0)} µs each, the slowest ${(h.msgMax * 1000).toFixed(0)} µs untrimmed)`,
        `  animation frames      ${perSecond(frames + h.register)}  (${(h.rafN / seconds).toFixed(0)}/s asked for and run; none on the audio-thread path)`,
        `(the browser's price of one animation frame, for scale: ${((results['empty-raf'].breakdown.register / Math.max(1, results['empty-raf'].breakdown.rafN)) * 1000).toFixed(0)} µs to ask for it, paid by any UI that draws per frame)`,
        `Twilio-style, 2 AnalyserNodes polled by setInterval at 20 Hz: ${perSecond(twilio)}  (${(results['twilio-style'].calls / seconds).toFixed(0)} polls/s, levels only, no quality; ${((twilio / Math.max(1, results['twilio-style'].calls)) * 1000).toFixed(0)} µs each, the slowest ${(results['twilio-style'].slowest * 1000).toFixed(0)} µs untrimmed)`,
        ratios(messages + frames + h.register, quality + messages + frames + h.register, twilio),
      ].join('\n');
    },
    { isolated: true },
  );
}
