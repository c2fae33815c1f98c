/**
 * The contract between the line and SIP.js: its private members the line still uses (src/sipjs/internals.ts),
 * and the public routes that replaced the others (a dialog's ids for Replaces, the transport's `server`
 * getter for server rotation). Each test instantiates the real SIP.js classes in Node (a UserAgent whose
 * transport hands its messages to the test, or real loopback WebSockets) and checks that the member is
 * there and still does what the line assumes. A SIP.js upgrade that breaks one fails here, naming the
 * member, before any browser test runs.
 */

import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import type { LineEnvironment } from '@handset/core';
import {
  type BodyAndContentType,
  Core,
  type Emitter,
  type Invitation,
  Inviter,
  Registerer,
  type Session,
  type SessionDescriptionHandler,
  SessionState,
  SIPExtension,
  type Transport,
  TransportState,
  UserAgent,
  type UserAgentOptions,
  version,
  Web,
} from 'sip.js';
import sipjsPackage from 'sip.js/package.json' with { type: 'json' };
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocket as NodeWebSocket, WebSocketServer } from 'ws';
import sipPackage from '../package.json' with { type: 'json' };
import { sip } from '../src/SipLine';
import { hasDialog, replacedDialog } from '../src/session/replaces';
import { cancelRegistererRefresh, refuseInDialogInvites, registerInFlight, registerInFlightChange } from '../src/sipjs/internals';
import { RotatingTransport } from '../src/sipjs/rotatingTransport';

/** Fails with the member's name, so that an upgrade's break reads at once in the test output. */
function member<T>(owner: object, name: string, kind: 'function' | 'boolean' | 'object'): T {
  const value = (owner as Record<string, unknown>)[name];
  expect(typeof value, `SIP.js ${owner.constructor.name}.${name} is gone or changed type (expected ${kind})`).toBe(kind);
  return value as T;
}

/** The far side of the UserAgent's transport: what SIP.js sends is kept, what the test says is received. */
class LoopTransport implements Transport {
  static last: LoopTransport | undefined;
  readonly sent: string[] = [];
  readonly protocol = 'WSS';
  onConnect: (() => void) | undefined;
  onDisconnect: ((error?: Error) => void) | undefined;
  onMessage: ((message: string) => void) | undefined;
  #state = TransportState.Disconnected;
  readonly #listeners = new Set<(state: TransportState) => void>();

