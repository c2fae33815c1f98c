/**
 * The rows of `npm run bench:faults`: each fault test records what it applied and what the kit
 * reported, and scripts/bench-faults.mjs prints them as one table. Without HANDSET_FAULTS_BENCH
 * (a file path, set by the bench script) nothing is written.
 */
import { appendFileSync } from 'node:fs';

export interface FaultRow {
  /** Which line was under test: `sip` or `sandbox`. */
  readonly line: string;
  readonly impairment: string;
  /** What the relay or proxy really did, in words and figures. */
  readonly applied: string;
  /** Warnings, events and end reasons the kit reported. */
  readonly reported: string;
  readonly kitMos: number | null;
  readonly eModelMos: number | null;
  /** From the fault's start to the kit's first report of it, ms. */
  readonly detectMs: number | null;
  /** From the fault's end to the kit's all-clear (warning cleared, call or registration back), ms. */
  readonly recoverMs: number | null;
}

export function recordFaultRow(row: FaultRow): void {
  const { HANDSET_FAULTS_BENCH: file } = process.env;
  if (file) appendFileSync(file, `${JSON.stringify(row)}\n`);
}
