/**
 * The effect of call and accept options on real WebRTC in Chromium (fake microphone): what reaches
 * getUserMedia, the RTCPeerConnection's configuration, the offer's codec order, the element the far
 * side plays in, the parameters the other tab receives, and what the sandbox does with the options
 * it cannot honour (video, stereo, SIP-only options).
 */
import './support/resources';
import { type Call, type CallOptions, createPhone, type HandsetError, type Phone } from '@handset/core';
import { browserMedia } from '@handset/core/media';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { sandbox } from '../src';
import { ended, fastTiming, inboundAudio, reach, sleep, uniqueChannel, until } from './support/calls';
import { countResources } from './support/resources';

const phones: Phone[] = [];
/** Every getUserMedia request of the test, as the browser received it (the real call runs unchanged). */
let requested: MediaStreamConstraints[] = [];
const realGetUserMedia = navigator.mediaDevices.getUserMedia;

beforeEach(() => {
  requested = [];
  const devices = navigator.mediaDevices;
  devices.getUserMedia = function (this: MediaDevices, constraints?: MediaStreamConstraints) {
    requested.push(structuredClone(constraints ?? {}));
    return realGetUserMedia.call(this, constraints);
  };
});

afterEach(async () => {
  navigator.mediaDevices.getUserMedia = realGetUserMedia;
  for (const phone of phones.splice(0)) phone.dispose();
  await until(
    () => countResources().peerConnections === 0 && countResources().liveTracks === 0,
    3000,
    "calls to close their peer connections and every track (the media kit's generated sounds too) to stop",
  );
});

async function phoneOn(options: { extension?: string; channel?: string; withMedia?: boolean; strictOptions?: boolean } = {}) {
  const line = sandbox({ channel: options.channel ?? uniqueChannel(), timing: fastTiming, extension: options.extension });
  const phone = createPhone({
    line,
    ...(options.withMedia ? { media: browserMedia({ quality: false }) } : {}),
    strictOptions: options.strictOptions ?? false,
  });
  phones.push(phone);
  await phone.connect();
  return phone;
}

/** Two "tabs" (phones in one page: BroadcastChannel delivers between them as between tabs). */
async function twoTabs(): Promise<{ alice: Phone; bob: Phone }> {
  const channel = uniqueChannel();
  const [alice, bob] = await Promise.all([phoneOn({ channel, extension: 'alice' }), phoneOn({ channel, extension: 'bob' })]);
  return { alice, bob };
}

function nextIncoming(phone: Phone): Promise<Call> {
  return new Promise((resolve) => phone.once('incoming', resolve));
}

function micTrack(call: Call): MediaStreamTrack {
  const track = call.getLocalStream()?.getAudioTracks()[0];
  if (!track) throw new Error('the call has no microphone track');
  return track;
}

/** The m=audio payload types of an SDP, in order, by codec name (lower case). */
function audioPayloadNames(sdp: string): string[] {
  const payloads = /^m=audio \d+ \S+ ([\d ]+)/m.exec(sdp)?.[1]?.trim().split(' ') ?? [];
  return payloads.map((pt) => new RegExp(`^a=rtpmap:${pt} ([^/\\s]+)`, 'm').exec(sdp)?.[1]?.toLowerCase() ?? `pt${pt}`);
}

/** The codec the outbound audio is encoded with, from getStats. */
async function sendingCodec(pc: RTCPeerConnection): Promise<string | undefined> {
  const stats = await pc.getStats();
  for (const report of stats.values()) {
    if (report.type === 'outbound-rtp' && report.kind === 'audio' && report.codecId) {
      return (stats.get(report.codecId) as { mimeType?: string } | undefined)?.mimeType?.toLowerCase();
    }
  }
  return undefined;
}

/** Resolves once the element has played `seconds` of the stream it holds. */
async function playsFor(element: HTMLMediaElement, seconds: number): Promise<void> {
  await until(() => !element.paused && element.currentTime >= seconds, 5000, `the element to play ${seconds} s`);
}

const noEchoCancelling = { echoCancellation: false, noiseSuppression: false, autoGainControl: false };

