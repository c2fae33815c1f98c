#!/usr/bin/env node
/**
 * npm run bench:faults — runs the fault-injection tests (packages/sip/test/faults and
 * packages/sandbox/test/faults: real Kamailio, coturn, Chromium, with the UDP impairment relay and
 * the signalling proxy of tools/testing/faults) and prints one table: each impairment, what the relay
 * or proxy really applied, what the kit reported (warnings, events, MOS, time to detect and to
 * recover) beside the E-model's MOS for what was applied. The tests write the rows
 * (tools/testing/faults/benchRows.ts); a failing test is reported under the table.
 *
 *   node scripts/bench-faults.mjs
 *
 * Needs Debian's kamailio, kamailio-websocket-modules, coturn and chromium.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'handset-faults-'));
const rowsFile = join(dir, 'rows.jsonl');

const tests = ['packages/sip/test/faults/', 'packages/sandbox/test/faults/', 'tools/testing/faults/'];
const run = spawnSync('npx', ['vitest', 'run', '--project', 'e2e', '--project', 'unit', ...tests], {
  cwd: root,
  env: { ...process.env, HANDSET_FAULTS_BENCH: rowsFile },
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});

let rows = [];
try {
  rows = readFileSync(rowsFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
} catch {}
rmSync(dir, { recursive: true, force: true });

const ms = (n) => (n === null || n === undefined ? '-' : `${(n / 1000).toFixed(1)} s`);
const mos = (n) => (n === null || n === undefined ? '-' : n.toFixed(2));
const table = [
  ['line', 'impairment', 'applied (relay / proxy)', 'kit reported', 'kit MOS', 'E-model MOS', 'detect', 'recover'],
  ...rows.map((r) => [r.line, r.impairment, r.applied, r.reported, mos(r.kitMos), mos(r.eModelMos), ms(r.detectMs), ms(r.recoverMs)]),
];
const widths = table[0].map((_, column) => Math.max(...table.map((row) => String(row[column]).length)));
const format = (row) => `| ${row.map((cell, column) => String(cell).padEnd(widths[column])).join(' | ')} |`;
console.log(format(table[0]));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of table.slice(1)) console.log(format(row));

if (run.status !== 0) {
  const log = join(tmpdir(), 'handset-bench-faults.log');
  writeFileSync(log, `${run.stdout ?? ''}\n${run.stderr ?? ''}`);
  console.log(`\nA test failed; vitest's full output is in ${log}`);
}
const summary = `${run.stdout ?? ''}`
  .split('\n')
  .filter((line) => /Tests\s+\d|Test Files|FAIL|×/.test(line.replace(/\x1b\[[0-9;]*m/g, '')));
console.log(`\n${summary.map((line) => line.replace(/\x1b\[[0-9;]*m/g, '').trim()).join('\n')}`);
process.exitCode = run.status ?? 1;
