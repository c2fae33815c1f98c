/**
 * The line's test page: handset phones on the Telnyx line (the real @telnyx/webrtc inside), driven by playwright
 * through `window.line`. Every call event goes to a log the tests wait on; the page also counts what the browser
 * was asked for (getUserMedia calls, peer connections, playing elements), to prove one microphone and one playback.
 */
import { type Call, type CallOptions, createPhone, HandsetError, type Phone } from '@handset/core';
import { browserMedia } from '@handset/core/media';
import { recoveryToken } from '@handset/core/parity';
import { type ContractPhone, contractPhone } from '@handset/core/testing';
import { type TelnyxLineOptions, telnyx } from '../../src/index';

declare global {
  interface Window {
    line: typeof api;
  }
}

const log: string[] = [];
const phones = new Map<string, Phone>();
const contracts = new Map<string, ContractPhone>();
const calls = new Map<string, Call>();
const peers: RTCPeerConnection[] = [];
let microphoneRequests = 0;
/** The track id of the last `localStream: 'tone'` the page made. */
let tone: string | null = null;

// Instrumentation, not a double: the browser's own objects, counted as the SDK creates them.
const NativePeerConnection = window.RTCPeerConnection;
window.RTCPeerConnection = class extends NativePeerConnection {
  constructor(config?: RTCConfiguration) {
    super(config);
    peers.push(this);
  }
} as typeof RTCPeerConnection;
const nativeGetUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
navigator.mediaDevices.getUserMedia = (constraints) => {
  if (constraints?.audio) {
    microphoneRequests++;
    log.push(`getUserMedia ${JSON.stringify(constraints)}`);
  }
  return nativeGetUserMedia(constraints);
};

const codeOf = (error: unknown) => (error instanceof HandsetError ? error.code : String(error));

function phoneOf(name: string): Phone {
  const phone = phones.get(name);
  if (!phone) throw new Error(`no phone ${name}`);
  return phone;
}

function callOf(id: string): Call {
  const call = calls.get(id);
  if (!call) throw new Error(`no call ${id}`);
  return call;
}

function watch(name: string, call: Call): void {
  calls.set(call.id, call);
  log.push(`${name} call ${call.id} ${call.direction}${call.snapshot.recovered ? ' recovered' : ''}`);
  call.on('state', (state) => log.push(`${name} call ${call.id} state ${state}`));
  call.on('ended', (end) => log.push(`${name} call ${call.id} ended ${end.reason} ${end.by} ${end.sipCode ?? ''}`.trim()));
  call.on('error', (error) => log.push(`${name} call ${call.id} error ${error.code}`));
  let samples = 0;
  call.on('sample', () => {
    if (++samples === 3) log.push(`${name} call ${call.id} samples`);
  });
  call.on('warning', (warning) => log.push(`${name} call ${call.id} warning ${warning}`));
  call.on('warning-cleared', (warning) => log.push(`${name} call ${call.id} warning-cleared ${warning}`));
}

/** Live microphone tracks the peer connections send (a second getUserMedia whose track was stopped is not a second microphone). */
function openMicrophones(): number {
  const tracks = new Set(
    peers
      .flatMap((peer) => (peer.connectionState === 'closed' ? [] : peer.getSenders().map((sender) => sender.track)))
      .filter((track) => track?.kind === 'audio' && track.readyState === 'live'),
  );
  return tracks.size;
}

/** The newest peer connection that is not closed: the one of the call the test looks at. */
function livePeer(): RTCPeerConnection | undefined {
  return peers.filter((peer) => peer.connectionState !== 'closed').at(-1);
}

async function packets(type: 'inbound-rtp' | 'outbound-rtp'): Promise<number> {
  let count = 0;
  (await livePeer()?.getStats())?.forEach((report) => {
    if (report.type === type && report.kind === 'audio')
      count += (type === 'inbound-rtp' ? report.packetsReceived : report.packetsSent) ?? 0;
  });
  return count;
}