describe('audio constraints (Telnyx audio, Twilio rtcConstraints)', () => {
  test('call({ audio }) reaches getUserMedia and the microphone track runs with them; the default keeps processing on', async () => {
    const phone = await phoneOn();
    const plain = phone.call('echo');
    await reach(plain, 'active');
    expect(requested).toEqual([{ audio: true }]);
    expect(micTrack(plain).getSettings().echoCancellation).toBe(true);
    plain.hangup();

    const raw = phone.call('echo', { audio: noEchoCancelling });
    await reach(raw, 'active');
    expect(requested[1]).toEqual({ audio: noEchoCancelling });
    expect(micTrack(raw).getSettings()).toMatchObject(noEchoCancelling);
    expect(micTrack(raw).getConstraints()).toMatchObject(noEchoCancelling);
    // That track is the one being sent.
    expect(raw.peerConnection?.getSenders()[0]?.track).toBe(micTrack(raw));
  });

  test('with the media kit, call({ audio }) reaches getUserMedia through the kit’s microphone', async () => {
    const phone = await phoneOn({ withMedia: true });
    const call = phone.call('echo', { audio: { echoCancellation: false } });
    await reach(call, 'active');
    expect(requested).toEqual([{ audio: { echoCancellation: false } }]);
    expect(micTrack(call).getSettings().echoCancellation).toBe(false);
  });

  test('accept({ audio }) opens the callee’s microphone with those constraints; the caller’s default is untouched', async () => {
    const { alice, bob } = await twoTabs();
    const ringing = nextIncoming(alice);
    const outgoing = bob.call('alice');
    const incoming = await ringing;
    incoming.accept({ audio: { echoCancellation: false, autoGainControl: false } });
    await Promise.all([reach(incoming, 'active'), reach(outgoing, 'active')]);
    expect(requested).toEqual([{ audio: true }, { audio: { echoCancellation: false, autoGainControl: false } }]);
    expect(micTrack(incoming).getSettings()).toMatchObject({ echoCancellation: false, autoGainControl: false });
    expect(micTrack(outgoing).getSettings()).toMatchObject({ echoCancellation: true, autoGainControl: true });
  });
});

describe('iceServers (Twilio rtcConfiguration)', () => {
  test('accept({ iceServers }) configures the callee’s peer connection; call({ iceServers }) the caller’s', async () => {
    const { alice, bob } = await twoTabs();
    const callerServers = [{ urls: 'stun:127.0.0.1:3478' }];
    const calleeServers = [{ urls: ['turn:127.0.0.1:3478?transport=udp'], username: 'alice', credential: 'secret' }];
    const ringing = nextIncoming(alice);
    const outgoing = bob.call('alice', { iceServers: callerServers });
    const incoming = await ringing;
    incoming.accept({ iceServers: calleeServers });
    await Promise.all([reach(incoming, 'active'), reach(outgoing, 'active')]);
    expect(incoming.peerConnection?.getConfiguration().iceServers).toEqual([
      { urls: ['turn:127.0.0.1:3478?transport=udp'], username: 'alice', credential: 'secret' },
    ]);
    expect(outgoing.peerConnection?.getConfiguration().iceServers).toEqual([
      { urls: ['stun:127.0.0.1:3478'], username: '', credential: '' },
    ]);
    outgoing.hangup();
    await ended(incoming);

    // Without the option, no ICE server of the call's own.
    const again = nextIncoming(alice);
    const plain = bob.call('alice');
    const answered = await again;
    answered.accept();
    await reach(answered, 'active');
    expect(answered.peerConnection?.getConfiguration().iceServers).toEqual([]);
    expect(plain.peerConnection?.getConfiguration().iceServers).toEqual([]);
  });
});

describe('preferredCodecs', () => {
  test('PCMU first: the offer lists PCMU first and the call is carried in PCMU; without the option, opus', async () => {
    const phone = await phoneOn();
    const plain = phone.call('echo');
    await reach(plain, 'active');
    expect(audioPayloadNames(plain.peerConnection?.localDescription?.sdp ?? '')[0]).toBe('opus');
    expect(plain.codec).toBe('opus');
    plain.hangup();

    const call = phone.call('echo', { preferredCodecs: ['PCMU', 'opus'] });
    await reach(call, 'active');
    const pc = call.peerConnection as RTCPeerConnection;
    const offered = audioPayloadNames(pc.localDescription?.sdp ?? '');
    expect(offered.slice(0, 2)).toEqual(['pcmu', 'opus']);
    expect(call.codec).toBe('pcmu');
    await until(async () => (await sendingCodec(pc)) === 'audio/pcmu', 3000, 'PCMU on the wire');
    // The fake microphone's beep comes back from the echo, carried in PCMU.
    await until(async () => (await inboundAudio(pc)).totalAudioEnergy > 0, 5000, 'echoed audio');
  });
});

describe('remoteElement (Telnyx)', () => {
  test('the far side plays in the element the call gave, which is cleared when the call ends', async () => {
    const phone = await phoneOn();
    const element = document.createElement('audio');
    const call = phone.call('echo', { remoteElement: element });
    await reach(call, 'active');
    expect(element.srcObject).toBe(call.getRemoteStream());
    await playsFor(element, 0.5);
    call.hangup();
    expect(element.srcObject).toBeNull();
  });

  test('with the media kit the far side plays in that element too', async () => {
    const phone = await phoneOn({ withMedia: true });
    const element = document.createElement('audio');
    const call = phone.call('echo', { remoteElement: element });
    await reach(call, 'active');
    await until(() => element.srcObject === call.getRemoteStream(), 3000, 'the element to hold the remote stream');
    await playsFor(element, 0.5);
    expect(phone.store.getState().media.audioBlocked).toBe(false);
  });

  test('accept({ remoteElement }) plays the far side in that element, with or without the media kit', async () => {
    for (const withMedia of [false, true]) {
      const channel = uniqueChannel();
      const [alice, bob] = await Promise.all([phoneOn({ channel, extension: 'alice', withMedia }), phoneOn({ channel, extension: 'bob' })]);
      const ringing = nextIncoming(alice);
      const outgoing = bob.call('alice');
      const incoming = await ringing;
      const element = document.createElement('audio');
      incoming.accept({ remoteElement: element });
      await reach(incoming, 'active');
      await until(() => element.srcObject === incoming.getRemoteStream(), 3000, 'the element to hold the remote stream');
      await playsFor(element, 0.5);
      outgoing.hangup();
      await ended(incoming);
    }
  });
});

