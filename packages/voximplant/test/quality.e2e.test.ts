/**
 * Quality on the Voximplant line: the SDK owns the peer connection, and the line hands it to the media kit
 * (the contract's `media` signal), which samples it as its own calls (samples, levels, warnings) into the store.
 * Real SDK, real media on loopback; the far party's silence is real (its sender stops, as a far-side mute would).
 */
import { describe, expect, it } from 'vitest';
import { eventually } from './harness/bed';
import { type LineBed, useLineBed, waitForLine } from './harness/lineBed';

const beds = useLineBed();

interface Quality {
  sample: {
    rtt: number;
    jitter: number;
    mos: number | null;
    codecName: string;
    packetsReceived: number;
    totals: { packetsReceived: number; packetsSent: number };
  } | null;
  level: string | null;
  warnings: string[];
}

const quality = (bed: LineBed, id: string) => bed.page.evaluate((callId) => window.line.quality(callId) as Quality | null, id);
const logLength = (bed: LineBed) => bed.page.evaluate(() => window.line.log.length);

/** Waits for `needle` in the page's log after its first `from` lines. */
async function waitForLater(bed: LineBed, needle: string, from: number): Promise<void> {
  const found = await eventually(
    () => bed.page.evaluate(([text, start]) => window.line.log.slice(start).some((entry) => entry.includes(text)), [needle, from] as const),
    (seen) => seen,
    30_000,
  );
  expect(found, `"${needle}" in the page's log`).toBe(true);
}

async function activeCall(bed: LineBed): Promise<string> {
  await bed.connect();
  const id = await bed.page.evaluate(() => window.line.call('+14155550123'));
  await waitForLine(bed.page, `${id} state active`);
  return id;
}

describe('call quality on the Voximplant line', () => {
  it('samples the SDK’s peer connection into the store: packets, rtt, jitter, MOS and the codec', async () => {
    const bed = await beds.open();
    const id = await activeCall(bed);
    await waitForLine(bed.page, `${id} samples`, 20_000);
    const first = await eventually(
      () => quality(bed, id),
      (q) => (q?.sample?.totals.packetsReceived ?? 0) > 20,
    );
    const later = await eventually(
      () => quality(bed, id),
      (q) => (q?.sample?.totals.packetsReceived ?? 0) > (first?.sample?.totals.packetsReceived ?? 0) + 40,
    );
    const sample = later?.sample;
    expect(sample?.codecName).toBe('opus');
    expect(sample?.packetsReceived).toBeGreaterThan(20); // ~50 a second of 20 ms Opus frames
    expect(sample?.totals.packetsSent).toBeGreaterThan(40);
    expect(sample?.mos).toBeGreaterThan(4);
    expect(later?.level).toBe('excellent');
    // Loopback: a round trip and jitter measured by RTCP, well under the warning thresholds (400 ms, 30 ms).
    expect(sample?.rtt).toBeGreaterThanOrEqual(0);
    expect(sample?.rtt).toBeLessThan(400);
    expect(sample?.jitter).toBeGreaterThanOrEqual(0);
    expect(sample?.jitter).toBeLessThan(30);
    expect(later?.warnings).toEqual([]);
  });

  it('raises low-bytes-received when the far party stops sending audio, and clears it when it sends again', async () => {
    const bed = await beds.open();
    const id = await activeCall(bed);
    // No warning in the first 5 s of a call (the core's grace period), nor while audio flows.
    await waitForLine(bed.page, `${id} samples`, 20_000);
    const mark = await logLength(bed);
    await bed.farPage.evaluate(() => window.far.setSending(false));
    await waitForLater(bed, `${id} warning low-bytes-received`, mark);
    expect((await quality(bed, id))?.warnings).toContain('low-bytes-received');
    expect((await quality(bed, id))?.sample?.packetsReceived).toBe(0);

    await bed.farPage.evaluate(() => window.far.setSending(true));
    await waitForLater(bed, `${id} warning-cleared low-bytes-received`, mark);
    const cleared = await eventually(
      () => quality(bed, id),
      (q) => (q?.sample?.packetsReceived ?? 0) > 0 && !q?.warnings.includes('low-bytes-received'),
    );
    expect(cleared?.warnings).not.toContain('low-bytes-received');
    expect(cleared?.sample?.packetsReceived).toBeGreaterThan(0);
    // The ended call's summary lists the warning.
    await bed.page.evaluate((callId) => window.line.run(callId, 'hangup'), id);
    await waitForLine(bed.page, `${id} ended hangup local`);
    const snapshot = (await bed.page.evaluate((callId) => window.line.snapshot(callId), id)) as {
      quality?: { warningsRaised?: string[] };
    } | null;
    expect(snapshot?.quality?.warningsRaised).toContain('low-bytes-received');
  });
});