const api = {
  log,
  /** Creates a phone on the Telnyx line; resolves with the error code `telnyx()` threw, or null. */
  create(name: string, options: TelnyxLineOptions, withMedia = true): string | null {
    try {
      const phone = createPhone({ line: telnyx(options), ...(withMedia ? { media: browserMedia() } : {}) });
      phones.set(name, phone);
      phone.on('call', (call) => watch(name, call));
      phone.on('registration', (state) => log.push(`${name} registration ${state}`));
      phone.on('tokenWillExpire', (expiresAt) => log.push(`${name} tokenWillExpire ${expiresAt}`));
      phone.on('error', (error) => log.push(`${name} error ${error.code}`));
      return null;
    } catch (error) {
      return codeOf(error);
    }
  },
  async connect(name: string): Promise<string | null> {
    try {
      await phoneOf(name).connect();
      return null;
    } catch (error) {
      return codeOf(error);
    }
  },
  /** `remoteElement` / `localElement` given as an element id: the page makes that element (they cannot cross evaluate). */
  call(
    name: string,
    destination: string,
    options?: Omit<CallOptions, 'localStream'> & { remoteElement?: unknown; localElement?: unknown; localStream?: unknown },
  ): string {
    const withElements = { ...options };
    // `localStream: 'tone'`: a stream of the page's own making (an oscillator), which is no microphone.
    if (withElements.localStream === 'tone') {
      const context = new AudioContext();
      const oscillator = context.createOscillator();
      const destination = context.createMediaStreamDestination();
      oscillator.connect(destination);
      oscillator.start();
      withElements.localStream = destination.stream;
      tone = destination.stream.getAudioTracks()[0]?.id ?? null;
    }
    for (const key of ['remoteElement', 'localElement'] as const) {
      const id = withElements[key];
      if (typeof id !== 'string') continue;
      const element = document.createElement(key === 'remoteElement' ? 'audio' : 'video');
      element.id = id;
      element.autoplay = true;
      element.muted = key === 'localElement';
      document.body.append(element);
      withElements[key] = element;
    }
    return phoneOf(name).call(destination, withElements as CallOptions).id;
  },
  /** An element the test named: does it have a stream, with which tracks, is it playing, on which sink. */
  element(id: string) {
    const element = document.getElementById(id) as HTMLMediaElement | null;
    const stream = element?.srcObject as MediaStream | null | undefined;
    return element
      ? {
          tracks: stream?.getTracks().map((track) => `${track.kind} ${track.readyState}`) ?? [],
          paused: element.paused,
          sinkId: (element as HTMLAudioElement).sinkId,
        }
      : null;
  },
  async devices() {
    return (await navigator.mediaDevices.enumerateDevices()).map(({ kind, deviceId, label }) => ({ kind, deviceId, label }));
  },
  /** The microphone track the live peer connection sends: its device. */
  /** The live sender's audio encoding cap, bits per second. */
  maxBitrate() {
    return (
      livePeer()
        ?.getSenders()
        .find((sender) => sender.track?.kind === 'audio')
        ?.getParameters().encodings?.[0]?.maxBitrate ?? null
    );
  },
  /** Whether the live peer connection sends the page's tone (the `localStream` given), not a microphone. */
  sendsTone() {
    const track = livePeer()
      ?.getSenders()
      .find((sender) => sender.track?.kind === 'audio')?.track;
    return tone !== null && track?.id === tone;
  },
  sentMicrophone() {
    const track = livePeer()
      ?.getSenders()
      .find((sender) => sender.track?.kind === 'audio')?.track;
    return track ? { deviceId: track.getSettings().deviceId, label: track.label } : null;
  },
  /** The call's snapshot as plain data. */
  snapshot: (id: string) => JSON.parse(JSON.stringify(callOf(id).snapshot)),
  run(
    id: string,
    command: 'accept' | 'hangup' | 'hold' | 'unhold' | 'mute' | 'unmute' | 'reject',
    argument?: string | number,
  ): string | null {
    const call = callOf(id);
    try {
      if (command === 'accept') call.accept();
      else if (command === 'hangup') call.hangup();
      else if (command === 'hold') call.hold();
      else if (command === 'unhold') call.unhold();
      else if (command === 'mute') call.mute(true);
      else if (command === 'unmute') call.mute(false);
      else call.reject(typeof argument === 'number' ? argument : undefined);
      return null;
    } catch (error) {
      return codeOf(error);
    }
  },
  sendDigits: (id: string, digits: string) => callOf(id).sendDigits(digits),
  updateToken: (name: string, token: string) => phoneOf(name).updateToken(token),
  recoveryToken: (id: string) => recoveryToken(callOf(id)),
  store: (name: string) => JSON.parse(JSON.stringify(phoneOf(name).store.getState())),
  dispose(name: string): void {
    phones.get(name)?.dispose();
    phones.delete(name);
    contracts.delete(name);
  },
  /** The Line contract suite's view of a phone: calls one ContractPhone method by name. */
  contract(name: string, method: keyof ContractPhone, args: unknown[]): unknown {
    let contract = contracts.get(name);
    if (!contract) {
      contract = contractPhone(phoneOf(name), name);
      contracts.set(name, contract);
    }
    const member = contract[method];
    return typeof member === 'function' ? (member as (...a: unknown[]) => unknown)(...args) : member;
  },
  inboundPackets: () => packets('inbound-rtp'),
  outboundPackets: () => packets('outbound-rtp'),
  /** The live peer connection's configuration and local SDP: what the SDK made of the call options. */
  peerSetup() {
    const peer = livePeer();
    if (!peer) return null;
    const { iceTransportPolicy, iceCandidatePoolSize, iceServers } = peer.getConfiguration();
    return { iceTransportPolicy, iceCandidatePoolSize, iceServers: iceServers ?? [], localSdp: peer.localDescription?.sdp ?? '' };
  },
  /** What the browser was asked for: microphones opened, peer connections made, elements playing a stream. */
  media() {
    const playing = [...document.querySelectorAll('audio, video')].filter(
      (element) => (element as HTMLMediaElement).srcObject && !(element as HTMLMediaElement).paused && !(element as HTMLMediaElement).muted,
    );
    return {
      microphoneRequests,
      openMicrophones: openMicrophones(),
      peerConnections: peers.length,
      playing: playing.length,
      sinks: playing.map((e) => (e as HTMLAudioElement).sinkId),
    };
  },
  storage: () => Object.fromEntries(Object.keys(sessionStorage).map((key) => [key, sessionStorage.getItem(key) ?? ''])),
};

window.line = api;
