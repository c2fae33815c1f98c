/**
 * The benchmark page (scripts/bench-sip.mjs): one handset phone answering every call, one handset
 * phone calling it, and a plain SIP.js UserAgent + Inviter calling it the same way. Each call is
 * timed from the dial to media flowing (handset: `active`; SIP.js: session established and the
 * peer connection connected), with the moments of ringing and answer on the way.
 */
import { createPhone, type Phone } from '@handset/core';
import { Inviter, Registerer, RegistererState, SessionState, UserAgent } from 'sip.js';
import type { SessionDescriptionHandler } from 'sip.js/lib/platform/web/session-description-handler/index.js';
import { sip } from '../../src/index';

interface Setup {
  readonly server: string;
  readonly domain: string;
  readonly users: Record<'alice' | 'bob' | 'carol', string>;
}

export interface Timing {
  readonly ringingMs: number;
  readonly answeredMs: number;
  readonly activeMs: number;
}

let caller: Phone;
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
  caller = createPhone({ line: line('alice') });
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
        resolve({ ringingMs, answeredMs, activeMs });
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
      resolve({ ringingMs, answeredMs, activeMs });
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

const bench = { start, handsetCall, plainCall, idle };

declare global {
  interface Window {
    bench: typeof bench;
  }
}

window.bench = bench;
