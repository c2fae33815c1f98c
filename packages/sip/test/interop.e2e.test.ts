/**
 * Interop defects of issue #21, each against a real far end on loopback: the scriptable SIP stub
 * (test/bed/stubBed.ts) carries the SIP, a second Chromium page (harness/farPeer.ts) the media, so
 * ICE, DTLS-SRTP and audio are real while the far side's SDP and answers are what a desk phone or a
 * PBX would send: an answer with `telephone-event/8000` beside Opus, 488 to every re-INVITE.
 */

import { audioDirection } from '@handset/core/line-kit';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type MediaRelay, startMediaRelay } from './bed/mediaRelay';
import { eventually, logLines, waitForLog } from './bed/pages';
import { keepAudioPayloads } from './bed/sdpRewrite';
import { inDialogRequestTo, type SipRequest, type StubPeer } from './bed/sipStub';
import { inDialog, sdpType, stubContact, useStubBed } from './bed/stubBed';

const bed = useStubBed('handset sip interop');

/** What the far side does with the phone's SDP: rewrite its answer, or refuse re-INVITEs. */
interface FarSide {
  /** Rewrites the far peer's answer to the phone's INVITE (a PBX's or desk phone's codec list). */
  readonly rewriteAnswer?: (sdp: string) => string;
  /** Refuses the n-th re-INVITE (from 1) with this status, or accepts it (null). */
  readonly reinvite?: (n: number) => [number, string] | null;
  /** Line options for the phone. */
  readonly line?: Record<string, unknown>;
}

const opusWithEvents = (eventRate: number) => (sdp: string) =>
  keepAudioPayloads(sdp, (name, rate) => name === 'opus' || (name === 'telephone-event' && rate === eventRate));

/** An answered call from alice to a far side scripted by `far`, its media real and flowing. */
async function activeCall(far: FarSide) {
  const reinvites: SipRequest[] = [];
  const infos: SipRequest[] = [];
  let answer = '';
  const accept = (request: SipRequest, peer: StubPeer, sdp: Promise<string>) =>
    void sdp.then(
      (body) => peer.respond(request, 200, 'OK', [stubContact, sdpType], body),
      (error) => console.error('the far peer could not answer', error),
    );
  const page = await bed.register(
    {
      onRequest: (request, peer) => {
        if (request.method === 'INFO') {
          infos.push(request);
          peer.respond(request, 200, 'OK');
          return true;
        }
        if (request.method !== 'INVITE') return request.method === 'ACK';
        if (!inDialog(request)) {
          peer.respond(request, 180, 'Ringing', [stubContact]);
          accept(
            request,
            peer,
            bed.farAnswer(request.body).then((sdp) => {
              answer = far.rewriteAnswer ? far.rewriteAnswer(sdp) : sdp;
              return answer;
            }),
          );
          return true;
        }
        reinvites.push(request);
        const refusal = far.reinvite?.(reinvites.length) ?? null;
        if (refusal) peer.respond(request, refusal[0], refusal[1]);
        else accept(request, peer, bed.farReanswer(request.body));
        return true;
      },
    },
    far.line,
  );
  const callId = await page.evaluate(() => window.bed.dial('alice', 'sip:bob@handset.test'));
  await waitForLog(page, `alice ${callId} state active`);
  expect(
    await eventually(
      () => bed.farInboundPackets(),
      (n) => n > 0,
    ),
  ).toBeGreaterThan(0);
  return { page, callId, reinvites, infos, answer: () => answer };
}

/** The digit of each application/dtmf-relay INFO, in order. */
const relayedDigits = (infos: readonly SipRequest[]) => infos.map((info) => /Signal=(\S)/.exec(info.body)?.[1]);

