/**
 * Setting calls up against the scriptable stub with real media behind it (test/bed/stubBed.ts):
 * a STUN server that never answers does not hold the INVITE or the answer past
 * `iceGatheringTimeoutMs`; 183 with SDP gives early media (audio before the answer, no ringback);
 * a caller's STIR/SHAKEN verdict (`verstat`) becomes the call's `callerInfo`.
 */
import { describe, expect, it } from 'vitest';
import { eventually, logLines, waitForLog } from './bed/pages';
import { ackFor, inviteTo, offerSdp, type SipRequest } from './bed/sipStub';
import { inDialog, sdpType, stubContact, stunBlackHole, useStubBed } from './bed/stubBed';

const bed = useStubBed('handset sip call set-up');

const candidateTypes = (sdp: string) => [...sdp.matchAll(/a=candidate:.* typ (\w+)/g)].map((m) => m[1]);

describe('an unreachable STUN server', () => {
  const iceGatheringTimeoutMs = 1500;
  // Generous room for getUserMedia, the offer and a loaded 2-core machine: a bound, not a benchmark.
  const margin = 3000;

  it('does not hold the INVITE past iceGatheringTimeoutMs', async () => {
    const hole = await stunBlackHole();
    try {
      let invite: { at: number; request: SipRequest; stunRequests: number } | undefined;
      const page = await bed.register(
        {
          onRequest: (request, peer) => {
            if (request.method !== 'INVITE') return request.method === 'ACK';
            invite ??= { at: Date.now(), request, stunRequests: hole.requests.length };
            peer.respond(request, 486, 'Busy Here');
            return true;
          },
        },
        { iceServers: [{ urls: hole.url }], iceGatheringTimeoutMs },
      );
      const dialledAt = Date.now();
      const callId = await page.evaluate(() => window.bed.dial('alice', 'sip:bob@handset.test'));
      const sent = await eventually(
        async () => invite,
        (value) => value !== undefined,
        iceGatheringTimeoutMs + margin + 10_000,
      );
      expect(sent?.request.method).toBe('INVITE');
      const elapsed = (sent?.at ?? Number.POSITIVE_INFINITY) - dialledAt;
      console.log(`INVITE sent ${elapsed} ms after call() with the STUN server silent (bound ${iceGatheringTimeoutMs} ms)`);
      expect(elapsed).toBeLessThan(iceGatheringTimeoutMs + margin);
      // The STUN server was really asked (and never answered): the offer has host candidates only.
      expect(sent?.stunRequests).toBeGreaterThan(0);
      expect(candidateTypes(sent?.request.body ?? '')).toContain('host');
      expect(candidateTypes(sent?.request.body ?? '')).not.toContain('srflx');
      expect(await waitForLog(page, `alice ${callId} ended`)).toBe(`alice ${callId} ended busy by=remote code=486`);
    } finally {
      await hole.close();
    }
  });

  it('does not hold the answer to an incoming call past iceGatheringTimeoutMs', async () => {
    const hole = await stunBlackHole();
    try {
      const page = await bed.register({}, { iceServers: [{ urls: hole.url }], iceGatheringTimeoutMs });
      const stub = bed.stub;
      stub.sendToClient(inviteTo(stub.registers[0] as SipRequest, 'sip:bob@handset.test', offerSdp(), 'stun1'));
      await waitForLog(page, 'alice incoming');
      const callId = (await page.evaluate(() => window.bed.incoming('alice'))) as string;
      const acceptedAt = Date.now();
      await page.evaluate((id) => window.bed.act(id, 'accept'), callId);
      const answer = await eventually(
        async () => stub.responses.find((r) => r.status === 200),
        (r) => r !== undefined,
        iceGatheringTimeoutMs + margin + 10_000,
      );
      const elapsed = Date.now() - acceptedAt;
      console.log(`200 OK sent ${elapsed} ms after accept() with the STUN server silent (bound ${iceGatheringTimeoutMs} ms)`);
      // The 200 answers the INVITE with an SDP answer.
      expect(answer?.header('cseq')).toMatch(/INVITE$/);
      expect(answer?.body).toMatch(/^v=0\r\n/);
      expect(elapsed).toBeLessThan(iceGatheringTimeoutMs + margin);
      expect(hole.requests.length).toBeGreaterThan(0);
      expect(candidateTypes(answer?.body ?? '')).toContain('host');
    } finally {
      await hole.close();
    }
  });
});

