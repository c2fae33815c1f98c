/**
 * Hold refused by the far side, against the scriptable stub with real media behind it
 * (test/bed/stubBed.ts): a 491 is retried after the RFC 3261 section 14.1 wait, a 408 or a 491
 * that never clears rolls the call back to `active`; the refused offer never stays applied.
 * Both sides holding at once between two real phones is in sip.e2e.test.ts. An offer from the far
 * side while our hold's offer is still gathering ICE (not yet sent) is refused 491 (RFC 3261 14.2).
 */

import { audioDirection } from '@handset/core/line-kit';
import { describe, expect, it } from 'vitest';
import { eventually, logLines, waitForLog } from './bed/pages';
import { inDialogRequestTo, reofferFrom, type SipRequest, type StubPeer } from './bed/sipStub';
import { inDialog, sdpType, stubContact, stunBlackHole, useStubBed } from './bed/stubBed';

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
    expect(reinvites.map((r) => audioDirection(r.request.body))).toEqual(['sendonly', 'sendonly']);
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

describe('an offer from the far side while ours is gathering', () => {
  // The STUN server never answers: while no candidate pair works, an offer waits out this bound before SIP.js sends it.
  const iceGatheringTimeoutMs = 1500;
  const withoutCandidates = (sdp: string) =>
    sdp
      .split('\r\n')
      .filter((line) => !line.startsWith('a=candidate:') && line !== 'a=end-of-candidates')
      .join('\r\n');

  // Chromium ends ICE gathering as soon as a candidate pair works, and SIP.js then sends any later offer
  // at once. So the call is set up with no candidate passed between the ends (no pair can work: gathering
  // goes on against the silent STUN server) and the phone is told its media is up (a faked `connected`);
  // the hold's offer then waits the whole bound, and its exchange brings the candidates: real media.
  it('is refused 491 before our hold re-INVITE leaves; the hold then goes through and the call lives on', async () => {
    const hole = await stunBlackHole();
    try {
      let invite: SipRequest | undefined;
      let farAnswer = '';
      const reinvites: Reinvite[] = [];
      const page = await bed.register(
        {
          onRequest: (request, peer) => {
            if (request.method !== 'INVITE') return request.method === 'ACK';
            if (!inDialog(request)) {
              invite = request;
              peer.respond(request, 180, 'Ringing', [stubContact]);
              void bed.farAnswer(withoutCandidates(request.body)).then(
                (body) => {
                  farAnswer = withoutCandidates(body);
                  peer.respond(request, 200, 'OK', [stubContact, sdpType], farAnswer);
                },
                (error) => console.error('the far peer could not answer', error),
              );
              return true;
            }
            reinvites.push({ request, at: Date.now() });
            void bed.farReanswer(request.body).then(
              (body) => peer.respond(request, 200, 'OK', [stubContact, sdpType], body),
              (error) => console.error('the far peer could not answer', error),
            );
            return true;
          },
        },
        { iceServers: [{ urls: hole.url }], iceGatheringTimeoutMs },
      );
      const callId = await page.evaluate(() => window.bed.dial('alice', 'sip:bob@handset.test'));
      await waitForLog(page, `alice ${callId} state connecting`);
      expect(await page.evaluate((id) => window.bed.fakeMediaState(id, 'connected'), callId)).toBe(true);
      await waitForLog(page, `alice ${callId} state active`);
      expect(hole.requests.length).toBeGreaterThan(0);
      const dialogInvite = invite as SipRequest;

      const heldAt = Date.now();
      expect(await page.evaluate((id) => window.bed.act(id, 'hold'), callId)).toBe('held');
      // Our offer is made and applied (have-local-offer); SIP.js waits for ICE gathering before it sends it.
      expect(
        await eventually(
          () => page.evaluate((id) => window.bed.signalingState(id), callId),
          (state) => state === 'have-local-offer',
        ),
      ).toBe('have-local-offer');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(reinvites).toHaveLength(0);

      // The far side holds too: its re-INVITE (From/To swapped, its own CSeq) comes while ours is still gathering.
      const branch = 'z9hG4bKfarglare1';
      const cseq = 7;
      bed.stub.sendToClient(inDialogRequestTo(dialogInvite, 'INVITE', cseq, { branch, body: reofferFrom(farAnswer, 'inactive') }));
      const refusal = await eventually(
        async () => bed.stub.finalResponseTo(branch),
        (response) => response !== undefined,
        5000,
      );
      const refusedAt = Date.now();
      expect(refusal?.status).toBe(491);
      expect(refusal?.header('cseq')).toBe(`${cseq} INVITE`);
      // Refused while ours was still being made: our re-INVITE had not left yet.
      expect(reinvites).toHaveLength(0);
      bed.stub.sendToClient(inDialogRequestTo(dialogInvite, 'ACK', cseq, { branch }));

      // Our hold re-INVITE leaves once gathering times out, and the far side's answer is taken.
      expect(
        await eventually(
          async () => reinvites.length,
          (n) => n === 1,
          iceGatheringTimeoutMs + 8000,
        ),
      ).toBe(1);
      const reinvite = reinvites[0] as Reinvite;
      console.log(
        `far side's INVITE refused ${refusedAt - heldAt} ms after hold(); our re-INVITE sent ${reinvite.at - heldAt} ms after hold() (bound ${iceGatheringTimeoutMs} ms)`,
      );
      expect(reinvite.at).toBeGreaterThanOrEqual(refusedAt);
      expect(audioDirection(reinvite.request.body)).toBe('sendonly');
      expect(
        await eventually(
          () => page.evaluate((id) => window.bed.signalingState(id), callId),
          (state) => state === 'stable',
        ),
      ).toBe('stable');
      // The exchange brought the candidates: the media connection (ICE and DTLS) comes up for real.
      // A held line sends no audio (issue #21), so the far side hearing nothing is expected.
      expect(
        (
          await eventually(
            () => page.evaluate((id) => window.bed.pcStates(id), callId),
            (states) => states?.connection === 'connected',
          )
        )?.connection,
      ).toBe('connected');
      expect(await page.evaluate((id) => window.bed.snapshot(id).state, callId)).toBe('held');
      expect(await logLines(page, `alice ${callId} hold`)).toEqual([`alice ${callId} hold local`]);
      expect(await logLines(page, `alice ${callId} ended`)).toEqual([]);
      expect(await logLines(page, 'error')).toEqual([]);
      expect(bed.stub.methods).not.toContain('BYE');
      // Only the far side's offer was answered by the phone, and our hold was sent once.
      expect(bed.stub.responses.filter((r) => r.status >= 200)).toEqual([refusal]);
      expect(reinvites).toHaveLength(1);
    } finally {
      await hole.close();
    }
  });
});