describe('DTMF path (issue #21, 1)', () => {
  it('Opus answered with only telephone-event/8000: SIP INFO, and all of 159# arrive in order', async () => {
    const { page, callId, infos, answer } = await activeCall({ rewriteAnswer: opusWithEvents(8000) });
    // The far side's answer is what the issue saw: Opus at 48 kHz, telephone-event at 8 kHz only.
    expect(answer()).toMatch(/a=rtpmap:\d+ opus\/48000/);
    expect(answer()).toMatch(/a=rtpmap:\d+ telephone-event\/8000/);
    expect(answer()).not.toMatch(/telephone-event\/48000/);
    expect(await page.evaluate((id) => window.bed.snapshot(id).dtmfPath, callId)).toBe('info');
    expect(await page.evaluate((id) => window.bed.watchDtmfSender('alice', id), callId)).toBe(true);
    await page.evaluate((id) => window.bed.act(id, 'sendDigits', '159#'), callId);
    const sent = await eventually(
      async () => relayedDigits(infos),
      (digits) => digits.length >= 4,
    );
    expect(sent).toEqual(['1', '5', '9', '#']);
    expect(infos.every((info) => /^application\/dtmf-relay/i.test(info.header('content-type') ?? ''))).toBe(true);
    // Nothing went as RFC 4733 beside them (the browser would have sent end-only events).
    expect(await logLines(page, `alice ${callId} rtpTone`)).toEqual([]);
    expect(await logLines(page, 'error')).toEqual([]);
  });

  it('Opus answered with telephone-event/48000: RFC 4733 at the codec clock, no INFO', async () => {
    const { page, callId, infos, answer } = await activeCall({ rewriteAnswer: opusWithEvents(48000) });
    expect(answer()).toMatch(/a=rtpmap:\d+ telephone-event\/48000/);
    expect(answer()).not.toMatch(/telephone-event\/8000/);
    expect(await page.evaluate((id) => window.bed.snapshot(id).dtmfPath, callId)).toBe('rfc4733');
    expect(await page.evaluate((id) => window.bed.watchDtmfSender('alice', id), callId)).toBe(true);
    await page.evaluate((id) => window.bed.act(id, 'sendDigits', '159#'), callId);
    await waitForLog(page, `alice ${callId} rtpTone #`);
    expect((await logLines(page, `alice ${callId} rtpTone`)).map((line) => line.split(' ').pop())).toEqual(['1', '5', '9', '#']);
    expect(infos).toEqual([]);
  });

  it("dtmfMode 'info' on the line: SIP INFO even with a matching telephone-event", async () => {
    const { page, callId, infos } = await activeCall({ rewriteAnswer: opusWithEvents(48000), line: { dtmfMode: 'info' } });
    expect(await page.evaluate((id) => window.bed.snapshot(id).dtmfPath, callId)).toBe('info');
    await page.evaluate((id) => window.bed.act(id, 'sendDigits', '159#'), callId);
    expect(
      await eventually(
        async () => relayedDigits(infos),
        (digits) => digits.length >= 4,
      ),
    ).toEqual(['1', '5', '9', '#']);
  });
});

describe('a re-INVITE refused (issue #21, 4)', () => {
  for (const [code, reason] of [
    [488, 'Not Acceptable Here'],
    [606, 'Not Acceptable'],
  ] as const) {
    it(`${code} to every re-INVITE: one hold attempt, holdFailed with the far side's reason, back to sendrecv`, async () => {
      const { page, callId, reinvites } = await activeCall({ reinvite: () => [code, reason] });
      const heldAt = Date.now();
      expect(await page.evaluate((id) => window.bed.act(id, 'hold'), callId)).toBe('held');
      const failed = await waitForLog(page, `alice ${callId} error`);
      console.log(`${code}: holdFailed ${Date.now() - heldAt} ms after hold()`);
      expect(failed).toContain('call-failed');
      expect(failed).toContain(`${code} ${reason}`);
      expect(await page.evaluate((id) => window.bed.snapshot(id).state, callId)).toBe('active');
      // Longer than the longest glare wait (4 s): the refusal was not taken for glare.
      await new Promise((resolve) => setTimeout(resolve, 4500));
      expect(reinvites).toHaveLength(1);
      expect(audioDirection(reinvites[0]?.body ?? '')).toBe('sendonly');
      // What the core says matches what the transceiver does: sendrecv, no offer left applied.
      expect(await page.evaluate((id) => window.bed.signalingState(id), callId)).toBe('stable');
      expect(await page.evaluate((id) => window.bed.audioDirections(id), callId)).toEqual({ direction: 'sendrecv', current: 'sendrecv' });
      expect(await logLines(page, `alice ${callId} error`)).toHaveLength(1);
      expect(await page.evaluate((id) => window.bed.snapshot(id).state, callId)).toBe('active');
      // The dialog and its media go on.
      const heard = await bed.farInboundPackets();
      expect(
        await eventually(
          () => bed.farInboundPackets(),
          (n) => n > heard + 20,
        ),
      ).toBeGreaterThan(heard + 20);
    });
  }
});

