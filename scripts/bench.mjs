#!/usr/bin/env node
// Benchmarks, each printed beside the reference it competes with, measured the same way in the same run.
// Not tests: they assert nothing and never fail on a figure. `npm run bench` builds first.
import { spawnSync } from 'node:child_process';

const benches = ['bench/run-media-cost.ts', 'bench/render-budget.ts', 'bench/soak.ts'];
for (const bench of benches) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', bench], { stdio: 'inherit' });
  if (result.status !== 0) process.exitCode = 1;
}
