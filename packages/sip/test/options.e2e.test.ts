/**
 * The effect of call and accept options on the SIP line, through a real Kamailio (and coturn) with
 * Chromium pages running the harness (test/harness/page.ts): what reaches getUserMedia, the ICE
 * servers an answer gathers from, the element the far side plays in, and what the INVITE the far
 * side receives shows about the options the SIP line does not honour (reported on the call).
 * Needs the Debian packages kamailio, kamailio-websocket-modules, coturn and chromium.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { testDomain } from './bed/kamailio';
import { useKamailioPhones } from './bed/kamailioPhones';
import { audioBothWays, eventually, logLines, type PhonePage, waitForLog } from './bed/pages';

/** What a page's getUserMedia was asked for and what each answer's microphone track runs with. */
interface MicrophoneRequests {
  readonly requested: MediaStreamConstraints[];
  readonly streams: MediaStream[];
}

declare global {
  interface Window {
    microphone?: MicrophoneRequests;
    /** Every RTCPeerConnection the page made, in order. */
    peerConnections?: RTCPeerConnection[];
  }
}

/**
 * Run in every page before the harness: records its getUserMedia requests and its peer connections
 * (the browser's own still do the work).
 */
function recordMediaRequests(): void {
  const made: RTCPeerConnection[] = [];
  window.peerConnections = made;
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(configuration?: RTCConfiguration) {
      super(configuration);
      made.push(this);
    }
  };
  const devices = navigator.mediaDevices;
  const real = devices.getUserMedia.bind(devices);
  const microphone: MicrophoneRequests = { requested: [], streams: [] };
  window.microphone = microphone;
  devices.getUserMedia = async (constraints) => {
    microphone.requested.push(structuredClone(constraints ?? {}));
    const stream = await real(constraints);
    microphone.streams.push(stream);
    return stream;
  };
}

const phones = useKamailioPhones('handset sip options e2e', { coturn: true, initScript: recordMediaRequests });
const { phone } = phones;

/** The getUserMedia requests of a page, and the settings of the audio track each one gave. */
function microphone(page: Page) {
  return page.evaluate(() => {
    const mic = window.microphone as MicrophoneRequests;
    return {
      requested: mic.requested,
      settings: mic.streams.map((stream) => stream.getAudioTracks()[0]?.getSettings()),
      states: mic.streams.map((stream) => stream.getAudioTracks()[0]?.readyState),
    };
  });
}

const bobUri = `sip:bob@${testDomain}`;

/** Alice dials Bob with `options`; returns the caller's id once Bob's phone rings, and Bob's (new) call id. */
async function ring(alice: PhonePage, bob: PhonePage, options: Record<string, unknown> = {}) {
  const before = (await logLines(bob.page, 'bob incoming')).length;
  const callerId = await alice.page.evaluate(([dest, o]) => window.bed.dial('alice', dest as string, o as never), [
    bobUri,
    options,
  ] as const);
  await eventually(
    async () => (await logLines(bob.page, 'bob incoming')).length,
    (count) => count > before,
  );
  const calleeId = (await bob.page.evaluate(() => window.bed.incoming('bob'))) as string;
  return { callerId, calleeId };
}

async function answer(alice: PhonePage, bob: PhonePage, ids: { callerId: string; calleeId: string }, acceptOptions?: unknown) {
  await bob.page.evaluate(([id, o]) => window.bed.act(id as string, 'accept', o), [ids.calleeId, acceptOptions] as const);
  await waitForLog(alice.page, `alice ${ids.callerId} state active`);
  await waitForLog(bob.page, `bob ${ids.calleeId} state active`);
}

async function hangUp(alice: PhonePage, bob: PhonePage, ids: { callerId: string; calleeId: string }) {
  await alice.page.evaluate((id) => window.bed.act(id, 'hangup'), ids.callerId);
  await waitForLog(bob.page, `bob ${ids.calleeId} ended hangup by=remote`);
}

/** The INVITE Bob's SIP.js received (after Kamailio), headers and SDP. */
async function inviteReceived(bob: PhonePage): Promise<string> {
  const lines = await bob.page.evaluate(() => window.bed.sipLines('bob', 'Received WebSocket text message'));
  const invite = lines.find((line) => /^INVITE sip:/m.test(line));
  if (!invite) throw new Error(`bob received no INVITE; SIP log:\n${lines.join('\n')}`);
  return invite;
}

