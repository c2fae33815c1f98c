// Soak: calls in a row on one phone with the browser media kit, then the JS heap after GC and what calls
// leave behind (tracks, peer connections, audio contexts, listeners, timers, WebSockets), counted in the
// page. Budgets (issue #18): heap growth under 5 MB, nothing left. Prints; asserts nothing (the test that
// fails on a leak is packages/sandbox/test/leak.browser.test.ts, 100 sandbox calls).
// Run alone: node --import tsx bench/soak.ts [sandboxCalls=500] [sipCalls=100] (after npm run build).
import { pathToFileURL } from 'node:url';
import type { ResourceCounts } from '../packages/sandbox/test/support/resources.ts';
import { startKamailio, testDomain, testUsers } from '../packages/sip/test/bed/kamailio.ts';
import { withBenchPage } from './benchPage.ts';
import type { SoakLine, SoakResult } from './pages/soak.ts';

const warmup = 10;
const heapBudget = 5 * 1024 * 1024;
const leakable: Array<keyof ResourceCounts> = [
  'liveTracks',
  'peerConnections',
  'audioContexts',
  'audioNodesConnected',
  'listeners',
  'intervals',
  'timeouts',
  'webSockets',
];

async function soak(line: SoakLine, calls: number): Promise<SoakResult> {
  return withBenchPage(
    new URL('./pages/soak.ts', import.meta.url),
    `soak ${line.kind}`,
    async (page) => {
      type Bench = { start(l: SoakLine): Promise<void>; run(c: number, w: number): Promise<SoakResult>; stop(): Promise<void> };
      page.on('pageerror', (error) => console.error(`soak ${line.kind} page error: ${error.message}`));
      await page.evaluate(async (l) => (window as unknown as { bench: Bench }).bench.start(l), line);
      const result = await page.evaluate(
        async ([c, w]) => (window as unknown as { bench: Bench }).bench.run(c as number, w as number),
        [calls, warmup],
      );
      await page.evaluate(async () => (window as unknown as { bench: Bench }).bench.stop());
      return result;
    },
    { chromiumArgs: ['--js-flags=--expose-gc', '--enable-precise-memory-info'] },
  );
}

function report(label: string, r: SoakResult): string {
  const growth = r.heapAfter - r.heapBefore;
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
  const left = leakable.map((name) => {
    const delta = r.after[name] - r.before[name];
    return `${name} ${r.before[name]}→${r.after[name]}${delta > 0 ? ' LEFT' : ''}`;
  });
  const leaks = leakable.filter((name) => r.after[name] > r.before[name]);
  return [
    `${label}: ${r.calls} calls in ${r.seconds.toFixed(0)} s (${((r.seconds * 1000) / r.calls).toFixed(0)} ms a call), after ${warmup} warm-up calls`,
    `  heap after GC ${mb(r.heapBefore)} → ${mb(r.heapAfter)}: growth ${mb(growth)} (budget < ${mb(heapBudget)}: ${growth < heapBudget ? 'within' : 'OVER'})`,
    `  left behind (before → after): ${left.join(', ')}`,
    `  ${leaks.length === 0 ? 'nothing left behind' : `LEFT: ${leaks.join(', ')}`}; peer connections made ${r.after.peerConnectionsCreated - r.before.peerConnectionsCreated}`,
  ].join('\n');
}

export async function soakBench(sandboxCalls = 500, sipCalls = 100): Promise<string> {
  const lines = ['Soak: calls in a row, one phone with the browser media kit (Chromium headless, --expose-gc)'];
  lines.push(report('sandbox (echo)', await soak({ kind: 'sandbox' }, sandboxCalls)));
  const bed = await startKamailio();
  try {
    const users = { alice: testUsers.alice, bob: testUsers.bob };
    lines.push(report('SIP through Kamailio', await soak({ kind: 'sip', server: bed.wsUrl, domain: testDomain, users }, sipCalls)));
  } finally {
    await bed.stop();
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await soakBench(Number(process.argv[2] ?? 500), Number(process.argv[3] ?? 100)));
}
