import { HandsetError } from '@handset/core';
import { type CallMessage, digitsOf, type StandInCall } from './calls';
import type { SignalConnection } from './connection';
import type { FarParty } from './farParty';
import { decodeFrame, encodeFrame, KEEP_ALIVE, type LoggedFrame, type Payload, text } from './frames';
import { decodeParams, encodeParams } from './params';
import { reconnectToken, sid } from './sids';
import { checkToken, TEST_SIGNING_KEY } from './token';

export interface StandInOptions {
  /** Who the client talks to; without one, calls still signal but carry no media. */
  readonly farParty?: FarParty;
  /** HS256 key the tokens must be signed with; null accepts any signature. Default TEST_SIGNING_KEY. */
  readonly signingKey?: string | null;
  /** What happens to an outgoing call after `ringing`: answered at once (default) or left ringing for `answer()`. */
  readonly outgoing?: 'answer' | 'ring';
  /** Keep-alive period; the SDK reconnects after 15 s without a frame. Default 5000. */
  readonly keepAliveMs?: number;
  /** Sent in `connected`: the SDK derives `device.edge` from `region`, the Insights host from `home`. */
  readonly region?: string;
  readonly home?: string;
  readonly accountSid?: string;
}

export interface IncomingCallSpec {
  readonly from: string;
  readonly to?: string;
  /** Custom parameters (`<Parameter>` in TwiML): the SDK exposes them as `call.customParameters`. */
  readonly parameters?: Readonly<Record<string, string>>;
  /** STIR/SHAKEN: the SDK sets `call.callerInfo.isVerified` when `stirStatus` is 'TN-Validation-Passed-A'. */
  readonly callerInfo?: { readonly stirStatus: string };
}

export interface SignalError {
  readonly code: number;
  readonly message: string;
}

/** One event the SDK posted to Twilio Insights (https://eventgw…twilio.com/v4/EndpointEvents). */
export interface InsightsEvent {
  readonly group: string;
  readonly name: string;
  readonly level: string;
  readonly payload: Payload;
  readonly token: string | null;
  readonly url: string;
}

interface Socket {
  readonly id: number;
  readonly connection: SignalConnection;
  identity: string | null;
  registered: boolean;
  open: boolean;
  keepAlive: ReturnType<typeof setInterval>;
}

type Check<T> = () => T | undefined | null | false;

interface Waiter {
  check(): boolean;
}

/** The DTLS fingerprint of an SDP: the same for every offer of one peer connection, different for another. */
function fingerprintOf(sdp: string): string | null {
  return /^a=fingerprint:(.+)$/m.exec(sdp)?.[1]?.trim() ?? null;
}

function invalid(message: string): HandsetError {
  return new HandsetError('invalid-option', `Twilio stand-in: ${message}`);
}

function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0) throw invalid(`\`${name}\` must be a non-empty string.`);
  return value;
}

function requireStringRecord(value: unknown, name: string): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(`\`${name}\` must be an object of strings.`);
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') throw invalid(`\`${name}.${key}\` must be a string.`);
  }
  return { ...(value as Record<string, string>) };
}

/**
 * A local stand-in of Twilio's Voice signalling gateway for @twilio/voice-sdk 2.x, transport-agnostic:
 * attach each client socket with `attach()`. It checks tokens, registers, carries calls both ways
 * (SDP to and from a FarParty), DTMF, call messages with their acks, errors on demand, token
 * updates and signalling reconnects. Production talks to Twilio's cloud; this is test equipment.
 */
export class StandIn {
  /** Every frame in both directions, in order (keep-alives are counted, not logged). */
  readonly frames: LoggedFrame[] = [];
  /** Insights events the SDK posted (see routeTwilio): feedback among them. */
  readonly insights: InsightsEvent[] = [];
  /** Keep-alives the SDK echoed. */
  keepAlivesEchoed = 0;
  /** Errors from the far party while handling frames (each also ends or refuses the call where it can). */
  readonly failures: unknown[] = [];

  private readonly options: Required<Omit<StandInOptions, 'farParty'>> & { farParty: FarParty | null };
  private readonly callsBySid = new Map<string, StandInCall>();
  private readonly sockets: Socket[] = [];
  private readonly waiters = new Set<Waiter>();
  private nextSocket = 1;