/** A call from alice whose media runs through a relay that can hold back DTLS (test/bed/mediaRelay.ts). */
async function callThroughRelay(relay: MediaRelay, line: Record<string, unknown>) {
  const page = await bed.register(
    {
      onRequest: (request, peer) => {
        if (request.method !== 'INVITE') return request.method === 'ACK' || request.method === 'BYE' ? ackOrBye(request, peer) : false;
        if (inDialog(request)) return false;
        peer.respond(request, 180, 'Ringing', [stubContact]);
        void bed.farAnswer(relay.offerForFar(request.body)).then(
          (answer) => peer.respond(request, 200, 'OK', [stubContact, sdpType], relay.answerForPhone(answer)),
          (error) => console.error('the far peer could not answer', error),
        );
        return true;
      },
    },
    line,
  );
  const callId = await page.evaluate(() => window.bed.dial('alice', 'sip:bob@handset.test'));
  await waitForLog(page, `alice ${callId} state connecting`);
  return { page, callId };
}

function ackOrBye(request: SipRequest, peer: StubPeer): boolean {
  if (request.method === 'BYE') peer.respond(request, 200, 'OK');
  return true;
}

/** Waits until ICE is connected while the DTLS handshake is not (connectionState still `connecting`). */
async function iceUpDtlsPending(page: Page, callId: string) {
  return eventually(
    () => page.evaluate((id) => window.bed.pcStates(id), callId),
    (states) => states?.ice === 'connected' && states.connection === 'connecting',
  );
}

describe('connected means DTLS is up (issue #21, 2)', () => {
  it('ICE connected, DTLS held back: connecting, not active; active once the handshake is let through', async () => {
    const relay = await startMediaRelay();
    try {
      relay.holdDtls(true);
      const { page, callId } = await callThroughRelay(relay, { mediaRecoverySecs: 60 });
      expect(await iceUpDtlsPending(page, callId)).toEqual({ ice: 'connected', connection: 'connecting' });
      // ICE is up and stays up while the handshake is held back: the call must not say media flows.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(await page.evaluate((id) => window.bed.pcStates(id), callId)).toEqual({ ice: 'connected', connection: 'connecting' });
      expect(relay.droppedDtls).toBeGreaterThan(0);
      expect(await page.evaluate((id) => window.bed.snapshot(id).state, callId)).toBe('connecting');
      expect(await logLines(page, `alice ${callId} state active`)).toEqual([]);

      relay.holdDtls(false);
      await waitForLog(page, `alice ${callId} state active`, 40_000);
      expect((await page.evaluate((id) => window.bed.pcStates(id), callId))?.connection).toBe('connected');
      // Media flows through the relay once the call says it does.
      expect(
        await eventually(
          () => bed.farInboundPackets(),
          (n) => n > 0,
        ),
      ).toBeGreaterThan(0);
      expect(relay.relayed.rtp).toBeGreaterThan(0);
      expect(await logLines(page, 'error')).toEqual([]);
    } finally {
      await relay.close();
    }
  });

  it('DTLS never completes: the call fails media-failed after the recovery bound, never active', async () => {
    const relay = await startMediaRelay();
    try {
      relay.holdDtls(true);
      const { page, callId } = await callThroughRelay(relay, { mediaRecoverySecs: 3 });
      expect(await iceUpDtlsPending(page, callId)).toEqual({ ice: 'connected', connection: 'connecting' });
      const ended = await waitForLog(page, `alice ${callId} ended`, 20_000);
      expect(ended).toBe(`alice ${callId} ended failed by=system code=-`);
      const errors = await logLines(page, `alice ${callId} error`);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain('media-failed');
      expect(errors[0]).toContain('DTLS handshake');
      expect(await logLines(page, `alice ${callId} state active`)).toEqual([]);
      expect(relay.droppedDtls).toBeGreaterThan(0);
      // The dialog is ended cleanly: a BYE to the far side.
      expect(
        await eventually(
          async () => bed.stub.methods.filter((m) => m === 'BYE').length,
          (n) => n === 1,
        ),
      ).toBe(1);
    } finally {
      await relay.close();
    }
  });
});

