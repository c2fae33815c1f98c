import { HandsetError } from '@handset/core';
import { type Check, frameWanted } from '@handset/core/testing';
import { answerOutgoing, handleClientFrame, hangupFromFar } from './callFlow';
import type { StandInCall } from './calls';
import type { SignalConnection } from './connection';
import { type LoggedFrame, text } from './frames';
import { Gateway } from './gateway';
import {
  checkedError,
  checks,
  type IncomingCallSpec,
  type InsightsEvent,
  insightsEvent,
  resolveOptions,
  type SignalError,
  type StandInOptions,
} from './options';
import { encodeParams } from './params';
import { sid } from './sids';

export type { IncomingCallSpec, InsightsEvent, SignalError, StandInOptions } from './options';

/**
 * A local stand-in of Twilio's Voice signalling gateway for @twilio/voice-sdk 2.x, transport-agnostic:
 * attach each client socket with `attach()`. It checks tokens, registers, carries calls both ways
 * (SDP to and from a FarParty), DTMF, call messages with their acks, errors on demand, token
 * updates and signalling reconnects. Production talks to Twilio's cloud; this is test equipment.
 *
 * This class is the test's handle; the gateway (gateway.ts) keeps the state and the wire, login.ts and
 * callFlow.ts answer the SDK's frames.
 */
export class StandIn {
  readonly #gateway: Gateway;

  constructor(options: StandInOptions = {}) {
    this.#gateway = new Gateway(resolveOptions(options), handleClientFrame);
    this.#gateway.options.farParty?.onDigit?.((digit, at) => this.heardDigit(digit, at));
  }

  /** Every frame in both directions, in order (keep-alives are counted, not logged). */
  get frames(): LoggedFrame[] {
    return this.#gateway.wire.frames.entries;
  }

  /** Insights events the SDK posted (see routeTwilio): feedback among them. */
  get insights(): InsightsEvent[] {
    return this.#gateway.insights;
  }

  /** Keep-alives the SDK echoed. */
  get keepAlivesEchoed(): number {
    return this.#gateway.keepAlivesEchoed;
  }

  /** Errors from the far party while handling frames (each also ends or refuses the call where it can). */
  get failures(): unknown[] {
    return this.#gateway.farWork.failures;
  }

  /** Calls in the order they started. */
  get calls(): StandInCall[] {
    return [...this.#gateway.callsBySid.values()];
  }

  /** The feedback the SDK posted with `call.postFeedback()` (Insights events of group `feedback`). */
  get feedback(): InsightsEvent[] {
    return this.insights.filter((event) => event.group === 'feedback');
  }

  /** How many sockets the SDK has opened so far (a reconnect opens a new one). */
  get socketCount(): number {
    return this.#gateway.wire.sockets.count;
  }

  /** Serves one client socket until it closes; returns its id. */
  attach(connection: SignalConnection): number {
    return this.#gateway.attach(connection).id;
  }

  call(callSid: string): StandInCall {
    return this.#gateway.call(callSid);
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
    return this.#gateway.wire.waitFor(check, what, timeout);
  }

  /** Waits for a frame of `type` from the SDK (or to it, with direction 'out'), optionally on one call, after index `since`. */
  waitForFrame(type: string, options: { callSid?: string; direction?: 'in' | 'out'; since?: number; timeout?: number } = {}) {
    const { callSid, direction = 'in', since = 0, timeout } = options;
    return this.waitFor(
      () =>
        this.#gateway.wire.frames.find(
          since,
          (frame) => frame.type === type && frame.direction === direction && (callSid === undefined || frame.payload.callsid === callSid),
        ),
      `${frameWanted(type, direction)}${callSid ? ` on ${callSid}` : ''}`,
      timeout,
    );
  }

