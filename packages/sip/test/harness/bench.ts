/**
 * The benchmark page (scripts/bench-sip.mjs): one handset phone answering every call, one handset
 * phone calling it (cold, or warm: `line.warmUp()` first, as an app would on the dial pad's focus), and
 * a plain SIP.js UserAgent + Inviter calling it the same way. Each call is timed from the dial to media
 * flowing (handset: `active`; SIP.js: session established and the peer connection connected), with the
 * moments on the way: the microphone open, the offer set, the INVITE sent (after ICE gathering), 180, 200.
 * Those are read from the page's own getUserMedia, setLocalDescription and WebSocket, the same for all three.
 */
import { createPhone, type Phone } from '@handset/core';
import { Inviter, Registerer, RegistererState, SessionState, UserAgent } from 'sip.js';
import type { SessionDescriptionHandler } from 'sip.js/lib/platform/web/session-description-handler/index.js';
import { type SipLine, sip } from '../../src/index';

interface Setup {
  readonly server: string;
  readonly domain: string;
  readonly users: Record<'alice' | 'bob' | 'carol', string>;
}

export interface Timing {
  /** The call's microphone opened (0: opened before the dial, by the warm-up). */
  readonly micMs: number;
  /** The offer set as the local description. */
  readonly offerMs: number;
  /** The INVITE on the WebSocket (SIP.js sends it once ICE gathering is complete). */
  readonly inviteMs: number;
  /** INVITEs sent for the call: 2 would mean a challenge (401/407) and a second try, a wasted round trip. */
  readonly invites: number;
  readonly ringingMs: number;
  readonly answeredMs: number;
  readonly activeMs: number;
  /** Warm calls: how long the warm-up took to open the microphone (not part of the call's time). */
  readonly warmUpMicMs?: number;
}

/** When the page's microphones opened, offers were set and INVITEs were sent. */
const moments = { mic: [] as number[], offer: [] as number[], invite: [] as number[] };
const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
navigator.mediaDevices.getUserMedia = async (constraints) => {
  const stream = await getUserMedia(constraints);
  moments.mic.push(now());
  return stream;
};
const setLocalDescription = RTCPeerConnection.prototype.setLocalDescription as (
  this: RTCPeerConnection,
  description?: RTCLocalSessionDescriptionInit,
) => Promise<void>;
RTCPeerConnection.prototype.setLocalDescription = async function (this: RTCPeerConnection, description?: RTCLocalSessionDescriptionInit) {
  await setLocalDescription.call(this, description);
  if (this.localDescription?.type === 'offer') moments.offer.push(now());
};
const send = WebSocket.prototype.send;
WebSocket.prototype.send = function (this: WebSocket, data: Parameters<WebSocket['send']>[0]) {
  if (typeof data === 'string' && data.startsWith('INVITE ')) moments.invite.push(now());
  send.call(this, data);
};
/** The first moment of a kind since `t0` (before the INVITE for the microphone: the callee opens one too), as ms from t0. */
const since = (kind: keyof typeof moments, t0: number, before = Number.POSITIVE_INFINITY): number =>
  (moments[kind].find((t) => t >= t0 && t <= before) ?? Number.NaN) - t0;
const split = (t0: number) => {
  const inviteMs = since('invite', t0);
  const invites = moments.invite.filter((t) => t >= t0).length;
  return { micMs: since('mic', t0, t0 + inviteMs), offerMs: since('offer', t0), inviteMs, invites };
};

let caller: Phone;
let callerLine: SipLine;
let callee: Phone;
let plain: UserAgent;
let setup: Setup;

const now = () => performance.now();

async function start(options: Setup): Promise<void> {
  setup = options;
  const line = (user: 'alice' | 'bob') =>
    sip({ server: options.server, uri: `sip:${user}@${options.domain}`, password: options.users[user], iceGatheringTimeoutMs: 5000 });
  callee = createPhone({ line: line('bob') });
  callee.on('incoming', (call) => call.accept());
  callerLine = line('alice');
  caller = createPhone({ line: callerLine });
  await Promise.all([callee.connect(), caller.connect()]);
  plain = new UserAgent({
    uri: UserAgent.makeURI(`sip:carol@${options.domain}`),
    transportOptions: { server: options.server },
    authorizationUsername: 'carol',
    authorizationPassword: options.users.carol,
    logLevel: 'error',
    // Same ICE configuration as handset (no STUN on a machine without internet); SIP.js's default gathering timeout.
    sessionDescriptionHandlerFactoryOptions: { peerConnectionConfiguration: { iceServers: [] } },
  });
  await plain.start();
  const registerer = new Registerer(plain);
  await new Promise<void>((resolve) => {
    registerer.stateChange.addListener((state) => state === RegistererState.Registered && resolve());
    void registerer.register();
  });
}