/** Audio packets the far peer receives over `ms`. */
async function farPacketsOver(ms: number): Promise<number> {
  const before = await bed.farInboundPackets();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return (await bed.farInboundPackets()) - before;
}

describe('a held call transferred by the far side (issue #21, 5)', () => {
  it('the call to the target offers sendonly, sends no audio until unheld, and the core says held throughout', async () => {
    let dialogInvite: SipRequest | undefined;
    const targetInvites: SipRequest[] = [];
    const reinvites: SipRequest[] = [];
    const respondWith = (request: SipRequest, peer: StubPeer, sdp: Promise<string>) =>
      void sdp.then(
        (body) => peer.respond(request, 200, 'OK', [stubContact, sdpType], body),
        (error) => console.error('the far peer could not answer', error),
      );
    const page = await bed.register({
      onRequest: (request, peer) => {
        if (request.method !== 'INVITE') return request.method === 'ACK';
        if (inDialog(request)) {
          reinvites.push(request);
          respondWith(request, peer, bed.farReanswer(request.body));
          return true;
        }
        // The first INVITE is the call to Bob; the next one, after the REFER, the call to Carol (a fresh far peer).
        if (dialogInvite) targetInvites.push(request);
        else dialogInvite = request;
        peer.respond(request, 180, 'Ringing', [stubContact]);
        respondWith(request, peer, bed.farAnswer(request.body));
        return true;
      },
    });
    const callId = await page.evaluate(() => window.bed.dial('alice', 'sip:bob@handset.test'));
    await waitForLog(page, `alice ${callId} state active`);
    expect(
      await eventually(
        () => bed.farInboundPackets(),
        (n) => n > 0,
      ),
    ).toBeGreaterThan(0);
    expect(await page.evaluate((id) => window.bed.act(id, 'hold'), callId)).toBe('held');
    await eventually(
      () => page.evaluate((id) => window.bed.audioDirections(id), callId),
      (d) => d?.current === 'sendonly',
    );
    const firstPc = await page.evaluate((id) => window.bed.pcSerial(id), callId);

    // Bob transfers Alice to Carol (blind): a REFER in Bob's dialog.
    bed.stub.sendToClient(
      inDialogRequestTo(dialogInvite as SipRequest, 'REFER', 20, {
        branch: 'z9hG4bKrefer1',
        extra: ['Refer-To: <sip:carol@handset.test>', 'Referred-By: <sip:bob@handset.test>'],
      }),
    );
    await waitForLog(page, `alice ${callId} remote=sip:carol@handset.test`);
    expect(targetInvites).toHaveLength(1);
    // The call to Carol is offered on hold, as the user left it.
    expect(audioDirection(targetInvites[0]?.body ?? '')).toBe('sendonly');
    const secondPc = await eventually(
      () => page.evaluate((id) => window.bed.pcSerial(id), callId),
      (serial) => serial !== firstPc,
    );
    expect(secondPc).not.toBe(firstPc);
    await eventually(
      () => page.evaluate((id) => window.bed.pcStates(id), callId),
      (states) => states?.connection === 'connected',
    );
    // What the core says matches the transceiver, and Carol hears nothing.
    expect(await page.evaluate((id) => window.bed.snapshot(id).state, callId)).toBe('held');
    expect(await page.evaluate((id) => window.bed.audioDirections(id), callId)).toEqual({ direction: 'sendonly', current: 'sendonly' });
    const whileHeld = await farPacketsOver(2000);
    console.log(`transferred while held: Carol received ${whileHeld} audio packets in 2 s`);
    expect(whileHeld).toBe(0);

    // Unheld: a re-INVITE in Carol's dialog, sendrecv, and Carol hears Alice.
    expect(await page.evaluate((id) => window.bed.act(id, 'unhold'), callId)).toBe('active');
    await eventually(
      () => page.evaluate((id) => window.bed.audioDirections(id), callId),
      (d) => d?.current === 'sendrecv',
    );
    expect(reinvites.map((r) => audioDirection(r.body))).toEqual(['sendonly', 'sendrecv']);
    expect(
      await eventually(
        () => bed.farInboundPackets(),
        (n) => n > 20,
      ),
    ).toBeGreaterThan(20);
    expect(await page.evaluate((id) => window.bed.audioDirections(id), callId)).toEqual({ direction: 'sendrecv', current: 'sendrecv' });
    expect(await logLines(page, `alice ${callId} ended`)).toEqual([]);
    expect(await logLines(page, 'error')).toEqual([]);
  });
});

