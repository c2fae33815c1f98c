/**
 * Every call option the Telnyx line honours, seen where it has its effect: in the invite the stand-in received
 * (dialogParams, SDP), in the SDK's peer connection, or on the media elements. Real SDK, real Chromium.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clientRequest, Method, type RecordedInvite } from '../src/stand-in/index';
import { type BedShared, eventually, type LineBed, offsite, startBed, startShared, waitForLog } from './support/lineBed';

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
  const options = { host: bed.standIn.url, login: 'handset', password: 'handset', iceServers: [] };
  expect(await bed.page.evaluate((o) => window.line.create('alice', o as never), options)).toBeNull();
  expect(await bed.page.evaluate(() => window.line.connect('alice'))).toBeNull();
});
afterEach(async () => {
  const away = offsite(bed.urls);
  await bed.close();
  expect(away).toEqual([]);
});

/** Dials with these options; resolves with the invite the stand-in received. */
async function dialWith(options: Record<string, unknown>, destination = '+15551230001'): Promise<RecordedInvite> {
  const id = await bed.page.evaluate(({ d, o }) => window.line.call('alice', d, o as never), { d: destination, o: options });
  await bed.standIn.waitFor(clientRequest(Method.Invite, id));
  return bed.standIn.invites.find((invite) => invite.callId === id) as RecordedInvite;
}

async function answered(invite: RecordedInvite): Promise<void> {
  await bed.standIn.answer(invite.callId);
  await waitForLog(bed.page, `alice call ${invite.callId} state active`);
}

const peerSetup = () => bed.page.evaluate(() => window.line.peerSetup());
/** The audio m-line's payload types, in order of preference. */
const audioPayloads = (sdp: string) => (/^m=audio \d+ [A-Z/]+ ([\d ]+)$/m.exec(sdp)?.[1] ?? '').split(' ');
const payloadOf = (sdp: string, codec: string) => new RegExp(`^a=rtpmap:(\\d+) ${codec}/`, 'im').exec(sdp)?.[1];
const candidates = (sdp: string) => sdp.split(/\r?\n/).filter((line) => line.startsWith('a=candidate:'));

