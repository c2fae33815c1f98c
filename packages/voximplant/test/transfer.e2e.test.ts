/**
 * Attended transfer on the Voximplant line: `transferTo(call, other)` → the Web SDK's `client.transferCall()`, a
 * `transferCall` frame; the stand-in joins the two far parties (each in its own page, with real media) and answers
 * `handleTransferComplete`, or `handleTransferFailed`. The Web SDK has no blind transfer.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { eventually } from './harness/bed';
import { type LineBed, useLineBed, waitForLine } from './harness/lineBed';

const beds = useLineBed();

async function inbound(page: Page): Promise<number> {
  return page.evaluate(() => window.far.inboundPackets());
}

/** Two active calls, the first to the bed's far page and the second to a second far page. */
async function twoCalls(bed: LineBed) {
  const secondFar = await bed.addFarPage();
  await bed.connect();
  const first = await bed.page.evaluate(() => window.line.call('+14155550123'));
  await waitForLine(bed.page, `${first} state active`);
  const second = await bed.page.evaluate(() => window.line.call('+14155550124'));
  await waitForLine(bed.page, `${second} state active`);
  const [one, two] = await bed.standIn.waitFor(() => bed.standIn.calls.length === 2 && bed.standIn.calls, 'two calls');
  return { first, second, one: one!, two: two!, secondFar };
}

describe('attended transfer on the Voximplant line with the real Web SDK', () => {
  it('transferTo(call, other): transferCall on the wire, both calls end by the system, the far parties talk to each other', async () => {
    const bed = await beds.open();
    const { first, second, one, two, secondFar } = await twoCalls(bed);
    // The phone put the first call on hold when the second went active (an attended transfer's usual shape).
    await waitForLine(bed.page, `${first} state held`);

    expect(await bed.page.evaluate(([a, b]) => window.line.transferTo(a, b), [first, second] as const)).toBeNull();
    const frame = await bed.standIn.waitForFrame('transferCall');
    expect(frame.params).toEqual([one.id, two.id]);
    expect(await waitForLine(bed.page, `${first} ended`)).toBe(`${first} ended hangup system`);
    expect(await waitForLine(bed.page, `${second} ended`)).toBe(`${second} ended hangup system`);
    expect(one.transfer).toEqual({ with: two.id, outcome: 'complete' });
    // The client hung up its own two legs.
    await bed.standIn.waitFor(() => one.endedBy === 'client' && two.endedBy === 'client', 'both legs hung up');

    // Each far page now talks to the other: its only connection is the bridge, and audio arrives on it.
    const before = { a: await inbound(bed.farPage), b: await inbound(secondFar) };
    const after = await eventually(
      async () => ({ a: await inbound(bed.farPage), b: await inbound(secondFar) }),
      (now) => now.a > before.a + 20 && now.b > before.b + 20,
    );
    expect(after.a).toBeGreaterThan(before.a + 20);
    expect(after.b).toBeGreaterThan(before.b + 20);
    expect(bed.escaped).toEqual([]);
  });

  it('a refused transfer is an error on the call (call-failed), and both calls go on', async () => {
    const bed = await beds.open({ transfers: 'fail' });
    const { first, second, one } = await twoCalls(bed);
    expect(await bed.page.evaluate(([a, b]) => window.line.transferTo(a, b), [first, second] as const)).toBeNull();
    expect(await waitForLine(bed.page, `${first} error`)).toContain('call-failed');
    expect(one.transfer).toMatchObject({ outcome: 'failed' });
    expect(await bed.page.evaluate((id) => window.line.snapshot(id)?.state, first)).toBe('held');
    expect(await bed.page.evaluate((id) => window.line.snapshot(id)?.state, second)).toBe('active');
    // The calls still work: the first can be hung up as usual.
    await bed.page.evaluate((id) => window.line.run(id, 'hangup'), first);
    expect(await waitForLine(bed.page, `${first} ended`)).toBe(`${first} ended hangup local`);
  });

  it('bad transfers are refused before the wire: a blind transfer (the Web SDK has none), a ringing call, the call itself', async () => {
    const bed = await beds.open({ outgoing: 'ring' });
    await bed.connect();
    const ringing = await bed.page.evaluate(() => window.line.call('+14155550123'));
    await waitForLine(bed.page, `${ringing} state ringing`);
    expect(await bed.page.evaluate((id) => window.line.transferTo(id, id), ringing)).toBe('invalid-state');
    const call = await bed.standIn.waitFor(() => bed.standIn.calls[0], 'the call');
    await bed.standIn.answerOutgoing(call.id);
    await waitForLine(bed.page, `${ringing} state active`);
    expect(await bed.page.evaluate((id) => window.line.run(id, 'transfer', '+14155550199'), ringing)).toBe('unsupported');
    expect(await bed.page.evaluate((id) => window.line.transferTo(id, id), ringing)).toBe('invalid-destination');
    expect(bed.standIn.frames.filter((frame) => frame.name === 'transferCall')).toEqual([]);
  });
});