describe('183 Session Progress with SDP', () => {
  it('plays the far side before the answer: early media, no ringback; the 200 keeps the same media', async () => {
    let answer: () => void = () => {};
    const page = await bed.register({
      onRequest: (request, peer) => {
        if (request.method !== 'INVITE' || inDialog(request)) return request.method === 'ACK';
        void bed.farAnswer(request.body).then(
          (sdp) => {
            peer.respond(request, 183, 'Session Progress', [stubContact, sdpType], sdp);
            answer = () => peer.respond(request, 200, 'OK', [stubContact, sdpType], sdp);
          },
          (error) => console.error('the far peer could not answer', error),
        );
        return true;
      },
    });
    const callId = await page.evaluate(() => window.bed.dial('alice', 'sip:bob@handset.test'));
    await waitForLog(page, `alice ${callId} ringing early=true`);
    const packets = () => page.evaluate((id) => window.bed.inboundAudioPackets(id), callId);
    const early = await eventually(packets, (n) => n > 0);
    expect(early).toBeGreaterThan(0);
    // Still before the answer: ringing with early media, and the ringback stays off (the far side is heard instead).
    const snapshot = await page.evaluate((id) => window.bed.snapshot(id), callId);
    expect([snapshot.state, snapshot.earlyMedia, snapshot.answeredAt]).toEqual(['ringing', true, null]);
    expect(await page.evaluate(() => window.bed.ringback('alice'))).toBe(false);
    const pc = await page.evaluate((id) => window.bed.pcSerial(id), callId);

    answer();
    await waitForLog(page, `alice ${callId} state active`);
    // The answer confirmed the early session: same peer connection, audio flowing on, ringing reported once.
    expect(await page.evaluate((id) => window.bed.pcSerial(id), callId)).toBe(pc);
    const answered = await packets();
    expect(await eventually(packets, (n) => n > answered + 20)).toBeGreaterThan(answered + 20);
    expect(await logLines(page, `alice ${callId} ringing`)).toEqual([`alice ${callId} ringing early=true`]);
    expect(await page.evaluate((id) => window.bed.snapshot(id).earlyMedia, callId)).toBe(false);
    expect(await page.evaluate(() => window.bed.ringback('alice'))).toBe(false);
    expect(await bed.farInboundPackets()).toBeGreaterThan(0);
  });
});

describe("the caller's STIR/SHAKEN verdict", () => {
  it.each([
    ['P-Asserted-Identity: <tel:+14155550123;verstat=TN-Validation-Passed>', { isVerified: true }],
    ['P-Asserted-Identity: <sip:+14155550123@handset.test;user=phone;verstat=TN-Validation-Failed>', { isVerified: false }],
    [
      'Identity: eyJhbGciOiJFUzI1NiJ9.e30.c2ln;info=<https://cert.example/c.pem>;ppt=shaken;verstat=TN-Validation-Passed-A',
      {
        isVerified: true,
      },
    ],
    ['X-Nothing: here', null],
  ])('%s → callerInfo %j', async (header, callerInfo) => {
    const page = await bed.register({});
    const stub = bed.stub;
    const invite = inviteTo(stub.registers[0] as SipRequest, 'sip:+14155550123@handset.test', offerSdp(), 'verstat1', [header]);
    stub.sendToClient(invite);
    await waitForLog(page, 'alice incoming');
    const callId = (await page.evaluate(() => window.bed.incoming('alice'))) as string;
    expect((await page.evaluate((id) => window.bed.snapshot(id), callId)).callerInfo).toEqual(callerInfo);
    await page.evaluate((id) => window.bed.act(id, 'reject'), callId);
    const refusal = await eventually(
      async () => stub.responses.find((r) => r.status >= 300),
      (r) => r !== undefined,
    );
    stub.sendToClient(ackFor(invite, refusal as SipRequest));
    await waitForLog(page, `alice ${callId} ended`);
  });
});