describe('call options on the Telnyx line', () => {
  it('id, destination, callerName, callerNumber, clientState, customHeaders and the Telnyx ids land in the invite', async () => {
    const clientState = Buffer.from('order-42').toString('base64');
    const invite = await dialWith(
      {
        id: 'my-call-1',
        callerName: 'Alice Agent',
        callerNumber: '+15550001111',
        clientState,
        customHeaders: { 'X-Account': '42', 'X-Team': 'blue' },
        telnyxCallControlId: 'v3:control-1',
        telnyxLegId: 'leg-1',
        telnyxSessionId: 'session-1',
      },
      'sip:bob@example.com',
    );
    expect(invite.callId).toBe('my-call-1');
    expect(invite.dialogParams).toMatchObject({
      callID: 'my-call-1',
      destination_number: 'sip:bob@example.com',
      caller_id_name: 'Alice Agent',
      caller_id_number: '+15550001111',
      clientState,
      custom_headers: [
        { name: 'X-Account', value: '42' },
        { name: 'X-Team', value: 'blue' },
      ],
      telnyxCallControlId: 'v3:control-1',
      telnyxLegId: 'leg-1',
      telnyxSessionId: 'session-1',
    });
    expect(await bed.page.evaluate(() => window.line.snapshot('my-call-1').unsupportedOptions)).toEqual([]);
  });

  it('preferredCodecs orders the offer; useStereo asks Telnyx for stereo; sdpASBandwidthKbps caps the audio sender', async () => {
    const plain = await dialWith({});
    expect(payloadOf(plain.sdp, 'opus')).toBeDefined();
    expect(plain.sdp).not.toMatch(/^b=AS:/m);

    const invite = await dialWith({ preferredCodecs: ['PCMU', 'opus'], useStereo: true, sdpASBandwidthKbps: 64 });
    const payloads = audioPayloads(invite.sdp);
    expect(payloads[0]).toBe(payloadOf(invite.sdp, 'PCMU'));
    expect(payloads[1]).toBe(payloadOf(invite.sdp, 'opus'));
    // The SDK 2.27 leaves the SDP's Opus line alone: stereo is asked of Telnyx's media server in dialogParams.
    expect(plain.dialogParams).toMatchObject({ useStereo: false });
    expect(invite.dialogParams).toMatchObject({ useStereo: true });
    // The SDK 2.27 writes no b=AS line for mediaSettings; the line caps the audio sender at the rate instead.
    await answered(invite);
    expect(
      await eventually(
        () => bed.page.evaluate(() => window.line.maxBitrate()),
        (rate) => rate === 64_000,
      ),
    ).toBe(64_000);
  });

  it('forceRelayCandidate offers relay candidates only; prefetchIceCandidates pools candidates; iceServers reach the connection', async () => {
    const plain = await dialWith({});
    expect(candidates(plain.sdp).some((line) => line.includes(' typ host'))).toBe(true);
    expect(await peerSetup()).toMatchObject({ iceTransportPolicy: 'all', iceCandidatePoolSize: 0 });

    // No TURN server here: relay-only gathers nothing, where the same call otherwise offers host candidates.
    const relay = await dialWith({ forceRelayCandidate: true });
    expect(candidates(relay.sdp)).toEqual([]);
    expect(await peerSetup()).toMatchObject({ iceTransportPolicy: 'relay' });

    await dialWith({ prefetchIceCandidates: true });
    expect(await peerSetup()).toMatchObject({ iceCandidatePoolSize: 1 });

    // An unreachable STUN server delays the invite (the SDK gathers before it sends): the connection already has it.
    await bed.page.evaluate(() => window.line.call('alice', '+15551230009', { iceServers: [{ urls: 'stun:127.0.0.1:9' }] }));
    const configured = await eventually(peerSetup, (setup) => (setup?.iceServers.length ?? 0) > 0);
    expect(configured?.iceServers).toMatchObject([{ urls: ['stun:127.0.0.1:9'] }]);
  });

  it('trickleIce sends the invite first and each candidate after it', async () => {
    const invite = await dialWith({ trickleIce: true });
    const trickled = await bed.standIn.waitFor(clientRequest(Method.Candidate, invite.callId));
    expect(trickled.frame).toMatchObject({ params: { candidate: expect.stringContaining('candidate:') } });
    expect(candidates(invite.sdp)).toEqual([]);
  });

  it('audio, video, micId, localElement, remoteElement and speakerId: the chosen microphone is sent, the far side plays where told', async () => {
    const devices = await bed.page.evaluate(() => window.line.devices());
    const microphone = devices.filter((d) => d.kind === 'audioinput' && d.deviceId !== 'default').at(-1);
    const speaker = devices.filter((d) => d.kind === 'audiooutput' && d.deviceId !== 'default').at(-1);
    expect(microphone && speaker).toBeTruthy();
    const invite = await dialWith({
      audio: { echoCancellation: false },
      video: false,
      micId: microphone?.deviceId,
      speakerId: speaker?.deviceId,
      remoteElement: 'far-audio',
      localElement: 'my-video',
    });
    expect(invite.dialogParams).toMatchObject({ audio: { echoCancellation: false }, video: false });
    expect(invite.sdp).not.toContain('m=video');
    await answered(invite);
    expect(await bed.page.evaluate(() => window.line.sentMicrophone())).toMatchObject({ deviceId: microphone?.deviceId });
    const far = await eventually(
      () => bed.page.evaluate(() => window.line.element('far-audio')),
      (element) => element?.tracks.includes('audio live') === true && element.sinkId === speaker?.deviceId,
    );
    expect(far).toMatchObject({ tracks: ['audio live'], paused: false, sinkId: speaker?.deviceId });
    expect((await bed.page.evaluate(() => window.line.element('my-video')))?.tracks).toEqual(['audio live']);
    // The SDK opens the default microphone once to learn the device list, and stops it: one microphone stays open.
    // The line's own element is not made when the app gives one: one playback.
    expect(await bed.page.evaluate(() => window.line.media())).toMatchObject({ openMicrophones: 1, playing: 1 });
  });

  it('localStream: the SDK sends the stream the call gave, and opens no microphone for it', async () => {
    const before = await bed.page.evaluate(() => window.line.media());
    const invite = await dialWith({ localStream: 'tone' });
    await answered(invite);
    expect(
      await eventually(
        () => bed.page.evaluate(() => window.line.sendsTone()),
        (sends) => sends,
      ),
    ).toBe(true);
    // One track sent, the tone: no getUserMedia for this call.
    expect(await bed.page.evaluate(() => window.line.media())).toMatchObject({
      microphoneRequests: before.microphoneRequests,
      openMicrophones: 1,
    });
  });

  it('timeoutSecs: an unanswered call is given up after it, and Telnyx hears the hangup', async () => {
    const invite = await dialWith({ timeoutSecs: 5 });
    await bed.standIn.ring(invite.callId);
    await waitForLog(bed.page, `alice call ${invite.callId} ended no-answer`, 0, 15_000);
    const ended = await bed.standIn.waitForCallState(invite.callId, 'ended');
    expect(ended.hangup).toMatchObject({ by: 'client' });
  });
});
