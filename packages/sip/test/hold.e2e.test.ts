/**
 * Hold refused by the far side, against the scriptable stub with real media behind it
 * (test/bed/stubBed.ts): a 491 is retried after the RFC 3261 section 14.1 wait, a 408 or a 491
 * that never clears rolls the call back to `active`; the refused offer never stays applied.
 * Both sides holding at once between two real phones is in sip.e2e.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { sdpDirection } from '../src/session/sdp';
import { eventually, logLines, waitForLog } from './bed/pages';
import type { SipRequest, StubPeer } from './bed/sipStub';
import { inDialog, sdpType, stubContact, useStubBed } from './bed/stubBed';

const bed = useStubBed('handset sip hold');

interface Reinvite {
  readonly request: SipRequest;
  readonly at: number;
}

/**
 * Registers alice with a far side that answers her call for real and each hold re-INVITE as
 * `answer(n)` says (n counts re-INVITEs from 1): a status to refuse it, or null to accept it.
 */
async function activeCallRefusing(answer: (n: number) => [number, string] | null) {
  const reinvites: Reinvite[] = [];
  const refusals: number[] = [];
  const accept = (request: SipRequest, peer: StubPeer, sdp: Promise<string>) =>
    void sdp.then(
      (body) => peer.respond(request, 200, 'OK', [stubContact, sdpType], body),
      (error) => console.error('the far peer could not answer', error),
    );
  const page = await bed.register({
    onRequest: (request, peer) => {
      if (request.method !== 'INVITE') return request.method === 'ACK';
      if (!inDialog(request)) {
        peer.respond(request, 180, 'Ringing', [stubContact]);
        accept(request, peer, bed.farAnswer(request.body));
        return true;
      }
      reinvites.push({ request, at: Date.now() });
      const refusal = answer(reinvites.length);
      if (!refusal) {
        accept(request, peer, bed.farReanswer(request.body));
        return true;
      }
      peer.respond(request, refusal[0], refusal[1]);
      refusals.push(Date.now());
      return true;
    },
  });
  const callId = await page.evaluate(() => window.bed.dial('alice', 'sip:bob@handset.test'));
  await waitForLog(page, `alice ${callId} state active`);
  // Real media: the far side hears the phone.
  expect(
    await eventually(
      () => bed.farInboundPackets(),
      (n) => n > 0,
    ),
  ).toBeGreaterThan(0);
  return { page, callId, reinvites, refusals };
}

describe('a hold the far side refuses', () => {
  it('491: the offer is rolled back, retried after 2.1-4 s (we own the Call-ID), then held', async () => {
    const { page, callId, reinvites, refusals } = await activeCallRefusing((n) => (n === 1 ? [491, 'Request Pending'] : null));
    expect(await page.evaluate((id) => window.bed.act(id, 'hold'), callId)).toBe('held');
    expect(
      await eventually(
        async () => refusals.length,
        (n) => n === 1,
      ),
    ).toBe(1);
    // Waiting to retry: our refused offer is no longer applied, and nothing was sent again yet.
    expect(
      await eventually(
        () => page.evaluate((id) => window.bed.signalingState(id), callId),
        (state) => state === 'stable',
      ),
    ).toBe('stable');
    expect(reinvites).toHaveLength(1);
    expect(
      await eventually(
        async () => reinvites.length,
        (n) => n === 2,
        8000,
      ),
    ).toBe(2);
    const wait = (reinvites[1] as Reinvite).at - (refusals[0] as number);
    console.log(`hold retried ${wait} ms after the 491`);
    // RFC 3261 14.1: the owner of the Call-ID waits 2.1-4 s; the upper bound has room for a loaded machine.
    expect(wait).toBeGreaterThanOrEqual(2100);
    expect(wait).toBeLessThan(4000 + 2000);
    expect(reinvites.map((r) => sdpDirection(r.request.body))).toEqual(['sendonly', 'sendonly']);
    // The retry was accepted (its answer applied): held for good, with nothing reported as failed.
    expect(
      await eventually(
        () => page.evaluate((id) => window.bed.signalingState(id), callId),
        (state) => state === 'stable',
      ),
    ).toBe('stable');
    expect(await page.evaluate((id) => window.bed.snapshot(id).state, callId)).toBe('held');
    expect(await logLines(page, `alice ${callId} hold`)).toEqual([`alice ${callId} hold local`]);
    expect(await logLines(page, 'error')).toEqual([]);
    expect(reinvites).toHaveLength(2);
  });

  it('491 every time: after three retries the call rolls back to active; media flows on', async () => {
    const { page, callId, reinvites } = await activeCallRefusing(() => [491, 'Request Pending']);
    expect(await page.evaluate((id) => window.bed.act(id, 'hold'), callId)).toBe('held');
    const rolledBack = await waitForLog(page, `alice ${callId} error`, 20_000);
    expect(rolledBack).toContain('call-failed');
    expect(rolledBack).toContain('491');
    expect(await page.evaluate((id) => window.bed.snapshot(id).state, callId)).toBe('active');
    expect(await logLines(page, `alice ${callId} unhold local`)).toHaveLength(1);
    expect(reinvites).toHaveLength(4);
    expect(await page.evaluate((id) => window.bed.signalingState(id), callId)).toBe('stable');
    // The dialog and its media are intact.
    const heard = await bed.farInboundPackets();
    expect(
      await eventually(
        () => bed.farInboundPackets(),
        (n) => n > heard + 20,
      ),
    ).toBeGreaterThan(heard + 20);
  });

  it('408: rolled back to active at once, not retried; the next hold goes through', async () => {
    const { page, callId, reinvites, refusals } = await activeCallRefusing((n) => (n === 1 ? [408, 'Request Timeout'] : null));
    expect(await page.evaluate((id) => window.bed.act(id, 'hold'), callId)).toBe('held');
    expect(await waitForLog(page, `alice ${callId} error`)).toContain('408');
    expect(await page.evaluate((id) => window.bed.snapshot(id).state, callId)).toBe('active');
    expect(await page.evaluate((id) => window.bed.signalingState(id), callId)).toBe('stable');
    // Longer than any glare wait (4 s): no retry came.
    await new Promise((resolve) => setTimeout(resolve, 4500));
    expect(reinvites).toHaveLength(1);
    expect(refusals).toHaveLength(1);
    // The dialog and the peer connection are intact: holding again works.
    expect(await page.evaluate((id) => window.bed.act(id, 'hold'), callId)).toBe('held');
    expect(
      await eventually(
        async () => reinvites.length,
        (n) => n === 2,
      ),
    ).toBe(2);
    expect(
      await eventually(
        () => page.evaluate((id) => window.bed.signalingState(id), callId),
        (state) => state === 'stable',
      ),
    ).toBe('stable');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await page.evaluate((id) => window.bed.snapshot(id).state, callId)).toBe('held');
    expect(await logLines(page, `alice ${callId} error`)).toHaveLength(1);
  });
});
