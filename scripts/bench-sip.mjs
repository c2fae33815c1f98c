#!/usr/bin/env node
/**
 * npm run bench:sip — places calls through a local Kamailio (packages/sip/test/bed) from headless
 * Chromium and prints the time from dialling to media flowing: handset (`phone.call()` → `active`),
 * cold and warm (`line.warmUp()` before the dial, untimed, reported apart), next to plain SIP.js
 * (`Inviter.invite()` → established + peer connection connected), answered by the same handset phone,
 * interleaved, in the same run, with where the time goes. Not a test: it prints figures.
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

  const kinds = ['cold', 'warm', 'plain'];
  const labels = { cold: 'handset cold', warm: 'handset warm', plain: 'SIP.js plain' };
  const results = { cold: [], warm: [], plain: [] };
  for (let i = 0; i < warmup + calls; i++) {
    // Rotate which goes first so that none always follows the same one's teardown.
    const order = kinds.map((_, k) => kinds[(i + k) % kinds.length]);
    for (const kind of order) {
      await page.evaluate(() => window.bench.clear());
      const timing = await page.evaluate(
        (k) => (k === 'cold' ? window.bench.handsetCall() : k === 'warm' ? window.bench.warmCall() : window.bench.plainCall()),
        kind,
      );
      await page.evaluate(() => window.bench.idle());
      if (i >= warmup) results[kind].push(timing);
    }
  }

  console.log(
    `\nSIP calls through Kamailio on loopback, dial → media flowing, ${calls} calls each (+${warmup} warm-up), Chromium headless\n`,
  );
  console.log('dial → media flowing      median       p10       p90       min       max');
  const medians = {};
  for (const kind of kinds) {
    const s = summary(results[kind].map((t) => t.activeMs));
    medians[kind] = s.median;
    console.log(`${labels[kind].padEnd(20)} ${ms(s.median)} ${ms(s.p10)} ${ms(s.p90)} ${ms(s.min)} ${ms(s.max)}`);
  }
  const verdict = (ratio, budget) => `${ratio.toFixed(3)}  (budget ≤ ${budget.toFixed(2)}: ${ratio <= budget ? 'within' : 'OVER'})`;
  console.log(`\nratio handset warm / SIP.js (medians): ${verdict(medians.warm / medians.plain, 0.6)}`);
  console.log(`ratio handset cold / SIP.js (medians): ${verdict(medians.cold / medians.plain, 1.1)}`);
  const warmUp = summary(results.warm.map((t) => t.warmUpMicMs)).median;
  console.log(`warm-up (not timed in the call): microphone open after ${warmUp.toFixed(1)} ms (median), then 300 ms of typing`);
  const invites = kinds.map((kind) => `${labels[kind]} ${Math.max(...results[kind].map((t) => t.invites))}`).join(', ');
  console.log(`INVITEs sent per call, at most (2 would be a challenge and a second try): ${invites}`);
  console.log('\nwhere the time goes (medians, ms from the dial; warm: microphone and ICE were ready before it):');
  const columns = [
    ['micMs', 'mic open'],
    ['offerMs', 'offer set'],
    ['inviteMs', 'ICE→INVITE'],
    ['ringingMs', '180'],
    ['answeredMs', '200'],
    ['activeMs', 'media'],
  ];
  console.log(`${''.padEnd(20)}${columns.map(([, title]) => title.padStart(12)).join('')}`);
  for (const kind of kinds) {
    const cells = columns.map(([key]) => {
      const values = results[kind].map((t) => t[key]).filter((v) => !Number.isNaN(v));
      return (values.length ? summary(values).median.toFixed(1) : '—').padStart(12);
    });
    console.log(`${labels[kind].padEnd(20)}${cells.join('')}`);
  }
  await context.close();
} finally {
  await browser?.close().catch(() => {});
  await harness?.close().catch(() => {});
  await bed.stop();
  rmSync(outDir, { recursive: true, force: true });
}