describe('a held call sends nothing (issue #21, 5)', () => {
  it('hold accepted: sendonly agreed and no audio packet leaves until unhold; then audio again', async () => {
    const { page, callId, reinvites } = await activeCall({});
    expect(await page.evaluate((id) => window.bed.act(id, 'hold'), callId)).toBe('held');
    await eventually(
      () => page.evaluate((id) => window.bed.audioDirections(id), callId),
      (d) => d?.current === 'sendonly',
    );
    expect(await page.evaluate((id) => window.bed.audioDirections(id), callId)).toEqual({ direction: 'sendonly', current: 'sendonly' });
    const whileHeld = await farPacketsOver(2000);
    console.log(`held: the far side received ${whileHeld} audio packets in 2 s`);
    expect(whileHeld).toBe(0);
    expect(await page.evaluate((id) => window.bed.snapshot(id).state, callId)).toBe('held');
    expect(await page.evaluate((id) => window.bed.act(id, 'unhold'), callId)).toBe('active');
    expect(await farPacketsOver(2000)).toBeGreaterThan(20);
    expect(await page.evaluate((id) => window.bed.audioDirections(id), callId)).toEqual({ direction: 'sendrecv', current: 'sendrecv' });
    expect(reinvites.map((r) => audioDirection(r.body))).toEqual(['sendonly', 'sendrecv']);
  });
});

describe('no MOS from a stream that carries nothing (issue #21, 3)', () => {
  it('audio stops while ICE stays up: the samples have no MOS and no level, the summary scores only the audio', async () => {
    const relay = await startMediaRelay();
    try {
      const { page, callId } = await callThroughRelay(relay, { withQuality: true });
      await waitForLog(page, `alice ${callId} state active`);
      const quality = () => page.evaluate((id) => window.bed.quality('alice', id), callId);
      // Audio flows: a MOS and a level (the first samples of a call may score below loopback's usual 4.4).
      const flowing = await eventually(quality, (q) => (q?.sample?.packetsReceived ?? 0) > 0 && q?.mos !== null);
      expect(flowing?.mos).toBeGreaterThan(1);
      expect(flowing?.level).not.toBeNull();

      // The far side's media stops reaching us (the relay drops RTP and RTCP; STUN goes on, so ICE and DTLS stay up).
      relay.dropMedia(true);
      const silent = await eventually(quality, (q) => q?.sample?.packetsReceived === 0, 10_000);
      expect((await page.evaluate((id) => window.bed.pcStates(id), callId))?.connection).toBe('connected');
      expect(silent?.sample?.packetsReceived).toBe(0);
      expect(silent?.mos).toBeNull();
      expect(silent?.level).toBeNull();
      // It stays so, and the kit warns that nothing arrives.
      const warned = await eventually(quality, (q) => (q?.warnings ?? []).includes('low-bytes-received'), 15_000);
      console.log(`silent stream: warnings ${JSON.stringify(warned?.warnings)}, mos ${warned?.mos}, level ${warned?.level}`);
      expect(warned?.warnings).toContain('low-bytes-received');
      expect(warned?.mos).toBeNull();
      expect(warned?.level).toBeNull();

      await page.evaluate((id) => window.bed.act(id, 'hangup'), callId);
      await waitForLog(page, `alice ${callId} ended`);
      const summary = (await page.evaluate((id) => window.bed.snapshot(id).quality, callId)) as {
        averageMos: number | null;
        samples: number;
        noAudio?: boolean;
      };
      // Some samples carried audio, so the call did; their MOS alone is averaged.
      expect(summary.samples).toBeGreaterThan(5);
      expect(summary.averageMos).toBeGreaterThan(1);
      expect(summary.noAudio).toBeUndefined();
    } finally {
      await relay.close();
    }
  });
});
