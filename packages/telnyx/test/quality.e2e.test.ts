/**
 * Quality on the Telnyx line: the SDK owns the peer connection, and the line hands it to the media kit, which
 * samples it as its own calls (samples, levels, warnings) and keeps them in the store as for any line. Real
 * SDK, real media on loopback; the far party's silence is real (its sender stops, as a far-side mute or hold would).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clientRequest, type FarParty, Method } from '../src/stand-in/index';
import { type BedShared, eventually, type LineBed, logLength, startBed, startShared, waitForLog } from './support/lineBed';

let shared: BedShared;
let bed: LineBed;

beforeAll(async () => {
  shared = await startShared();
});
afterAll(async () => {
  await shared?.close();
});
beforeEach(async () => {
  bed = await startBed(shared);
});
afterEach(async () => {
  await bed?.close();
});

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

const quality = (id: string) =>
  bed.page.evaluate((callId) => (window.line.store('alice').quality as Record<string, Quality>)[callId] ?? null, id);

async function activeCall(): Promise<string> {
  const options = { host: bed.standIn.url, login: 'handset', password: 'handset', iceServers: [] };
  expect(await bed.page.evaluate((o) => window.line.create('alice', o as never), options)).toBeNull();
  expect(await bed.page.evaluate(() => window.line.connect('alice'))).toBeNull();
  const id = await bed.page.evaluate(() => window.line.call('alice', '+15551230001'));
  await bed.standIn.waitFor(clientRequest(Method.Invite, id));
  await bed.standIn.answer(id);
  await waitForLog(bed.page, `alice call ${id} state active`);
  return id;
}

describe('call quality on the Telnyx line', () => {
  it('samples the SDK’s peer connection once a second into the store: packets, rtt, jitter, MOS and the codec', async () => {
    const id = await activeCall();
    await waitForLog(bed.page, `alice call ${id} samples`);
    const first = await eventually(
      () => quality(id),
      (q) => (q?.sample?.totals.packetsReceived ?? 0) > 20,
    );
    const later = await eventually(
      () => quality(id),
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
    const id = await activeCall();
    // No warning in the first 5 s of a call (the core's grace period), nor while audio flows.
    await waitForLog(bed.page, `alice call ${id} samples`);
    const far = bed.standIn.call(id).farParty as FarParty;
    const mark = await logLength(bed.page);
    await far.setHeld(true);
    await waitForLog(bed.page, `alice call ${id} warning low-bytes-received`, mark, 30_000);
    expect((await quality(id))?.warnings).toContain('low-bytes-received');
    expect((await quality(id))?.sample?.packetsReceived).toBe(0);

    await far.setHeld(false);
    await waitForLog(bed.page, `alice call ${id} warning-cleared low-bytes-received`, mark, 30_000);
    const cleared = await eventually(
      () => quality(id),
      (q) => (q?.sample?.packetsReceived ?? 0) > 0 && !q?.warnings.includes('low-bytes-received'),
    );
    expect(cleared?.warnings).not.toContain('low-bytes-received');
    expect(cleared?.sample?.packetsReceived).toBeGreaterThan(0);
    // The ended call's summary lists the warning, once.
    await bed.page.evaluate((callId) => window.line.run(callId, 'hangup'), id);
    await waitForLog(bed.page, `alice call ${id} ended hangup local`);
    expect((await bed.page.evaluate((callId) => window.line.snapshot(callId), id)).quality?.warningsRaised).toContain('low-bytes-received');
  });
});
