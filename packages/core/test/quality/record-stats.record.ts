import { describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { openLoopback, reportToJson, silentTrack, sleep } from './loopback';

/**
 * Records real getStats reports of loopback calls (Chromium, fake microphone) one second apart.
 * A recording script, not a test: the `record` Vitest project exists only when RECORD_STATS=1 (it takes
 * ~25 s and rewrites the committed fixtures); QualityMonitor.browser.test.ts covers the live path on every run.
 *   RECORD_STATS=1 npx vitest run --project record
 */
const dir = 'packages/core/test/quality/fixtures'; // writeFile paths are relative to the Vitest root

async function collect(pc: RTCPeerConnection, count: number, other?: RTCPeerConnection, otherReports: Record<string, unknown>[] = []) {
  const reports: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    await sleep(1000);
    reports.push(reportToJson(await pc.getStats()));
    if (other) otherReports.push(reportToJson(await other.getStats()));
  }
  return reports;
}

function types(report: Record<string, unknown>): Set<string> {
  return new Set(Object.values(report).map((s) => (s as RTCStats).type));
}

describe('recording getStats fixtures', () => {
  it('records a loopback call with the beeping fake microphone, then muted', async () => {
    const loop = await openLoopback();
    try {
      const reports = await collect(loop.caller, 6);
      loop.micTrack.enabled = false;
      const muted = await collect(loop.caller, 4);
      for (const t of ['inbound-rtp', 'outbound-rtp', 'remote-inbound-rtp', 'candidate-pair', 'codec', 'media-source', 'transport']) {
        expect(types(reports.at(-1)!)).toContain(t);
      }
      await commands.writeFile(`${dir}/loopback-beep.json`, `${JSON.stringify({ userAgent: navigator.userAgent, reports, muted })}\n`);
    } finally {
      loop.close();
    }
  });

  it.each([
    ['silent', false],
    ['dead', true],
  ])('records a loopback call whose microphone track is live and enabled but %s', async (name, dead) => {
    const context = new AudioContext();
    const loop = await openLoopback(silentTrack(context, dead));
    try {
      // The callee's side too: it receives the caller's packets, which carry silence.
      const callee: Record<string, unknown>[] = [];
      const reports = await collect(loop.caller, 6, loop.callee, callee);
      expect(types(reports.at(-1)!)).toContain('media-source');
      await commands.writeFile(`${dir}/loopback-${name}.json`, `${JSON.stringify({ userAgent: navigator.userAgent, reports, callee })}\n`);
    } finally {
      loop.close();
      await context.close();
    }
  });
});