describe('micId on accept', () => {
  test('accept({ micId }) opens that microphone (deviceId exact), merged with the audio constraints', async () => {
    const { alice, bob } = await twoTabs();
    const [mic] = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'audioinput');
    expect(mic?.deviceId).toBeTruthy();
    requested = [];
    const ringing = nextIncoming(alice);
    const outgoing = bob.call('alice');
    const incoming = await ringing;
    incoming.accept({ micId: mic!.deviceId, audio: { echoCancellation: false } });
    await Promise.all([reach(incoming, 'active'), reach(outgoing, 'active')]);
    expect(requested[1]).toEqual({ audio: { echoCancellation: false, deviceId: { exact: mic!.deviceId } } });
    expect(micTrack(incoming).getSettings().deviceId).toBe(mic!.deviceId);
    outgoing.hangup();
    await ended(incoming);
  });
});

describe('parameters and callerInfo between tabs', () => {
  test('call({ parameters }) arrives as the callee’s snapshot.customParameters; the sandbox gives no callerInfo', async () => {
    const { alice, bob } = await twoTabs();
    const ringing = nextIncoming(alice);
    const outgoing = bob.call('alice', { parameters: { ticket: '42', queue: 'sales' } });
    const incoming = await ringing;
    expect(incoming.snapshot.customParameters).toEqual({ ticket: '42', queue: 'sales' });
    expect(outgoing.snapshot.customParameters.ticket).toBe('42');
    expect(incoming.callerInfo).toBeNull();
    outgoing.hangup();
    await ended(incoming);

    const again = nextIncoming(alice);
    bob.call('alice');
    expect((await again).snapshot.customParameters).toEqual({});
  });
});

describe('options the sandbox cannot honour', () => {
  const unsupported = {
    video: true,
    camId: 'camera-1',
    useStereo: true,
    callerNumber: '+14155550123',
    trickleIce: false,
    sdpASBandwidthKbps: 64,
  } satisfies CallOptions;

  test('video, camId, localElement, remoteStream, useStereo, callerNumber, trickleIce, sdpASBandwidthKbps: reported, and the call is audio-only as usual', async () => {
    const phone = await phoneOn();
    const localElement = document.createElement('video');
    const remoteStream = new MediaStream();
    const errors: HandsetError[] = [];
    const call = phone.call('echo', { ...unsupported, localElement, remoteStream, on: { error: (error) => errors.push(error) } });
    expect(call.snapshot.unsupportedOptions).toEqual([
      'video',
      'camId',
      'useStereo',
      'callerNumber',
      'trickleIce',
      'sdpASBandwidthKbps',
      'localElement',
      'remoteStream',
    ]);
    expect(errors.map((e) => e.code)).toEqual(['option-unsupported']);
    await reach(call, 'active');
    // No camera: the microphone alone was asked for and sent.
    expect(requested).toEqual([{ audio: true }]);
    expect(call.getLocalStream()?.getVideoTracks()).toEqual([]);
    const sdp = call.peerConnection?.localDescription?.sdp ?? '';
    expect(sdp).toMatch(/^m=audio /m);
    expect(sdp).not.toMatch(/^m=video /m);
    expect(sdp).not.toMatch(/stereo=1/);
    expect(sdp).not.toMatch(/^b=AS:/m);
    // Neither element nor stream is used: the far side arrives on a stream of the line's own.
    expect(localElement.srcObject).toBeNull();
    expect(remoteStream.getTracks()).toEqual([]);
    expect(call.getRemoteStream()).not.toBe(remoteStream);
    expect(call.getRemoteStream()?.getAudioTracks()).toHaveLength(1);
  });

  test('with strictOptions the sandbox refuses such a call before opening anything', async () => {
    const phone = await phoneOn({ strictOptions: true });
    expect(() => phone.call('echo', { video: true, useStereo: true })).toThrow(
      expect.objectContaining({ code: 'option-unsupported', message: 'The sandbox line cannot honour: video, useStereo.' }),
    );
    expect(phone.calls).toEqual([]);
    await sleep(200);
    expect(requested).toEqual([]);
    expect(countResources().peerConnections).toBe(0);
  });
});