  constructor(options: StandInOptions = {}) {
    const keepAliveMs = options.keepAliveMs ?? 5000;
    if (!Number.isFinite(keepAliveMs) || keepAliveMs <= 0 || keepAliveMs >= 15_000) {
      throw invalid('`keepAliveMs` must be between 0 and 15000 (the SDK reconnects after 15 s of silence).');
    }
    if (options.outgoing !== undefined && options.outgoing !== 'answer' && options.outgoing !== 'ring') {
      throw invalid("`outgoing` must be 'answer' or 'ring'.");
    }
    this.options = {
      farParty: options.farParty ?? null,
      signingKey: options.signingKey === undefined ? TEST_SIGNING_KEY : options.signingKey,
      outgoing: options.outgoing ?? 'answer',
      keepAliveMs,
      region: options.region ?? 'US_EAST_VIRGINIA',
      home: options.home ?? 'us1',
      accountSid: options.accountSid ?? 'AC00000000000000000000000000000000',
    };
    this.options.farParty?.onDigit?.((digit, at) => this.heardDigit(digit, at));
  }

  /** Calls in the order they started. */
  get calls(): StandInCall[] {
    return [...this.callsBySid.values()];
  }

  /** The feedback the SDK posted with `call.postFeedback()` (Insights events of group `feedback`). */
  get feedback(): InsightsEvent[] {
    return this.insights.filter((event) => event.group === 'feedback');
  }

  /** How many sockets the SDK has opened so far (a reconnect opens a new one). */
  get socketCount(): number {
    return this.sockets.length;
  }

  /** Serves one client socket until it closes; returns its id. */
  attach(connection: SignalConnection): number {
    const socket: Socket = {
      id: this.nextSocket++,
      connection,
      identity: null,
      registered: false,
      open: true,
      keepAlive: setInterval(() => this.sendKeepAlive(socket), this.options.keepAliveMs),
    };
    this.sockets.push(socket);
    connection.onMessage((message) => this.receive(socket, message));
    connection.onClose(() => this.closed(socket));
    return socket.id;
  }

  call(callSid: string): StandInCall {
    const call = this.callsBySid.get(callSid);
    if (!call) throw new HandsetError('invalid-state', `Twilio stand-in: no call ${callSid}.`);
    return call;
  }

  /** The digits the SDK sent on a call, in order, with when each takes effect. */
  digits(callSid: string) {
    return [...this.call(callSid).digits];
  }

