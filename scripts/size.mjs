#!/usr/bin/env node
// Size report: every entry is bundled with esbuild (minified, browser, ESM, its own npm dependencies
// included), then gzipped. The anchors are measured the same way in the same run.
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** What we ship, with budgets from the issues (bytes of min+gzip). A package not built yet is skipped. */
const react = ['react', 'react-dom', 'react/jsx-runtime', '@radix-ui/*'];
const entries = [
  { name: '@handset/core', contents: "export * from '@handset/core';", budget: 10_000 },
  { name: '@handset/core (createPhone only)', contents: "export { createPhone } from '@handset/core';" },
  { name: '@handset/core + @handset/core/media', contents: "export * from '@handset/core'; export * from '@handset/core/media';" },
  // What the lines share (end reasons, JWT expiry, microphone constraints, ...): an app with any line pays it once.
  // Measured with core: the kit reads the core's own tables (call options), which an app has anyway.
  {
    name: '@handset/core/line-kit (shared by the lines, with core)',
    contents: "export * from '@handset/core'; export * from '@handset/core/line-kit';",
  },
  { name: '@handset/core/parity (with core)', contents: "export * from '@handset/core'; export * from '@handset/core/parity';" },
  { name: '@handset/sandbox (with core)', pkg: 'sandbox', contents: "export * from '@handset/core'; export * from '@handset/sandbox';" },
  { name: '@handset/sip (with core and sip.js)', pkg: 'sip', contents: "export * from '@handset/core'; export * from '@handset/sip';" },
  {
    name: '@handset/twilio (without core and the Twilio SDK)',
    pkg: 'twilio',
    contents: "export * from '@handset/twilio';",
    external: ['@handset/core', '@twilio/voice-sdk'],
    budget: 3_000,
  },
  {
    name: '@handset/twilio/recovery (opt-in, without core and the Twilio SDK)',
    pkg: 'twilio',
    contents: "export * from '@handset/twilio/recovery';",
    external: ['@handset/core', '@twilio/voice-sdk'],
  },
  {
    name: '@handset/telnyx (without core and @telnyx/webrtc)',
    pkg: 'telnyx',
    contents: "export * from '@handset/telnyx';",
    external: ['@handset/core', '@handset/core/*', '@telnyx/webrtc'],
    budget: 3_000,
  },
  {
    name: '@handset/voximplant (without core and the Voximplant SDK)',
    pkg: 'voximplant',
    contents: "export * from '@handset/voximplant';",
    external: ['@handset/core', '@handset/core/*', 'voximplant-websdk'],
    budget: 3_000,
  },
  {
    name: '@handset/react (without core, React, Radix)',
    pkg: 'react',
    contents: "export * from '@handset/react';",
    external: [...react, '@handset/core', 'libphonenumber-js', 'libphonenumber-js/*'],
    budget: 12_000,
  },
  {
    name: 'libphonenumber-js AsYouType (loaded lazily by Dialpad)',
    pkg: 'react',
    contents: "export { AsYouType } from 'libphonenumber-js/min';",
  },
];
/** What we compete with. */
const anchors = [
  { name: 'Twilio Voice SDK (@twilio/voice-sdk)', contents: "export * from '@twilio/voice-sdk';" },
  { name: 'SIP.js (sip.js)', contents: "export * from 'sip.js';" },
  { name: 'Telnyx WebRTC (@telnyx/webrtc)', contents: "export * from '@telnyx/webrtc';" },
  { name: 'Voximplant Web SDK (voximplant-websdk)', contents: "export * from 'voximplant-websdk';" },
];

async function measure({ contents, external = [] }) {
  const result = await build({
    stdin: { contents, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    external,
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const code = result.outputFiles[0].contents;
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

const kB = (bytes) => `${(bytes / 1000).toFixed(2)} kB`;
const rows = [];
let overBudget = false;
for (const entry of entries) {
  if (entry.pkg && !existsSync(new URL(`../packages/${entry.pkg}/dist`, import.meta.url))) continue;
  const size = await measure(entry);
  const verdict = entry.budget === undefined ? '' : size.gzip <= entry.budget ? `within ${kB(entry.budget)}` : `OVER ${kB(entry.budget)}`;
  if (entry.budget !== undefined && size.gzip > entry.budget) overBudget = true;
  rows.push([entry.name, kB(size.min), kB(size.gzip), verdict]);
}
for (const anchor of anchors) {
  try {
    const size = await measure(anchor);
    rows.push([anchor.name, kB(size.min), kB(size.gzip), 'anchor']);
  } catch (error) {
    rows.push([anchor.name, '-', '-', `not measured: ${error.message.split('\n')[0]}`]);
  }
}
const header = ['bundle', 'min', 'min+gzip', 'budget'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
console.log(line(header));
for (const row of rows) console.log(line(row));
if (overBudget) {
  console.error('\nA bundle is over its budget.');
  process.exitCode = 1;
}
