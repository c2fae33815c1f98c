/**
 * What the Web SDK applies but never reports, read by the line from the SDK's own peer connection, with real media:
 * early media (the cloud's `startEarlyMedia` before the answer) and the far side's hold (`handleReInvite` offering
 * `sendonly`, then `sendrecv`).
 */
import { describe, expect, it } from 'vitest';
import { eventually } from './harness/bed';
import { type LineBed, useLineBed, waitForLine } from './harness/lineBed';

const beds = useLineBed();

async function packets(bed: LineBed): Promise<{ far: number; phone: number }> {
  return {
    far: await bed.farPage.evaluate(() => window.far.inboundPackets()),
    phone: await bed.page.evaluate(() => window.line.packetsReceived()),
  };
}

/**
 * Waits until the phone (and, with `both`, the far party) has received 20 more audio packets. Packets are summed
 * poll by poll: Chromium starts a receiver's counter again when a renegotiation changes its direction.
 */
async function expectAudio(bed: LineBed, both: boolean): Promise<void> {
  let last = await packets(bed);
  const got = { far: 0, phone: 0 };
  const grow = (now: number, before: number) => (now >= before ? now - before : now);
  await eventually(
    async () => {
      const now = await packets(bed);
      got.far += grow(now.far, last.far);
      got.phone += grow(now.phone, last.phone);
      last = now;
      return got;
    },
    (sum) => sum.phone > 20 && (!both || sum.far > 20),
  );
  expect(got.phone).toBeGreaterThan(20);
  if (both) expect(got.far).toBeGreaterThan(20);
}

/** Waits until `needle` has been logged `count` times. */
async function logged(bed: LineBed, needle: string, count: number): Promise<void> {
  await bed.page.waitForFunction(([text, n]) => window.line.log.filter((entry) => entry === text).length >= n, [needle, count] as const, {
    timeout: 15_000,
    polling: 20,
  });
}

