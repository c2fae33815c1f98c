#!/usr/bin/env node
/**
 * npm run bench:sip — places calls through a local Kamailio (packages/sip/test/bed) from headless
 * Chromium and prints the time from dialling to media flowing: handset (`phone.call()` → `active`)
 * next to plain SIP.js (`Inviter.invite()` → established + peer connection connected), answered by
 * the same handset phone, interleaved, in the same run. Not a test: it prints figures.
 *
 *   node scripts/bench-sip.mjs [calls=20]
 *
 * Needs the packages built (turbo run build) and Debian's kamailio, kamailio-websocket-modules, chromium.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const calls = Number(process.argv[2] ?? 20);
const warmup = 3;

// The test bed's helpers are TypeScript: bundle them for Node once (inside the repo, so that their imports resolve).
mkdirSync(join(root, 'node_modules/.cache'), { recursive: true });
const outDir = mkdtempSync(join(root, 'node_modules/.cache/handset-bench-'));
const helpers = join(outDir, 'helpers.mjs');
await build({
  stdin: {
    contents: `export { startKamailio, testUsers, testDomain } from './packages/sip/test/bed/kamailio.ts';
export { serveHarness } from './tools/testing/serve.ts';
export { launchChromium, newMediaContext } from './tools/testing/chromium.ts';`,
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  outfile: helpers,
  logLevel: 'silent',
});
let loaded;
try {
  loaded = await import(pathToFileURL(helpers).href);
} catch (error) {
  rmSync(outDir, { recursive: true, force: true });
  throw error;
}
const { startKamailio, testUsers, testDomain, serveHarness, launchChromium, newMediaContext } = loaded;

const quantile = (sorted, q) => {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
};
const summary = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p10: quantile(sorted, 0.1), p90: quantile(sorted, 0.9), min: sorted[0], max: sorted.at(-1) };
};
const ms = (value) => `${value.toFixed(1).padStart(7)} ms`;

let bed;
try {
  bed = await startKamailio({ config: join(root, 'packages/sip/test/bed/kamailio.cfg') });
} catch (error) {
  rmSync(outDir, { recursive: true, force: true });
  throw error;
}
let harness;
let browser;
try {
  harness = await serveHarness(join(root, 'packages/sip/test/harness/bench.ts'), 'handset sip bench');
  browser = await launchChromium();
  const context = await newMediaContext(browser, harness.origin);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(harness.origin);
  await page.waitForFunction(() => typeof window.bench === 'object');
  await page.evaluate((setup) => window.bench.start(setup), { server: bed.wsUrl, domain: testDomain, users: testUsers });

  const results = { handset: [], plain: [] };
  for (let i = 0; i < warmup + calls; i++) {
    // Alternate which goes first so that neither always follows the other's teardown.
    const order = i % 2 === 0 ? ['handset', 'plain'] : ['plain', 'handset'];
    for (const kind of order) {
      const timing = await page.evaluate((k) => (k === 'handset' ? window.bench.handsetCall() : window.bench.plainCall()), kind);
      await page.evaluate(() => window.bench.idle());
      if (i >= warmup) results[kind].push(timing);
    }
  }

  console.log(
    `\nSIP calls through Kamailio on loopback, dial → media flowing, ${calls} calls each (+${warmup} warm-up), Chromium headless\n`,
  );
  console.log('                      median       p10       p90       min       max');
  const medians = {};
  for (const kind of ['handset', 'plain']) {
    const label = kind === 'handset' ? 'handset  call→active' : 'SIP.js   invite→conn';
    const s = summary(results[kind].map((t) => t.activeMs));
    medians[kind] = s.median;
    console.log(`${label} ${ms(s.median)} ${ms(s.p10)} ${ms(s.p90)} ${ms(s.min)} ${ms(s.max)}`);
  }
  const ratio = medians.handset / medians.plain;
  console.log(`\nratio handset / SIP.js (medians): ${ratio.toFixed(3)}  (budget ≤ 1.10: ${ratio <= 1.1 ? 'within' : 'OVER'})`);
  console.log('\nwhere the time goes (medians, ms from the dial):');
  console.log('                     ringing (180)   answered (200)   media flowing');
  for (const kind of ['handset', 'plain']) {
    const r = summary(results[kind].map((t) => t.ringingMs)).median;
    const a = summary(results[kind].map((t) => t.answeredMs)).median;
    const m = medians[kind];
    console.log(`${kind.padEnd(20)} ${r.toFixed(1).padStart(13)} ${a.toFixed(1).padStart(16)} ${m.toFixed(1).padStart(15)}`);
  }
  await context.close();
} finally {
  await browser?.close().catch(() => {});
  await harness?.close().catch(() => {});
  await bed.stop();
  rmSync(outDir, { recursive: true, force: true });
}
