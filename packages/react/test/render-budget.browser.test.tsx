// The render budget in real Chromium (support/renderBudget.tsx: an echo call with the media kit, watched with
// React's <Profiler>, in StrictMode). Components that read neither quality nor levels must not commit at all;
// the meters must not commit for a level; the quality indicator commits at most once per sample, the timer
// once a second. (`npm run bench` prints the same counts: bench/render-budget.ts.)
import { expect, test } from 'vitest';
import { measureRenderBudget } from './support/renderBudget';

test('during a live call, levels and samples re-render only the quality indicator, once per sample at most', async () => {
  const { frames, levelWrites, samples, commits, mos } = await measureRenderBudget(3, { strict: true });
  expect(frames).toBeGreaterThan(60);
  expect(levelWrites).toBeGreaterThan(30); // the meters drew the levels, outside React
  expect(samples).toBeGreaterThanOrEqual(2);
  expect(commits.static).toBe(0);
  expect(commits.meters).toBe(0);
  expect(commits.quality).toBeLessThanOrEqual(samples);
  expect(commits.timer).toBeLessThanOrEqual(4); // a commit a second (StrictMode does not double commits)
  expect(mos).toBeGreaterThan(3);
});