  /** Places a call to the client: an `invite` carrying the far party's offer. */
  async placeIncoming(spec: IncomingCallSpec): Promise<StandInCall> {
    const from = checks.nonEmpty(spec?.from, 'from');
    const to = spec.to === undefined ? undefined : checks.nonEmpty(spec.to, 'to');
    const custom = checks.stringRecord(spec.parameters, 'parameters');
    const stirStatus = spec.callerInfo === undefined ? undefined : checks.nonEmpty(spec.callerInfo?.stirStatus, 'callerInfo.stirStatus');
    const gateway = this.#gateway;
    const socket = gateway.socketFor(to);
    if (!socket) throw new HandsetError('invalid-state', 'Twilio stand-in: no registered client to place a call to.');
    const sdp = gateway.options.farParty ? await gateway.options.farParty.offer() : '';
    const callSid = sid('CA');
    const parameters: Record<string, string> = {
      AccountSid: gateway.options.accountSid,
      ApiVersion: '2010-04-01',
      CallSid: callSid,
      From: from,
      To: to ?? `client:${socket.identity ?? ''}`,
      ...(Object.keys(custom).length > 0 ? { Params: encodeParams(custom) } : {}),
      ...(stirStatus ? { StirStatus: stirStatus } : {}),
    };
    const call = gateway.newCall(callSid, 'incoming', custom, parameters, null, socket.id);
    gateway.send(socket, 'invite', { callsid: callSid, sdp, parameters, reconnect: call.reconnectToken });
    return call;
  }

  /** Answers an outgoing call left ringing (`outgoing: 'ring'`) with the far party's answer. */
  async answer(callSid: string): Promise<void> {
    const call = this.call(callSid);
    if (call.direction !== 'outgoing' || call.state !== 'ringing') {
      throw new HandsetError('invalid-state', `Twilio stand-in: ${callSid} is not an outgoing call ringing.`);
    }
    const offer = call.frames.find((frame) => frame.type === 'invite' && frame.direction === 'in');
    await answerOutgoing(this.#gateway, call, text(offer?.payload ?? {}, 'sdp') ?? '');
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
    hangupFromFar(this.#gateway, call, error);
  }

  /** The caller gives up on an incoming call before the client answers. */
  cancel(callSid: string): void {
    const call = this.call(callSid);
    if (call.direction !== 'incoming' || call.state !== 'ringing') {
      throw new HandsetError('invalid-state', `Twilio stand-in: ${callSid} is not an incoming call ringing.`);
    }
    this.#gateway.end(call, 'canceled', 'stand-in');
    this.#gateway.sendOnCall(call, 'cancel', { callsid: callSid });
  }

  /** An `error` frame: on the device, or on a call (with `callSid`), or for a message (with `voiceEventSid`). */
  sendError(code: number, message: string, options: { callSid?: string; voiceEventSid?: string } = {}): void {
    const error = checkedError({ code, message });
    const gateway = this.#gateway;
    const socket = options.callSid ? gateway.socketById(this.call(options.callSid).socket) : gateway.wire.sockets.latestOpen();
    if (!socket) throw new HandsetError('invalid-state', 'Twilio stand-in: no client connected.');
    gateway.send(socket, 'error', {
      error,
      ...(options.callSid ? { callsid: options.callSid } : {}),
      ...(options.voiceEventSid ? { voiceeventsid: options.voiceEventSid } : {}),
    });
  }

  /** A call message to the SDK (`call.on('messageReceived')`); returns its voice event SID. */
  sendMessage(callSid: string, content: unknown, options: { messageType?: string; contentType?: string } = {}): string {
    const call = this.call(callSid);
    if (content === undefined || content === null) throw checks.invalid('a message needs content.');
    const voiceEventSid = sid('KX');
    const contentType = options.contentType ?? 'application/json';
    const messageType = checks.nonEmpty(options.messageType ?? 'user-defined-message', 'messageType');
    call.messages.push({ direction: 'out', content, contentType, messageType, voiceEventSid, at: Date.now() });
    this.#gateway.sendOnCall(call, 'message', {
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
    const socket = this.#gateway.wire.sockets.latestOpen();
    if (!socket) throw new HandsetError('invalid-state', 'Twilio stand-in: no socket to drop.');
    this.#gateway.closed(socket);
    socket.connection.close(code);
  }

  /** Records one Insights POST body (see routeTwilio). */
  recordInsights(url: string, body: unknown, token: string | null): void {
    const event = insightsEvent(url, body, token);
    if (!event) return;
    this.#gateway.insights.push(event);
    this.#gateway.changed();
  }

  /** Stops keep-alives and forgets waiters; the sockets' owner closes them. */
  close(): void {
    this.#gateway.close();
  }

  describeFrames(): string {
    return this.#gateway.wire.frames.describe();
  }

  /** A digit the far party heard in the media belongs to the call it is connected to: the newest answered one. */
  private heardDigit(digit: string, at: number): void {
    const call = this.calls.filter((candidate) => candidate.state === 'answered').at(-1);
    if (!call) return;
    call.digits.push({ digit, via: 'rtp', at, frameAt: at });
    this.#gateway.changed();
  }
}
