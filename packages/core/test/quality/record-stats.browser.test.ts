import { expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { openLoopback, reportToJson, silentTrack, sleep } from './loopback';

/**
 * Records real getStats reports of loopback calls (Chromium, fake microphone) one second apart.
 * Writes fixtures only when VITE_RECORD_STATS=1, so a normal run never rewrites the committed ones:
 *   VITE_RECORD_STATS=1 npx vitest run --project browser packages/core/test/quality/record-stats
 */
const record = (import.meta as ImportMeta & { env: Record<string, string> }).env.VITE_RECORD_STATS === '1';
const dir = 'packages/core/test/quality/fixtures'; // writeFile paths are relative to the Vitest root

async function collect(pc: RTCPeerConnection, count: number): Promise<Record<string, unknown>[]> {
  const reports: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    await sleep(1000);
    reports.push(reportToJson(await pc.getStats()));
  }
  return reports;
}

function types(report: Record<string, unknown>): Set<string> {
  return new Set(Object.values(report).map((s) => (s as RTCStats).type));
}

it('records a loopback call with the beeping fake microphone, then muted', async () => {
  const loop = await openLoopback();
  try {
    const reports = await collect(loop.caller, 6);
    loop.micTrack.enabled = false;
    const muted = await collect(loop.caller, 4);
    for (const t of ['inbound-rtp', 'outbound-rtp', 'remote-inbound-rtp', 'candidate-pair', 'codec', 'media-source', 'transport']) {
      expect(types(reports.at(-1)!)).toContain(t);
    }
    if (record)
      await commands.writeFile(`${dir}/loopback-beep.json`, `${JSON.stringify({ userAgent: navigator.userAgent, reports, muted })}\n`);
  } finally {
    loop.close();
  }
});

it('records a loopback call whose microphone track is live, enabled and silent', async () => {
  const context = new AudioContext();
  const loop = await openLoopback(silentTrack(context));
  try {
    const reports = await collect(loop.caller, 6);
    expect(types(reports.at(-1)!)).toContain('media-source');
    if (record) await commands.writeFile(`${dir}/loopback-silent.json`, `${JSON.stringify({ userAgent: navigator.userAgent, reports })}\n`);
  } finally {
    loop.close();
    await context.close();
  }
});