/**
 * A warm call: `warmUp()` (the dial pad took focus), the user's typing (300 ms, untimed: the pool gathers
 * meanwhile), then the same call as `handsetCall`.
 */
async function warmCall(): Promise<Timing> {
  const t0 = now();
  const release = callerLine.warmUp();
  while (Number.isNaN(since('mic', t0)) && now() - t0 < 5000) await new Promise((resolve) => setTimeout(resolve, 5));
  const warmUpMicMs = since('mic', t0);
  await new Promise((resolve) => setTimeout(resolve, 300));
  try {
    const timing = await handsetCall();
    return { ...timing, micMs: Number.isNaN(timing.micMs) ? 0 : timing.micMs, warmUpMicMs };
  } finally {
    release();
  }
}

/** One call from the handset phone to the answering phone, hung up once media flows. */
function handsetCall(): Promise<Timing> {
  return new Promise((resolve, reject) => {
    const t0 = now();
    let ringingMs = Number.NaN;
    let answeredMs = Number.NaN;
    const call = caller.call(`sip:bob@${setup.domain}`);
    call.on('state', (state) => {
      if (state === 'ringing') ringingMs = now() - t0;
      if (state === 'connecting') answeredMs = now() - t0;
      if (state === 'active') {
        const activeMs = now() - t0;
        call.hangup();
        resolve({ ...split(t0), ringingMs, answeredMs, activeMs });
      }
    });
    call.on('ended', (end) => {
      if (end.by !== 'local') reject(new Error(`handset call ended: ${end.reason} ${end.sipCode ?? ''}`));
    });
  });
}

/** The same call placed with plain SIP.js: Inviter.invite() to established + connected. */
function plainCall(): Promise<Timing> {
  return new Promise((resolve, reject) => {
    const target = UserAgent.makeURI(`sip:bob@${setup.domain}`);
    if (!target) throw new Error('bad target');
    const t0 = now();
    let ringingMs = Number.NaN;
    let answeredMs = Number.NaN;
    const inviter = new Inviter(plain, target, { sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } });
    let done = false;
    const check = () => {
      const pc = (inviter.sessionDescriptionHandler as SessionDescriptionHandler | undefined)?.peerConnection;
      if (done || inviter.state !== SessionState.Established || pc?.connectionState !== 'connected') return;
      done = true;
      const activeMs = now() - t0;
      inviter.bye().catch(() => {});
      resolve({ ...split(t0), ringingMs, answeredMs, activeMs });
    };
    inviter.delegate = {
      onSessionDescriptionHandler: (sdh) =>
        (sdh as SessionDescriptionHandler).peerConnection?.addEventListener('connectionstatechange', check),
    };
    inviter.stateChange.addListener((state) => {
      if (state === SessionState.Established) {
        answeredMs = now() - t0;
        check();
      }
      if (state === SessionState.Terminated && !done) reject(new Error('plain SIP.js call ended early'));
    });
    inviter
      .invite({
        requestDelegate: {
          onProgress: (response) => {
            if (response.message.statusCode === 180 && Number.isNaN(ringingMs)) ringingMs = now() - t0;
          },
        },
      })
      .catch(reject);
  });
}

/** Resolves when the answering phone has no call left (the previous call is fully over). */
async function idle(): Promise<void> {
  while (callee.calls.length > 0 || caller.calls.length > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  await new Promise((resolve) => setTimeout(resolve, 100));
}

/** Forgets the moments recorded (between calls, so that the lists stay short). */
function clear(): void {
  for (const list of Object.values(moments)) list.length = 0;
}

const bench = { start, handsetCall, warmCall, plainCall, idle, clear };

declare global {
  interface Window {
    bench: typeof bench;
  }
}

window.bench = bench;