describe('early media and remote hold on the Voximplant line with the real Web SDK', () => {
  it("early media: the far side's audio plays before the answer (ringing with earlyMedia), the answer keeps it", async () => {
    const bed = await beds.open({ outgoing: 'early' });
    await bed.connect();
    const id = await bed.page.evaluate(() => window.line.call('+14155550123'));
    await waitForLine(bed.page, `${id} ringing earlyMedia=false`);
    await waitForLine(bed.page, `${id} ringing earlyMedia=true`);
    const call = await bed.standIn.waitFor(() => bed.standIn.calls[0], 'the call');
    expect(call.earlyMedia).toBe(true);
    expect(call.frames.map((frame) => frame.name)).toContain('startEarlyMedia');
    // Still ringing, and the far side's audio reaches the phone (and ours the far side) before any answer.
    await expectAudio(bed, true);
    expect(await bed.page.evaluate((i) => window.line.snapshot(i), id)).toMatchObject({ state: 'ringing', earlyMedia: true });

    await bed.standIn.answerOutgoing(call.id, { 'X-Answer': 'late' });
    await waitForLine(bed.page, `${id} state active`);
    expect(await bed.page.evaluate((i) => window.line.snapshot(i), id)).toMatchObject({ earlyMedia: false });
    expect(await bed.page.evaluate(() => window.line.capabilities().earlyMedia)).toBe(true);
    await expectAudio(bed, true);
  });

  it('a call answered without early media rings with earlyMedia false only', async () => {
    const bed = await beds.open({ outgoing: 'ring' });
    await bed.connect();
    const id = await bed.page.evaluate(() => window.line.call('+14155550123'));
    await waitForLine(bed.page, `${id} ringing earlyMedia=false`);
    const call = await bed.standIn.waitFor(() => bed.standIn.calls[0], 'the call');
    await bed.standIn.answerOutgoing(call.id);
    await waitForLine(bed.page, `${id} state active`);
    const log = await bed.page.evaluate(() => window.line.log);
    expect(log).not.toContain(`${id} ringing earlyMedia=true`);
  });

  it('remote hold: the far side holds (hold by remote, the call stays active) and resumes; with our own hold too', async () => {
    const bed = await beds.open();
    await bed.connect();
    const id = await bed.page.evaluate(() => window.line.call('+14155550123'));
    await waitForLine(bed.page, `${id} state active`);
    const call = await bed.standIn.waitFor(() => bed.standIn.calls[0], 'the call');

    await bed.standIn.holdFromFar(call.id, true);
    await logged(bed, `${id} hold remote`, 1);
    expect(await bed.page.evaluate(() => window.line.direction())).toBe('recvonly');
    expect(await bed.page.evaluate((i) => window.line.snapshot(i), id)).toMatchObject({ state: 'active', remoteHold: true });
    expect(call.frames.map((frame) => frame.name)).toEqual(expect.arrayContaining(['handleReInvite', 'AcceptReInvite']));
    // The far side still sends: its hold music (here its microphone) reaches the phone.
    await expectAudio(bed, false);

    await bed.standIn.holdFromFar(call.id, false);
    await logged(bed, `${id} unhold remote`, 1);
    expect(await bed.page.evaluate((i) => window.line.snapshot(i)?.remoteHold, id)).toBe(false);
    await expectAudio(bed, true);

    // Our hold is not the far side's: no remote hold for it; the far side's hold on top of it is.
    await bed.page.evaluate((i) => window.line.run(i, 'hold'), id);
    await waitForLine(bed.page, `${id} state held`);
    await bed.standIn.waitFor(() => call.held, 'our hold at the stand-in');
    await bed.standIn.holdFromFar(call.id, true);
    await logged(bed, `${id} hold remote`, 2);
    await bed.standIn.holdFromFar(call.id, false);
    await logged(bed, `${id} unhold remote`, 2);
    await bed.page.evaluate((i) => window.line.run(i, 'unhold'), id);
    await logged(bed, `${id} state active`, 2);
    await bed.standIn.waitFor(() => !call.held, 'our unhold at the stand-in');
    const log = await bed.page.evaluate(() => window.line.log);
    expect(log.filter((entry) => entry.startsWith(`${id} hold `))).toEqual([`${id} hold remote`, `${id} hold local`, `${id} hold remote`]);
    await expectAudio(bed, true);
  });

  it("our hold stays a hold when the far side's re-INVITE arrives while the SDK still applies our hold's answer", async () => {
    const bed = await beds.open();
    await bed.connect();
    const id = await bed.page.evaluate(() => window.line.call('+14155550123'));
    await waitForLine(bed.page, `${id} state active`);
    const call = await bed.standIn.waitFor(() => bed.standIn.calls[0], 'the call');

    // The far side's hold follows the answer to our hold's re-INVITE in the same tick: the SDK's queue then
    // rejects our hold's promise, though the re-INVITE went out and was accepted.
    const farHold = bed.standIn.holdFromFar(call.id, true, { behindOurReinvite: true });
    await bed.page.evaluate((i) => window.line.run(i, 'hold'), id);
    await farHold;
    await logged(bed, `${id} hold remote`, 1);
    expect(call.held).toBe(true);
    expect(await bed.page.evaluate((i) => window.line.snapshot(i), id)).toMatchObject({ state: 'held', remoteHold: true });

    // And our unhold reaches the far side once it resumes.
    await bed.standIn.holdFromFar(call.id, false);
    await logged(bed, `${id} unhold remote`, 1);
    await bed.page.evaluate((i) => window.line.run(i, 'unhold'), id);
    await bed.standIn.waitFor(() => !call.held, 'our unhold at the stand-in');
    const log = await bed.page.evaluate(() => window.line.log);
    expect(log.filter((entry) => entry.includes(' error ') || entry.startsWith(`${id} unhold local`))).toEqual([`${id} unhold local`]);
    expect(await bed.page.evaluate((i) => window.line.snapshot(i)?.state, id)).toBe('active');
    await expectAudio(bed, true);
  });
});
