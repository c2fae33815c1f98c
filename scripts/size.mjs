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
    name: 'libphonenumber-js AsYouType and parsePhoneNumberFromString (loaded lazily by Dialpad)',
    pkg: 'react',
    contents: "export { AsYouType, parsePhoneNumberFromString } from 'libphonenumber-js/min';",
  },
];
/** What we compete with. */
const anchors = [
  { name: 'Twilio Voice SDK (@twilio/voice-sdk)', contents: "export * from '@twilio/voice-sdk';" },
  { name: 'SIP.js (sip.js)', contents: "export * from 'sip.js';" },
  { name: 'Telnyx WebRTC (@telnyx/webrtc)', contents: "export * from '@telnyx/webrtc';" },
  {
    name: 'Telnyx WebRTC + its React client (@telnyx/react-client)',
    contents: "export * from '@telnyx/webrtc'; export * from '@telnyx/react-client';",
    external: react,
  },
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

/** Bundles with code splitting: the entry's chunk and every chunk it imports statically, and apart each chunk only a dynamic import reaches. */
async function measureSplit(contents, external) {
  const result = await build({
    stdin: { contents, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    splitting: true,
    outdir: 'size-out',
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    external,
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const files = new Map(result.outputFiles.map((file) => [file.path.slice(file.path.indexOf('size-out')), file.contents]));
  const outputs = result.metafile.outputs;
  const sizeOf = (name) => ({ min: files.get(name).length, gzip: gzipSync(files.get(name), { level: 9 }).length });
  const entry = Object.keys(outputs).find((name) => outputs[name].entryPoint);
  const initial = new Set();
  const walk = (name) => {
    if (initial.has(name)) return;
    initial.add(name);
    for (const i of outputs[name].imports) if (i.kind === 'import-statement' && !i.external) walk(i.path);
  };
  walk(entry);
  // The initial load gzipped as one file would be slightly smaller than separately: count each file as the browser fetches it.
  const total = [...initial].map(sizeOf).reduce((a, b) => ({ min: a.min + b.min, gzip: a.gzip + b.gzip }), { min: 0, gzip: 0 });
  const lazy = Object.keys(outputs)
    .filter((name) => !initial.has(name) && name.endsWith('.js'))
    .map((name) => ({
      what: Object.keys(outputs[name].inputs)
        .map(shortInput)
        .filter((v, i, all) => all.indexOf(v) === i)
        .join(', '),
      ...sizeOf(name),
    }));
  return { initial: total, lazy };
}

/** `node_modules/libphonenumber-js/...` → `libphonenumber-js`; `packages/core/dist/...` → `@handset/core`. */
function shortInput(path) {
  const pkg = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1];
  const own = path.match(/packages\/([^/]+)\//);
  return own ? `@handset/${own[1]}` : path;
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
// The whole softphone as an app ships it: what it downloads before its first dynamic import (the initial load),
// and, apart, what it loads on first use. Code splitting on, React excluded.
const softphone = {
  name: 'whole softphone at initial load (core, media kit, SIP line + SIP.js, components + Radix; React excluded)',
  contents:
    "export { createPhone } from '@handset/core'; export { browserMedia } from '@handset/core/media'; export { sip } from '@handset/sip'; export * from '@handset/react';",
  budget: 85_000,
};
if (['sip', 'react'].every((pkg) => existsSync(new URL(`../packages/${pkg}/dist`, import.meta.url)))) {
  const { initial, lazy } = await measureSplit(softphone.contents, react);
  const within = initial.gzip <= softphone.budget;
  if (!within) overBudget = true;
  rows.push([softphone.name, kB(initial.min), kB(initial.gzip), `${within ? 'within' : 'OVER'} ${kB(softphone.budget)}`]);
  for (const chunk of lazy)
    rows.push([`  loaded on first use: ${chunk.what || 'the import() of a part already loaded'}`, kB(chunk.min), kB(chunk.gzip), '']);
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