/** The m=audio payloads of an SDP, in order, by codec name (lower case). */
function audioPayloadNames(sdp: string): string[] {
  const payloads = /^m=audio \d+ \S+ ([\d ]+)/m.exec(sdp)?.[1]?.trim().split(' ') ?? [];
  return payloads.map((pt) => new RegExp(`^a=rtpmap:${pt} ([^/\\s]+)`, 'm').exec(sdp)?.[1]?.toLowerCase() ?? `pt${pt}`);
}

const noProcessing = { echoCancellation: false, autoGainControl: false };

describe('SIP line options through Kamailio', () => {
  it('audio constraints: call({ audio }) and accept({ audio }) reach getUserMedia, and each microphone runs with them', async () => {
    const alice = await phone('alice');
    const bob = await phone('bob', { withMedia: true });
    const ids = await ring(alice, bob, { audio: noProcessing });
    await answer(alice, bob, ids, { audio: { noiseSuppression: false } });
    await audioBothWays(alice, bob, ids);

    // Without a media kit the core opens the microphone with plain getUserMedia; with one, the kit does.
    const caller = await microphone(alice.page);
    expect(caller.requested).toEqual([{ audio: noProcessing, video: false }]);
    expect(caller.settings[0]).toMatchObject(noProcessing);
    const callee = await microphone(bob.page);
    expect(callee.requested).toEqual([{ audio: { noiseSuppression: false } }]);
    expect(callee.settings[0]).toMatchObject({ noiseSuppression: false, echoCancellation: true });
    expect([...caller.states, ...callee.states]).toEqual(['live', 'live']);

    // Those are the calls' own microphones: hanging up releases them.
    await hangUp(alice, bob, ids);
    const released = async () => [...(await microphone(alice.page)).states, ...(await microphone(bob.page)).states];
    expect(await eventually(released, (states) => states.every((s) => s === 'ended'))).toEqual(['ended', 'ended']);
  });

  it('accept({ iceServers }) configures the callee’s peer connection, over the line’s own ICE servers; media flows', async () => {
    const lineServers = [{ urls: 'stun:127.0.0.1:3478' }];
    const alice = await phone('alice');
    const bob = await phone('bob', { iceServers: lineServers });
    const configured = (p: PhonePage) =>
      p.page.evaluate(() => (window.peerConnections ?? []).map((pc) => pc.getConfiguration().iceServers?.map((server) => server.urls)));
    const ids = await ring(alice, bob);
    await answer(alice, bob, ids, { iceServers: [phones.turn.iceServer] });
    await audioBothWays(alice, bob, ids);
    expect(await configured(bob)).toEqual([[[phones.turn.iceServer.urls]]]);
    const credentials = await bob.page.evaluate(() => window.peerConnections?.[0]?.getConfiguration().iceServers?.[0]);
    expect(credentials).toMatchObject({ username: phones.turn.iceServer.username, credential: phones.turn.iceServer.credential });
    expect(await configured(alice)).toEqual([[]]);
    await hangUp(alice, bob, ids);

    // Accepted without the option, the callee's connection has the line's ICE servers.
    const plain = await ring(alice, bob);
    await answer(alice, bob, plain);
    expect((await configured(bob))[1]).toEqual([['stun:127.0.0.1:3478']]);
    await hangUp(alice, bob, plain);
  });

  /** Alice calls Bob with a remoteElement made in her page; resolves once both are active. */
  async function callIntoElement(alice: PhonePage, bob: PhonePage) {
    const callerId = await alice.page.evaluate((dest) => {
      const element = document.createElement('audio');
      element.id = 'far-side';
      document.body.append(element);
      return window.bed.dial('alice', dest, { remoteElement: element });
    }, bobUri);
    await waitForLog(bob.page, 'bob incoming');
    const ids = { callerId, calleeId: (await bob.page.evaluate(() => window.bed.incoming('bob'))) as string };
    await answer(alice, bob, ids);
    const element = () =>
      alice.page.evaluate(() => {
        const audio = document.getElementById('far-side') as HTMLAudioElement;
        const stream = audio.srcObject as MediaStream | null;
        return { paused: audio.paused, time: audio.currentTime, tracks: stream?.getAudioTracks().map((t) => t.readyState) ?? [] };
      });
    return { ids, element };
  }

  it('remoteElement with the media kit: the far side plays in the element the call gave, and it ends with the call', async () => {
    const alice = await phone('alice', { withMedia: true });
    const bob = await phone('bob');
    const { ids, element } = await callIntoElement(alice, bob);
    const playing = await eventually(element, (e) => !e.paused && e.time >= 0.5);
    expect(playing).toMatchObject({ paused: false, tracks: ['live'] });
    expect(playing.time).toBeGreaterThanOrEqual(0.5);
    // The element held the call's far side, and lets it go with the call.
    await hangUp(alice, bob, ids);
    expect((await eventually(element, (e) => !e.tracks.includes('live'))).tracks).not.toContain('live');
  });

  // Without a media kit the line plays the element itself. SIP.js hands out the remote stream before its
  // track: the line waits for the track, as Chromium leaves an element given a track-less stream silent.
  it('remoteElement without the media kit: the far side plays in the element', async () => {
    const alice = await phone('alice');
    const bob = await phone('bob');
    const { element } = await callIntoElement(alice, bob);
    const playing = await eventually(element, (e) => !e.paused && e.time >= 0.5, 5000);
    expect(playing.time).toBeGreaterThanOrEqual(0.5);
  });

  it('callerNumber, trickleIce, parameters, video, camId, useStereo, localElement, remoteStream: reported as unsupported, and the INVITE is the usual one', async () => {
    const alice = await phone('alice');
    const bob = await phone('bob');
    const callerId = await alice.page.evaluate((dest) => {
      const localElement = document.createElement('video');
      localElement.id = 'local-video';
      document.body.append(localElement);
      return window.bed.dial('alice', dest, {
        callerNumber: '+14155550123',
        trickleIce: true,
        parameters: { ticket: '42' },
        video: true,
        camId: 'camera-1',
        useStereo: true,
        localElement,
        remoteStream: new MediaStream(),
      });
    }, bobUri);
    const unsupported = ['callerNumber', 'trickleIce', 'parameters', 'video', 'camId', 'useStereo', 'localElement', 'remoteStream'];
    const caller = await alice.page.evaluate((id) => window.bed.snapshot(id), callerId);
    expect(caller.unsupportedOptions).toEqual(unsupported);
    expect(caller.error).toMatchObject({ code: 'option-unsupported', message: `The sip line ignores: ${unsupported.join(', ')}.` });

    // The far side sees the registered identity, no parameters and no verified caller.
    expect(await waitForLog(bob.page, 'bob incoming')).toContain('from=sip:alice@handset.test name=Alice');
    const calleeId = (await bob.page.evaluate(() => window.bed.incoming('bob'))) as string;
    const callee = await bob.page.evaluate((id) => window.bed.snapshot(id), calleeId);
    expect(callee.customParameters).toEqual({});
    expect(callee.callerInfo).toBeNull();

    // The INVITE: From the registered user, opus first, no bandwidth line, no video, no stereo,
    // and every candidate in the offer (SIP.js gathers before sending: no trickle ICE).
    const invite = await inviteReceived(bob);
    expect(invite).toMatch(/^From: "Alice" <sip:alice@handset\.test>/m);
    expect(invite).not.toContain('+14155550123');
    expect(audioPayloadNames(invite)[0]).toBe('opus');
    expect(invite).not.toMatch(/^b=AS:/m);
    expect(invite).not.toMatch(/^m=video /m);
    expect(invite).not.toMatch(/stereo=1/);
    expect(invite).toMatch(/^a=candidate:/m);
    expect(invite).not.toMatch(/trickle-ice/i);
    // No camera was opened: the microphone alone was asked for.
    expect((await microphone(alice.page)).requested).toEqual([{ audio: true, video: false }]);

    // The call itself goes on, audio-only, in opus; neither the video element nor the stream is used.
    await answer(alice, bob, { callerId, calleeId });
    await audioBothWays(alice, bob, { callerId, calleeId });
    expect((await alice.page.evaluate((id) => window.bed.snapshot(id), callerId)).codec).toBe('opus');
    expect(await alice.page.evaluate(() => (document.getElementById('local-video') as HTMLVideoElement).srcObject)).toBeNull();
    await hangUp(alice, bob, { callerId, calleeId });
  });

  it('preferredCodecs and sdpASBandwidthKbps shape the offer: PCMU first and b=AS:100 in the INVITE, and the call runs in PCMU', async () => {
    const alice = await phone('alice');
    const bob = await phone('bob');
    const callerId = await alice.page.evaluate(
      (dest) => window.bed.dial('alice', dest, { preferredCodecs: ['PCMU', 'opus'], sdpASBandwidthKbps: 100 }),
      bobUri,
    );
    const caller = await alice.page.evaluate((id) => window.bed.snapshot(id), callerId);
    expect(caller.unsupportedOptions).toEqual([]);
    await waitForLog(bob.page, 'bob incoming');
    const invite = await inviteReceived(bob);
    expect(audioPayloadNames(invite).slice(0, 2)).toEqual(['pcmu', 'opus']);
    expect(invite).toMatch(/^m=audio [^\r\n]+\r?\nc=[^\r\n]+\r?\nb=AS:100\r?$/m);
    const calleeId = (await bob.page.evaluate(() => window.bed.incoming('bob'))) as string;
    await answer(alice, bob, { callerId, calleeId });
    await audioBothWays(alice, bob, { callerId, calleeId });
    expect((await alice.page.evaluate((id) => window.bed.snapshot(id), callerId)).codec).toBe('pcmu');
    await hangUp(alice, bob, { callerId, calleeId });
  });

  it('customData travels with the INVITE (X-Custom-Data, percent-encoded), and the far side reads it and the X- headers on the call', async () => {
    const alice = await phone('alice');
    const bob = await phone('bob');
    const customData = 'order=42; note=ça va';
    const callerId = await alice.page.evaluate(
      ([dest, data]) => window.bed.dial('alice', dest as string, { customData: data as string, customHeaders: { 'X-Ticket': '7' } }),
      [bobUri, customData] as const,
    );
    await waitForLog(bob.page, 'bob incoming');
    const invite = await inviteReceived(bob);
    expect(invite).toMatch(/^X-Custom-Data: order%3D42%3B%20note%3D%C3%A7a%20va\r?$/m);
    const calleeId = (await bob.page.evaluate(() => window.bed.incoming('bob'))) as string;
    const callee = await bob.page.evaluate((id) => window.bed.snapshot(id), calleeId);
    expect(callee.customData).toBe(customData);
    expect(callee.remoteHeaders).toEqual([{ name: 'X-Ticket', value: '7' }]);
    expect(callee.to).toBe('sip:bob@handset.test');
    await alice.page.evaluate((id) => window.bed.act(id, 'hangup'), callerId);
    await waitForLog(bob.page, `bob ${calleeId} ended cancelled by=remote`);
  });

  it("the far side's X- headers reach the app: on the answer (remoteHeaders), on a rejection and on a BYE (end.headers)", async () => {
    const alice = await phone('alice');
    const bob = await phone('bob');
    const rejectedId = await alice.page.evaluate((dest) => window.bed.dial('alice', dest), bobUri);
    await waitForLog(bob.page, 'bob incoming');
    const first = (await bob.page.evaluate(() => window.bed.incoming('bob'))) as string;
    await bob.page.evaluate((id) => window.bed.act(id, 'reject', 603, { 'X-Reason': 'after-hours' }), first);
    await waitForLog(alice.page, `alice ${rejectedId} ended rejected`);
    const rejected = await alice.page.evaluate((id) => window.bed.snapshot(id), rejectedId);
    expect(rejected.end).toMatchObject({ sipCode: 603, headers: [{ name: 'X-Reason', value: 'after-hours' }] });

    const callerId = await alice.page.evaluate((dest) => window.bed.dial('alice', dest), bobUri);
    await waitForLog(bob.page, `bob incoming`, 15_000);
    const calleeId = await eventually(
      () => bob.page.evaluate(() => window.bed.incoming('bob')),
      (id) => id !== first,
    );
    await bob.page.evaluate((id) => window.bed.act(id as string, 'accept', { customHeaders: { 'X-Agent': 'bob-7' } }), calleeId);
    await waitForLog(alice.page, `alice ${callerId} state active`);
    expect((await alice.page.evaluate((id) => window.bed.snapshot(id), callerId)).remoteHeaders).toEqual([
      { name: 'X-Agent', value: 'bob-7' },
    ]);
    await alice.page.evaluate((id) => window.bed.act(id, 'hangup', { 'X-Wrap-Up': 'sale' }), callerId);
    await waitForLog(bob.page, `bob ${calleeId} ended hangup by=remote`);
    const ended = await bob.page.evaluate((id) => window.bed.snapshot(id as string), calleeId);
    expect(ended.end.headers).toEqual([{ name: 'X-Wrap-Up', value: 'sale' }]);
  });
});
