// Render budget of @handset/react (issue 5 item 4), in real Chromium with React's <Profiler>, during a
// sandbox `echo` call with the browser media kit: 1 Hz quality samples, levels on both sides per frame.
// Budget: components reading neither quality nor level commit 0 times; VolumeMeter commits 0 times per
// frame; QualityIndicator commits at most once per sample. Prints the counts; asserts nothing (the
// test that fails on a re-render is packages/react/test/render-budget.browser.test.tsx).
// Run alone: node --import tsx bench/render-budget.ts (after npm run build).
import { pathToFileURL } from 'node:url';
import { withBenchPage } from './benchPage.ts';
import type { RenderBudget } from './pages/render-budget.tsx';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);

export async function renderBudget(): Promise<string> {
  return withBenchPage(new URL('./pages/render-budget.tsx', import.meta.url), 'render budget', async (page) => {
    const r = await page.evaluate((s) => (window as unknown as { bench: { run(s: number): Promise<RenderBudget> } }).bench.run(s), seconds);
    const line = (label: string, commits: number, budget: string, ok: boolean) =>
      `${label.padEnd(56)} ${String(commits).padStart(4)} commits   budget ${budget.padEnd(10)} ${ok ? 'ok' : 'OVER'}`;
    return [
      `React commits during a ${r.seconds} s echo call (${r.frames} frames, ${r.samples} quality samples, ${r.levelWrites} level writes to the DOM)`,
      line('CallStatus + CallControls + Dialpad (no quality, no level)', r.commits.static, '0', r.commits.static === 0),
      line('VolumeMeter input + output (levels up to 23/s each)', r.commits.meters, '0', r.commits.meters === 0),
      line('QualityIndicator (1 Hz samples)', r.commits.quality, `≤ ${r.samples}`, r.commits.quality <= r.samples),
      line(
        'CallTimer (reads the duration: once a second by design)',
        r.commits.timer,
        `≤ ${r.seconds + 1}`,
        r.commits.timer <= r.seconds + 1,
      ),
    ].join('\n');
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(await renderBudget());