  /**
   * Resolves with the first truthy value of `check`, evaluated now and after every frame or
   * state change; rejects after `timeout` ms with `what` and the frame log.
   */
  waitFor<T>(check: Check<T>, what = 'a condition', timeout = 15_000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const first = check();
      if (first) {
        resolve(first);
        return;
      }
      const waiter: Waiter = {
        check: () => {
          const value = check();
          if (!value) return false;
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(value);
          return true;
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`Twilio stand-in waited ${timeout} ms for ${what}; frames:\n${this.describeFrames()}`));
      }, timeout);
      this.waiters.add(waiter);
    });
  }

  /** Waits for a frame of `type` from the SDK (or to it, with direction 'out'), optionally on one call, after index `since`. */
  waitForFrame(type: string, options: { callSid?: string; direction?: 'in' | 'out'; since?: number; timeout?: number } = {}) {
    const { callSid, direction = 'in', since = 0, timeout } = options;
    return this.waitFor(
      () =>
        this.frames
          .slice(since)
          .find(
            (frame) => frame.type === type && frame.direction === direction && (callSid === undefined || frame.payload.callsid === callSid),
          ),
      `a${direction === 'in' ? 'n incoming' : 'n outgoing'} "${type}" frame${callSid ? ` on ${callSid}` : ''}`,
      timeout,
    );
  }

  /** Places a call to the client: an `invite` carrying the far party's offer. */
  async placeIncoming(spec: IncomingCallSpec): Promise<StandInCall> {
    const from = requireString(spec?.from, 'from');
    const to = spec.to === undefined ? undefined : requireString(spec.to, 'to');
    const custom = requireStringRecord(spec.parameters, 'parameters');
    const stirStatus = spec.callerInfo === undefined ? undefined : requireString(spec.callerInfo?.stirStatus, 'callerInfo.stirStatus');
    const socket = this.socketFor(to);
    if (!socket) throw new HandsetError('invalid-state', 'Twilio stand-in: no registered client to place a call to.');
    const sdp = this.options.farParty ? await this.options.farParty.offer() : '';
    const callSid = sid('CA');
    const parameters: Record<string, string> = {
      AccountSid: this.options.accountSid,
      ApiVersion: '2010-04-01',
      CallSid: callSid,
      From: from,
      To: to ?? `client:${socket.identity ?? ''}`,
      ...(Object.keys(custom).length > 0 ? { Params: encodeParams(custom) } : {}),
      ...(stirStatus ? { StirStatus: stirStatus } : {}),
    };
    const call = this.newCall(callSid, 'incoming', custom, parameters, null, socket.id);
    this.send(socket, 'invite', { callsid: callSid, sdp, parameters, reconnect: call.reconnectToken });
    return call;
  }

  /** Answers an outgoing call left ringing (`outgoing: 'ring'`) with the far party's answer. */
  async answer(callSid: string): Promise<void> {
    const call = this.call(callSid);
    if (call.direction !== 'outgoing' || call.state !== 'ringing') {
      throw new HandsetError('invalid-state', `Twilio stand-in: ${callSid} is not an outgoing call ringing.`);
    }
    const offer = call.frames.find((frame) => frame.type === 'invite' && frame.direction === 'in');
    const sdp = this.options.farParty ? await this.options.farParty.answer(text(offer?.payload ?? {}, 'sdp') ?? '') : '';
    if (call.state !== 'ringing') return;
    call.reconnectToken = reconnectToken();
    this.setState(call, 'answered');
    this.sendOnCall(call, 'answer', { callsid: callSid, sdp, reconnect: call.reconnectToken });
  }

  /** Hangs up from the far side; with an error, the SDK emits it on the call (a `hangup` carrying `error`). */
  hangup(callSid: string, error?: SignalError): void {
    const call = this.call(callSid);
    // The SDK only listens for `hangup` once a call is accepted; a ringing incoming call is withdrawn with `cancel`.
    if (call.direction === 'incoming' && call.state === 'ringing' && !error) {
      this.cancel(callSid);
      return;
    }
    if (call.state !== 'answered' && call.state !== 'ringing') {
      throw new HandsetError('invalid-state', `Twilio stand-in: ${callSid} is already ${call.state}.`);
    }
    this.end(call, call.state === 'answered' ? 'ended' : 'canceled', 'stand-in');
    this.sendOnCall(call, 'hangup', { callsid: callSid, ...(error ? { error: this.checkedError(error) } : {}) });
  }

  /** The caller gives up on an incoming call before the client answers. */
  cancel(callSid: string): void {
    const call = this.call(callSid);
    if (call.direction !== 'incoming' || call.state !== 'ringing') {
      throw new HandsetError('invalid-state', `Twilio stand-in: ${callSid} is not an incoming call ringing.`);
    }
    this.end(call, 'canceled', 'stand-in');
    this.sendOnCall(call, 'cancel', { callsid: callSid });
  }

  /** An `error` frame: on the device, or on a call (with `callSid`), or for a message (with `voiceEventSid`). */
  sendError(code: number, message: string, options: { callSid?: string; voiceEventSid?: string } = {}): void {
    const error = this.checkedError({ code, message });
    const socket = options.callSid ? this.socketById(this.call(options.callSid).socket) : this.latestOpenSocket();
    if (!socket) throw new HandsetError('invalid-state', 'Twilio stand-in: no client connected.');
    this.send(socket, 'error', {
      error,
      ...(options.callSid ? { callsid: options.callSid } : {}),
      ...(options.voiceEventSid ? { voiceeventsid: options.voiceEventSid } : {}),
    });
  }

  /** A call message to the SDK (`call.on('messageReceived')`); returns its voice event SID. */
  sendMessage(callSid: string, content: unknown, options: { messageType?: string; contentType?: string } = {}): string {
    const call = this.call(callSid);
    if (content === undefined || content === null) throw invalid('a message needs content.');
    const voiceEventSid = sid('KX');
    const contentType = options.contentType ?? 'application/json';
    const messageType = requireString(options.messageType ?? 'user-defined-message', 'messageType');
    call.messages.push({ direction: 'out', content, contentType, messageType, voiceEventSid, at: Date.now() });
    this.sendOnCall(call, 'message', {
      callsid: callSid,
      content,
      contenttype: contentType,
      messagetype: messageType,
      voiceeventsid: voiceEventSid,
    });
    return voiceEventSid;
  }

  /** Closes the newest open socket from the server side, as a network drop would; the SDK reconnects. */
  dropSocket(code = 4000): void {
    const socket = this.latestOpenSocket();
    if (!socket) throw new HandsetError('invalid-state', 'Twilio stand-in: no socket to drop.');
    this.closed(socket);
    socket.connection.close(code);
  }

  /** Records one Insights POST body (see routeTwilio). */
  recordInsights(url: string, body: unknown, token: string | null): void {
    if (typeof body !== 'object' || body === null) return;
    const event = body as { group?: unknown; name?: unknown; level?: unknown; payload?: unknown };
    this.insights.push({
      group: String(event.group),
      name: String(event.name),
      level: String(event.level),
      payload: typeof event.payload === 'object' && event.payload !== null ? (event.payload as Payload) : {},
      token,
      url,
    });
    this.changed();
  }

  /** Stops keep-alives and forgets waiters; the sockets' owner closes them. */
  close(): void {
    for (const socket of this.sockets) {
      clearInterval(socket.keepAlive);
      socket.open = false;
    }
    this.waiters.clear();
  }

  describeFrames(): string {
    return this.frames
      .map(
        (frame) => `${frame.direction === 'in' ? '→' : '←'} #${frame.socket} ${frame.type} ${JSON.stringify(frame.payload).slice(0, 160)}`,
      )
      .join('\n');
  }

  private receive(socket: Socket, message: string): void {
    if (message === KEEP_ALIVE) {
      this.keepAlivesEchoed += 1;
      return;
    }
    const frame = decodeFrame(message);
    if (!frame) return;
    const logged: LoggedFrame = { ...frame, direction: 'in', at: Date.now(), socket: socket.id };
    this.frames.push(logged);
    const callSid = text(frame.payload, 'callsid');
    const call = callSid ? (this.callsBySid.get(callSid) ?? this.callByTemporarySid(callSid)) : undefined;
    call?.frames.push(logged);
    this.handle(socket, frame.type, frame.payload, call, logged);
    this.changed();
  }

  private handle(socket: Socket, type: string, payload: Payload, call: StandInCall | undefined, frame: LoggedFrame): void {
    switch (type) {
      case 'listen':
        this.listen(socket, payload);
        break;
      case 'register':
        this.register(socket, payload);
        break;
      case 'invite':
        this.track(this.invite(socket, payload, call, frame));
        break;
      case 'answer':
        this.track(this.clientAnswered(payload, call));
        break;
      case 'reject':
        if (call?.state === 'ringing') this.end(call, 'rejected', 'client');
        break;
      case 'hangup':
        if (call && (call.state === 'ringing' || call.state === 'answered')) {
          this.end(call, call.state === 'answered' ? 'ended' : 'canceled', 'client');
        }
        break;
      case 'dtmf':
        call?.digits.push(...digitsOf(text(payload, 'dtmf') ?? '', frame.at));
        break;
      case 'message':
        this.clientMessage(socket, payload, call, frame.at);
        break;
      case 'reinvite':
        this.track(this.reinvite(payload, call));
        break;
      default:
        break;
    }
  }

  /** A digit the far party heard in the media belongs to the call it is connected to: the newest answered one. */
  private heardDigit(digit: string, at: number): void {
    const call = this.calls.filter((candidate) => candidate.state === 'answered').at(-1);
    if (!call) return;
    call.digits.push({ digit, via: 'rtp', at, frameAt: at });
    this.changed();
  }

  /** Far-party work runs after the frame is handled; a failure is kept for the test to see. */
  private track(work: Promise<void>): void {
    work.catch((error: unknown) => {
      this.failures.push(error);
      this.changed();
    });
  }

  /** `listen` carries the token, on connect and on `device.updateToken()`; `connected` tells the SDK its identity and the token's ttl. */
  private listen(socket: Socket, payload: Payload): void {
    const verdict = checkToken(payload.token, this.options.signingKey);
    if (!verdict.ok) {
      this.send(socket, 'error', { error: { code: verdict.code, message: verdict.message } });
      return;
    }
    socket.identity = verdict.identity;
    this.send(socket, 'connected', {
      region: this.options.region,
      home: this.options.home,
      token: { identity: verdict.identity, ttl: Math.max(0, Math.floor((verdict.expiresAt - Date.now()) / 1000)) },
    });
  }

  /** `register` with `media.audio` true registers (answered `ready`), false unregisters (`offline`). */
  private register(socket: Socket, payload: Payload): void {
    if (!socket.identity) {
      this.send(socket, 'error', { error: { code: 31204, message: 'JWT token is invalid: register before listen was accepted' } });
      return;
    }
    const media = payload.media as { audio?: unknown } | undefined;
    socket.registered = media?.audio === true;
    this.send(socket, socket.registered ? 'ready' : 'offline', {});
  }

  private async invite(socket: Socket, payload: Payload, call: StandInCall | undefined, frame: LoggedFrame): Promise<void> {
    const sdp = text(payload, 'sdp') ?? '';
    const reconnect = text(payload, 'reconnect');
    if (reconnect !== undefined) return this.reconnect(socket, payload, call, reconnect);
    if (!socket.identity) {
      this.send(socket, 'hangup', { callsid: text(payload, 'callsid'), error: { code: 31204, message: 'JWT token is invalid' } });
      return;
    }
    const twilio = payload.twilio as { params?: unknown } | undefined;
    const params = decodeParams(typeof twilio?.params === 'string' ? twilio.params : undefined);
    const temporarySid = text(payload, 'callsid') ?? null;
    const created = this.newCall(sid('CA'), 'outgoing', params, {}, temporarySid, socket.id);
    created.clientFingerprint = fingerprintOf(sdp);
    created.frames.push(frame);
    this.sendOnCall(created, 'ringing', { callsid: created.callSid });
    if (this.options.outgoing === 'answer') {
      try {
        await this.answerOutgoing(created, sdp);
      } catch (error) {
        if (created.state === 'ringing') this.hangup(created.callSid, { code: 31000, message: `far party failed: ${String(error)}` });
      }
    }
  }

  private async answerOutgoing(call: StandInCall, offerSdp: string): Promise<void> {
    const sdp = this.options.farParty ? await this.options.farParty.answer(offerSdp) : '';
    if (call.state !== 'ringing') return;
    call.reconnectToken = reconnectToken();
    this.setState(call, 'answered');
    this.sendOnCall(call, 'answer', { callsid: call.callSid, sdp, reconnect: call.reconnectToken });
  }

  /**
   * After a socket drop (or a token update, which re-sends `listen` and so `connected`) the SDK sends
   * `invite` with the call's reconnect token and its current SDP; an `answer` with a fresh token resumes the call.
   * The same frame from `device.connect({ connectToken })` (a Device taking over an incoming call, e.g. after a
   * reload) answers a ringing incoming call with new media; for a call already answered by another media
   * session (another DTLS fingerprint) it is refused, as is an unknown call or token.
   */
  private async reconnect(socket: Socket, payload: Payload, call: StandInCall | undefined, token: string): Promise<void> {
    const callSid = text(payload, 'callsid');
    const sdp = text(payload, 'sdp') ?? '';
    const refuse = (why: string) =>
      this.send(socket, 'hangup', { callsid: callSid, error: { code: 31005, message: `Call reconnect failed: ${why}` } });
    if (!call || call.reconnectToken !== token || (call.state !== 'answered' && call.state !== 'ringing')) {
      refuse('unknown call or token');
      return;
    }
    if (call.direction === 'incoming' && call.state === 'ringing') return this.answerWithConnectToken(socket, call, sdp);
    if (call.clientFingerprint && fingerprintOf(sdp) && fingerprintOf(sdp) !== call.clientFingerprint) {
      refuse('the call was answered by another client');
      return;
    }
    call.socket = socket.id;
    call.reconnects += 1;
    call.reconnectToken = reconnectToken();
    this.sendOnCall(call, 'answer', { callsid: call.callSid, reconnect: call.reconnectToken });
  }

  /** A connectToken for a ringing incoming call: the far party answers the new Device's offer. */
  private async answerWithConnectToken(socket: Socket, call: StandInCall, offerSdp: string): Promise<void> {
    call.socket = socket.id;
    call.recovered = true;
    call.clientFingerprint = fingerprintOf(offerSdp);
    this.setState(call, 'answered');
    const sdp = this.options.farParty ? await this.options.farParty.answer(offerSdp) : '';
    if (call.state !== 'answered') return;
    call.reconnectToken = reconnectToken();
    this.sendOnCall(call, 'answer', { callsid: call.callSid, sdp, reconnect: call.reconnectToken });
  }

  private async clientAnswered(payload: Payload, call: StandInCall | undefined): Promise<void> {
    if (call?.direction !== 'incoming' || call.state !== 'ringing') return;
    call.clientFingerprint = fingerprintOf(text(payload, 'sdp') ?? '');
    this.setState(call, 'answered');
    if (this.options.farParty) await this.options.farParty.accept(text(payload, 'sdp') ?? '');
  }

  /** A call message from the SDK is acknowledged with `ack` (acktype 'message'): the SDK then emits `messageSent`. */
  private clientMessage(socket: Socket, payload: Payload, call: StandInCall | undefined, at: number): void {
    const voiceEventSid = text(payload, 'voiceeventsid');
    const message: CallMessage = {
      direction: 'in',
      content: payload.content,
      contentType: text(payload, 'contenttype'),
      messageType: text(payload, 'messagetype'),
      voiceEventSid,
      at,
    };
    if (!call) {
      this.send(socket, 'error', {
        callsid: text(payload, 'callsid'),
        voiceeventsid: voiceEventSid,
        error: { code: 31005, message: 'Call message for an unknown call' },
      });
      return;
    }
    call.messages.push(message);
    this.sendOnCall(call, 'ack', { acktype: 'message', callsid: call.callSid, voiceeventsid: voiceEventSid });
  }

  /** An ICE restart: the SDK offers again on the same call; the far party answers on its connection. */
  private async reinvite(payload: Payload, call: StandInCall | undefined): Promise<void> {
    if (call?.state !== 'answered') return;
    const sdp = this.options.farParty ? await this.options.farParty.reanswer(text(payload, 'sdp') ?? '') : '';
    call.iceRestarts += 1;
    this.sendOnCall(call, 'answer', { callsid: call.callSid, sdp });
  }

  private newCall(
    callSid: string,
    direction: StandInCall['direction'],
    params: Record<string, string>,
    parameters: Record<string, string>,
    temporarySid: string | null,
    socket: number,
  ): StandInCall {
    const call: StandInCall = {
      callSid,
      direction,
      state: 'ringing',
      endedBy: null,
      params,
      parameters,
      temporarySid,
      reconnectToken: reconnectToken(),
      socket,
      reconnects: 0,
      iceRestarts: 0,
      recovered: false,
      clientFingerprint: null,
      frames: [],
      digits: [],
      messages: [],
    };
    this.callsBySid.set(callSid, call);
    this.changed();
    return call;
  }

  private end(call: StandInCall, state: StandInCall['state'], by: 'client' | 'stand-in'): void {
    call.endedBy = by;
    this.setState(call, state);
    void this.options.farParty?.close();
  }

  private setState(call: StandInCall, state: StandInCall['state']): void {
    call.state = state;
    this.changed();
  }

  private callByTemporarySid(temporarySid: string): StandInCall | undefined {
    return this.calls.find((call) => call.temporarySid === temporarySid);
  }

  private checkedError(error: SignalError): SignalError {
    if (!Number.isInteger(error?.code) || error.code <= 0)
      throw invalid('an error code must be a positive whole number (e.g. 31005, 20104, 53405).');
    return { code: error.code, message: requireString(error.message, 'message') };
  }

  private socketFor(to: string | undefined): Socket | undefined {
    const registered = this.sockets.filter((socket) => socket.open && socket.registered);
    const identity = to?.startsWith('client:') ? to.slice('client:'.length) : undefined;
    return (identity ? registered.find((socket) => socket.identity === identity) : undefined) ?? registered.at(-1);
  }

  private socketById(id: number): Socket | undefined {
    const socket = this.sockets.find((candidate) => candidate.id === id);
    return socket?.open ? socket : this.latestOpenSocket();
  }

  private latestOpenSocket(): Socket | undefined {
    return this.sockets.filter((socket) => socket.open).at(-1);
  }

  private sendOnCall(call: StandInCall, type: string, payload: Payload): void {
    const socket = this.socketById(call.socket);
    if (!socket) return;
    const logged = this.send(socket, type, payload);
    call.frames.push(logged);
  }

  private send(socket: Socket, type: string, payload: Payload): LoggedFrame {
    const logged: LoggedFrame = { type, payload, direction: 'out', at: Date.now(), socket: socket.id };
    this.frames.push(logged);
    if (socket.open) socket.connection.send(encodeFrame(type, payload));
    this.changed();
    return logged;
  }

  private sendKeepAlive(socket: Socket): void {
    if (socket.open) socket.connection.send(KEEP_ALIVE);
  }

  private closed(socket: Socket): void {
    if (!socket.open) return;
    socket.open = false;
    socket.registered = false;
    clearInterval(socket.keepAlive);
    this.changed();
  }

  private changed(): void {
    for (const waiter of [...this.waiters]) waiter.check();
  }
}