  constructor() {
    LoopTransport.last = this;
  }
  get state(): TransportState {
    return this.#state;
  }
  get stateChange(): Emitter<TransportState> {
    const listeners = this.#listeners;
    return {
      addListener: (listener) => void listeners.add(listener),
      removeListener: (listener) => void listeners.delete(listener),
      on: (listener) => void listeners.add(listener),
      off: (listener) => void listeners.delete(listener),
      once: (listener) => {
        const once = (state: TransportState) => {
          listeners.delete(once);
          listener(state);
        };
        listeners.add(once);
      },
    };
  }
  async connect(): Promise<void> {
    this.#state = TransportState.Connected;
    for (const listener of [...this.#listeners]) listener(this.#state);
    this.onConnect?.();
  }
  async disconnect(): Promise<void> {
    this.#state = TransportState.Disconnected;
    for (const listener of [...this.#listeners]) listener(this.#state);
  }
  async dispose(): Promise<void> {
    await this.disconnect();
  }
  isConnected(): boolean {
    return this.#state === TransportState.Connected;
  }
  async send(message: string): Promise<void> {
    // Disconnected, sends fail at once: stop() then need not wait out transaction timeouts.
    if (!this.isConnected()) throw new Error('transport disconnected');
    this.sent.push(message);
  }
  /** The last request of `method` SIP.js sent. */
  request(method: string): string {
    const request = this.sent.filter((message) => message.startsWith(`${method} `)).at(-1);
    if (!request) throw new Error(`SIP.js sent no ${method}`);
    return request;
  }
  count(method: string): number {
    return this.sent.filter((message) => message.startsWith(`${method} `)).length;
  }
  responses(): string[] {
    return this.sent.filter((message) => message.startsWith('SIP/2.0 '));
  }
  receive(message: string): void {
    this.onMessage?.(message);
  }
}

const sdp = ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 9 RTP/AVP 0', ''].join('\r\n');

/** SIP.js's pluggable media interface, without media: the SIP it drives is real. */
function sdpOnlyHandler(): SessionDescriptionHandler {
  return {
    close: () => {},
    getDescription: async (): Promise<BodyAndContentType> => ({ body: sdp, contentType: 'application/sdp' }),
    hasDescription: (contentType) => contentType === 'application/sdp',
    setDescription: async () => {},
    sendDtmf: () => false,
    rollbackDescription: async () => {},
  };
}

function header(message: string, name: string): string {
  const line = message.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  if (!line) throw new Error(`no ${name} in ${message}`);
  return line;
}

/** A response to `request` as a server would send it (the To gets the far side's tag). */
function response(request: string, status: string, extra: string[] = [], body = ''): string {
  const lines = request.split('\r\n');
  const vias = lines.filter((line) => /^via:/i.test(line));
  const to = header(request, 'To');
  return [
    `SIP/2.0 ${status}`,
    ...vias,
    header(request, 'From'),
    /;tag=/.test(to) ? to : `${to};tag=far-tag`,
    header(request, 'Call-ID'),
    header(request, 'CSeq'),
    ...extra,
    ...(body ? ['Content-Type: application/sdp'] : []),
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
}

let branch = 0;
/** The far side's re-INVITE inside the dialog `invite` (ours) opened. */
function farReinvite(invite: string, cseq: number): string {
  const ourFrom = header(invite, 'From').replace(/^From:/i, 'To:');
  const ourTo = header(invite, 'To').replace(/^To:/i, 'From:');
  branch += 1;
  return [
    `INVITE ${/^Contact:\s*<([^>]+)>/im.exec(invite)?.[1]} SIP/2.0`,
    `Via: SIP/2.0/WSS 127.0.0.1:5060;branch=z9hG4bKfar${branch}`,
    'Max-Forwards: 70',
    `${ourTo};tag=far-tag`,
    ourFrom,
    header(invite, 'Call-ID'),
    `CSeq: ${cseq} INVITE`,
    'Contact: <sip:bob@127.0.0.1;transport=ws>',
    'Content-Type: application/sdp',
    `Content-Length: ${Buffer.byteLength(sdp)}`,
    '',
    sdp,
  ].join('\r\n');
}

async function startedUserAgent(options: UserAgentOptions = {}): Promise<{ ua: UserAgent; wire: LoopTransport }> {
  const ua = new UserAgent({
    ...options,
    uri: UserAgent.makeURI('sip:alice@example.com'),
    transportConstructor: LoopTransport,
    sessionDescriptionHandlerFactory: () => sdpOnlyHandler(),
    logBuiltinEnabled: false,
    logConfiguration: false,
    logLevel: 'error',
  });
  await ua.start();
  const wire = LoopTransport.last;
  if (!wire) throw new Error('the UserAgent made no transport');
  return { ua, wire };
}

/** An outgoing call answered by the far side: an Established session with a confirmed dialog. */
async function establishedCall(ua: UserAgent, wire: LoopTransport): Promise<Inviter> {
  const target = UserAgent.makeURI('sip:bob@example.com');
  if (!target) throw new Error('bad target');
  const inviter = new Inviter(ua, target);
  const established = new Promise<void>((resolve) =>
    inviter.stateChange.addListener((state) => state === SessionState.Established && resolve()),
  );
  await inviter.invite();
  const invite = wire.request('INVITE');
  wire.receive(response(invite, '200 OK', ['Contact: <sip:bob@127.0.0.1;transport=ws>'], sdp));
  await established;
  return inviter;
}

/** Stops the UserAgent without waiting for answers that will not come (un-REGISTER, BYE). */
async function stop(ua: UserAgent, wire: LoopTransport): Promise<void> {
  await wire.disconnect();
  await ua.stop();
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('SIP.js version', () => {
  it('is pinned to the exact version installed: an upgrade is a deliberate edit that reruns this contract', () => {
    expect(sipPackage.dependencies['sip.js']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(sipjsPackage.version).toBe(sipPackage.dependencies['sip.js']);
    // SIP.js 0.21.2 still reports 0.21.1 from its own `version` export.
    expect(version).toMatch(/^0\.21\./);
  });
});

describe('Registerer privates (registration.ts: one REGISTER in flight)', () => {
  let ua: UserAgent;
  let wire: LoopTransport;
  beforeEach(async () => {
    vi.useFakeTimers();
    ({ ua, wire } = await startedUserAgent());
  });
  afterEach(async () => {
    vi.useRealTimers();
    await stop(ua, wire);
  });

  function registerer(): Registerer {
    return new Registerer(ua, { expires: 60, refreshFrequency: 90, logConfiguration: false });
  }

  function acceptRegister(): void {
    const register = wire.request('REGISTER');
    const contact = header(register, 'Contact').replace(/;expires=\d+/, '');
    wire.receive(response(register, '200 OK', [`${contact};expires=60`]));
  }

  it('Registerer.waiting is a boolean, true from REGISTER sent to its final response', async () => {
    const r = registerer();
    member(r, 'waiting', 'boolean');
    expect(registerInFlight(r), 'Registerer.waiting before any REGISTER').toBe(false);
    await r.register();
    expect(registerInFlight(r), 'Registerer.waiting with a REGISTER out').toBe(true);
    acceptRegister();
    expect(registerInFlight(r), 'Registerer.waiting after the 200 OK').toBe(false);
    expect(r.state).toBe('Registered');
  });

  it('Registerer.waitingChange is an emitter that says true when a REGISTER goes out and false at its answer', async () => {
    const r = registerer();
    const emitter = member<Emitter<boolean>>(r, 'waitingChange', 'object');
    member(emitter, 'addListener', 'function');
    member(emitter, 'once', 'function');
    expect(registerInFlightChange(r), 'Registerer.waitingChange must be one emitter for the registerer').toBe(emitter);
    const seen: boolean[] = [];
    registerInFlightChange(r).addListener((waiting) => seen.push(waiting));
    await r.register();
    acceptRegister();
    expect(seen, 'Registerer.waitingChange emissions').toEqual([true, false]);
  });

  it('Registerer.clearTimers cancels SIP.js own refresh REGISTER (which otherwise goes at 90% of 60 s)', async () => {
    const r = registerer();
    member(r, 'clearTimers', 'function');
    await r.register();
    acceptRegister();
    // Without clearTimers: SIP.js refreshes by itself (the control: proves the timer exists to be cleared).
    await vi.advanceTimersByTimeAsync(55_000);
    expect(wire.count('REGISTER'), 'SIP.js no longer refreshes at refreshFrequency: the control of this test is void').toBe(2);
    acceptRegister();
    cancelRegistererRefresh(r);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(wire.count('REGISTER'), 'Registerer.clearTimers no longer stops the refresh').toBe(2);
    expect(registerInFlight(r)).toBe(false);
  });
});

describe('Session.onInviteRequest (CallSession: 491 to an offer while ours is gathering)', () => {
  let ua: UserAgent;
  let wire: LoopTransport;
  beforeEach(async () => {
    ({ ua, wire } = await startedUserAgent());
  });
  afterEach(async () => {
    await stop(ua, wire);
  });

  it('is a method every session has', () => {
    const target = UserAgent.makeURI('sip:bob@example.com') as NonNullable<ReturnType<typeof UserAgent.makeURI>>;
    member(new Inviter(ua, target), 'onInviteRequest', 'function');
  });

  it('is called for the far side’s re-INVITE: wrapped, it answers 491; unwrapped refusal, SIP.js answers 200', async () => {
    const inviter = await establishedCall(ua, wire);
    let refuse = true;
    refuseInDialogInvites(inviter, () => (refuse ? 491 : undefined));
    const invite = wire.request('INVITE');
    wire.receive(farReinvite(invite, 10));
    await settle();
    expect(
      wire.responses().map((r) => r.split('\r\n')[0]),
      'Session.onInviteRequest is no longer what the dialog calls for an in-dialog INVITE',
    ).toEqual(['SIP/2.0 491 Request Pending']);
    refuse = false;
    wire.receive(farReinvite(invite, 11));
    await settle();
    expect(
      wire.responses().map((r) => r.split('\r\n')[0]),
      'the wrapped Session.onInviteRequest no longer reaches SIP.js',
    ).toEqual(['SIP/2.0 491 Request Pending', 'SIP/2.0 200 OK']);
  });
});

describe('public members the line builds on', () => {
  let ua: UserAgent;
  let wire: LoopTransport;
  beforeEach(async () => {
    ({ ua, wire } = await startedUserAgent());
  });
  afterEach(async () => {
    await stop(ua, wire);
  });

  it('Session.dialog is a Core.SessionDialog whose reinviteUserAgentClient marks our re-INVITE open (CallSession.reinviteOpen)', async () => {
    const inviter = await establishedCall(ua, wire);
    const dialog = inviter.dialog;
    expect(dialog instanceof Core.SessionDialog, 'Session.dialog is no longer a Core.SessionDialog').toBe(true);
    const sessionDialog = dialog as Core.SessionDialog;
    expect(sessionDialog.reinviteUserAgentClient, 'SessionDialog.reinviteUserAgentClient with no re-INVITE out').toBeUndefined();
    await inviter.invite();
    expect(sessionDialog.reinviteUserAgentClient, 'SessionDialog.reinviteUserAgentClient with our re-INVITE out').toBeDefined();
    wire.receive(response(wire.request('INVITE'), '200 OK', ['Contact: <sip:bob@127.0.0.1;transport=ws>'], sdp));
    await settle();
    expect(sessionDialog.reinviteUserAgentClient, 'SessionDialog.reinviteUserAgentClient after the 200 OK').toBeUndefined();
  });

  it('Session.dialog ids are what an INVITE with Replaces names (session/replaces.ts)', async () => {
    const inviter: Session = await establishedCall(ua, wire);
    const invite = wire.request('INVITE');
    const callId = header(invite, 'Call-ID').replace(/^Call-ID:\s*/i, '');
    const ourTag = /;tag=([^;\s]+)/.exec(header(invite, 'From'))?.[1] ?? '';
    expect(inviter.dialog?.callId, 'SessionDialog.callId').toBe(callId);
    expect(inviter.dialog?.localTag, 'SessionDialog.localTag').toBe(ourTag);
    expect(inviter.dialog?.remoteTag, 'SessionDialog.remoteTag').toBe('far-tag');
  });
});

describe('an INVITE with Replaces finds the call it replaces by its dialog (session/replaces.ts)', () => {
  let ua: UserAgent;
  let wire: LoopTransport;
  const invitations: Invitation[] = [];
  beforeEach(async () => {
    invitations.length = 0;
    ({ ua, wire } = await startedUserAgent({
      sipExtensionReplaces: SIPExtension.Supported,
      delegate: { onInvite: (invitation) => invitations.push(invitation) },
    }));
  });
  afterEach(async () => {
    await stop(ua, wire);
  });

  function replacingInvite(replaces: string): string {
    return [
      `INVITE sip:alice@127.0.0.1;transport=ws SIP/2.0`,
      'Via: SIP/2.0/WSS 127.0.0.1:5060;branch=z9hG4bKcarol',
      'Max-Forwards: 70',
      'From: <sip:carol@example.com>;tag=carol-tag',
      'To: <sip:alice@example.com>',
      'Call-ID: carol-call',
      'CSeq: 1 INVITE',
      'Contact: <sip:carol@127.0.0.1;transport=ws>',
      `Replaces: ${replaces}`,
      'Content-Type: application/sdp',
      `Content-Length: ${Buffer.byteLength(sdp)}`,
      '',
      sdp,
    ].join('\r\n');
  }

  it('to-tag is our local tag, from-tag the far side’s: the dialog SIP.js itself accepts it for', async () => {
    const inviter = await establishedCall(ua, wire);
    const invite = wire.request('INVITE');
    const callId = header(invite, 'Call-ID').replace(/^Call-ID:\s*/i, '');
    const ourTag = /;tag=([^;\s]+)/.exec(header(invite, 'From'))?.[1] ?? '';
    wire.receive(replacingInvite(`${callId};to-tag=${ourTag};from-tag=far-tag`));
    await settle();
    const invitation = invitations[0];
    expect(invitation, 'SIP.js did not hand over the INVITE with Replaces').toBeDefined();
    const named = replacedDialog((invitation as Invitation).request);
    expect(named).toEqual({ callId, localTag: ourTag, remoteTag: 'far-tag' });
    expect(hasDialog(inviter, named as NonNullable<typeof named>)).toBe(true);
    // The tags the other way round name no dialog of ours: SIP.js answers 481 and the line never hears of it.
    wire.receive(
      replacingInvite(`${callId};to-tag=far-tag;from-tag=${ourTag}`)
        .replace('branch=z9hG4bKcarol', 'branch=z9hG4bKcarol2')
        .replace('Call-ID: carol-call', 'Call-ID: carol-call-2'),
    );
    await settle();
    expect(invitations).toHaveLength(1);
    expect(wire.responses().some((r) => r.startsWith('SIP/2.0 481'))).toBe(true);
  });

  it('an INVITE without Replaces names no dialog', async () => {
    wire.receive(replacingInvite('x').replace(/^Replaces: .*\r\n/m, ''));
    await settle();
    expect(invitations).toHaveLength(1);
    expect(replacedDialog((invitations[0] as Invitation).request)).toBeUndefined();
  });
});

describe('Web.Transport opens its WebSocket at the public `server` getter (sipjs/rotatingTransport.ts)', () => {
  const opened: string[] = [];
  class RecordingWebSocket extends EventTarget {
    binaryType = 'blob';
    constructor(url: string) {
      super();
      opened.push(url);
      queueMicrotask(() => this.dispatchEvent(new Event('open')));
    }
    close(): void {
      queueMicrotask(() => this.dispatchEvent(Object.assign(new Event('close'), { code: 1000, wasClean: true })));
    }
    send(): void {}
  }
  beforeEach(() => {
    opened.length = 0;
    vi.stubGlobal('WebSocket', RecordingWebSocket);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('each connect after next() goes to the next server, back to the first after the last', async () => {
    const logger = new Core.LoggerFactory().getLogger('sip.Transport');
    const transport = new RotatingTransport(logger, { servers: ['wss://a.example.com/ws', 'wss://b.example.com/ws'] });
    expect(transport).toBeInstanceOf(Web.Transport);
    expect(transport.server).toBe('wss://a.example.com/ws');
    await transport.connect();
    await transport.disconnect();
    transport.next();
    expect(transport.server).toBe('wss://b.example.com/ws');
    await transport.connect();
    await transport.disconnect();
    transport.next();
    await transport.connect();
    await transport.disconnect();
    expect(opened, 'Web.Transport no longer opens its WebSocket at this.server').toEqual([
      'wss://a.example.com/ws',
      'wss://b.example.com/ws',
      'wss://a.example.com/ws',
    ]);
    expect(transport.protocol).toBe('WSS');
  });
});

describe('server rotation through the line (registration.ts + RotatingTransport), over real loopback WebSockets', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    vi.unstubAllGlobals();
  });

  /** A WebSocket server on loopback that keeps the first line of each message it gets. */
  async function recordingServer(): Promise<{ url: string; received: string[] }> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'sip' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const received: string[] = [];
    server.on('connection', (socket) => socket.on('message', (data) => received.push(String(data).split('\r\n')[0] ?? '')));
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          for (const client of server.clients) client.terminate();
          server.close(() => resolve());
        }),
    );
    return { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
  }

  /** A loopback port nobody listens on: connecting to it is refused. */
  async function refusingUrl(): Promise<string> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    return `ws://127.0.0.1:${port}`;
  }

  it('after the first server refuses, the reconnection goes to the second and registers there', async () => {
    vi.stubGlobal('WebSocket', NodeWebSocket);
    const good = await recordingServer();
    const states: string[] = [];
    const line = sip({
      server: [await refusingUrl(), good.url],
      uri: 'sip:alice@example.com',
      password: 'alice-secret',
      reconnection: { baseMs: 10, maxMs: 20, maxAttempts: 5 },
    });
    closers.unshift(async () => line.dispose());
    const env: LineEnvironment = {
      playsRemoteAudio: true,
      getLocalStream: () => Promise.reject(new Error('no media in this test')),
    };
    line.start((signal) => {
      if (signal.type === 'registration') states.push(signal.state);
    }, env);
    line.register();
    await vi.waitFor(() => expect(good.received).toContain('REGISTER sip:example.com SIP/2.0'), { timeout: 10_000, interval: 20 });
    expect(states[0], 'the first server was not tried first (or did not fail)').toBe('reconnecting');
  });
});
