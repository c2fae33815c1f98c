import { randomUUID } from 'node:crypto';
import { HandsetError } from '@handset/core';
import { Account, type LoginTokens, type StandInUser, type Verdict } from './account';
import { audioDirection, type InfoMessage, type StandInCall } from './calls';
import type { SignalConnection } from './connection';
import type { FarParty } from './farParty';
import { ClientFrame, decodeFrame, encodeFrame, headersAt, InfoType, type LoggedFrame, type Params, ServerFrame, stringAt } from './frames';

/** The user every stand-in knows unless told otherwise. */
export const TEST_USER: StandInUser = {
  username: 'alice@handset.test-account.voximplant.com',
  password: 'correct horse',
  displayName: 'Alice',
};

export interface StandInOptions {
  /** Who the client talks to; without one, calls still signal but carry no media. */
  readonly farParty?: FarParty;
  /** The application's users. Default: TEST_USER alone. */
  readonly users?: readonly StandInUser[];
  /**
   * What happens to an outgoing call: answered after `handleRingOut` (default), left ringing for
   * `answerOutgoing()`, or left ringing with the far side's media flowing early (`startEarlyMedia`, a 183).
   */
  readonly outgoing?: 'answer' | 'ring' | 'early';
  /** What the cloud makes of the SDK's `transferCall`: the far sides joined (default), or `handleTransferFailed`. */
  readonly transfers?: 'complete' | 'fail';
  /** Lifetimes of the tokens issued at login and refresh, in seconds. Defaults: 3600 and 86400. */
  readonly accessSecs?: number;
  readonly refreshSecs?: number;
}

export interface IncomingCallSpec {
  /** The caller's number, as `call.number()` shows it. */
  readonly from: string;
  readonly displayName?: string;
  /** SIP headers of the call (`X-…`), as `IncomingCall.headers` and `call.headers()` show them. */
  readonly headers?: Readonly<Record<string, string>>;
  /** VoxEngine's `customData`: carried as the `VI-CallData` header, as the cloud does. */
  readonly customData?: string;
}

interface Socket {
  readonly id: number;
  readonly connection: SignalConnection;
  username: string | null;
  open: boolean;
}

type Check<T> = () => T | undefined | null | false;

function invalid(message: string): HandsetError {
  return new HandsetError('invalid-option', `Voximplant stand-in: ${message}`);
}

function stringRecord(value: unknown, name: string): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(`\`${name}\` must be an object of strings.`);
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') throw invalid(`\`${name}.${key}\` must be a string.`);
  }
  return { ...(value as Record<string, string>) };
}

function nonEmpty(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0) throw invalid(`\`${name}\` must be a non-empty string.`);
  return value;
}

/**
 * A local stand-in of the Voximplant cloud as voximplant-websdk 4.3 sees it (its "platform" socket,
 * call protocol 3: the client's own RTCPeerConnection negotiates with the far side through the
 * signalling), transport-agnostic: attach each client socket with `attach()`. It logs users in (password,
 * token, one-time key), refreshes tokens, carries calls both ways (SDP and trickled candidates to and from
 * a FarParty), INFO and messages, re-INVITEs (hold), failures and hang-ups from either side, and socket
 * drops. Production talks to Voximplant's cloud; this is test equipment.
 */
export class StandIn {
  /** Every frame in both directions, in order (pings and pongs are counted, not logged). */
  readonly frames: LoggedFrame[] = [];
  /** Pings the SDK sent (one a second while connected). */
  pings = 0;
  /** Errors from the far party while handling frames (each also fails or ends the call where it can). */
  readonly failures: unknown[] = [];

  private readonly account: Account;
  private readonly outgoing: 'answer' | 'ring' | 'early';
  private readonly transfers: 'complete' | 'fail';
  /** Every far party, the one each live call talks to, and those a transfer joined to each other. */
  private readonly farParties: FarParty[] = [];
  private readonly farOf = new Map<string, FarParty>();
  /** Far-side holds that follow the answer to the SDK's next `ReInvite` (`holdFromFar(..., { behindOurReinvite })`). */
  private readonly behindOurReinvite = new Map<string, { held: boolean; sent: () => void }>();
  private readonly bridged = new Set<FarParty>();
  private readonly callsById = new Map<string, StandInCall>();
  private readonly callSockets = new Map<string, number>();
  private readonly sockets: Socket[] = [];
  private readonly waiters = new Set<() => boolean>();
  /** Far-party work runs one step at a time, so a trickled candidate never overtakes its offer. */
  private farWork: Promise<unknown> = Promise.resolve();
  private nextSocket = 1;

  constructor(options: StandInOptions = {}) {
    if (options.outgoing !== undefined && !['answer', 'ring', 'early'].includes(options.outgoing)) {
      throw invalid("`outgoing` must be 'answer', 'ring' or 'early'.");
    }
    if (options.transfers !== undefined && options.transfers !== 'complete' && options.transfers !== 'fail') {
      throw invalid("`transfers` must be 'complete' or 'fail'.");
    }
    const accessSecs = options.accessSecs ?? 3600;
    const refreshSecs = options.refreshSecs ?? 86_400;
    if (!(accessSecs > 0) || !(refreshSecs > 0)) throw invalid('token lifetimes must be positive numbers of seconds.');
    this.account = new Account(options.users ?? [TEST_USER], { accessSecs, refreshSecs });
    this.outgoing = options.outgoing ?? 'answer';
    this.transfers = options.transfers ?? 'complete';
    if (options.farParty) this.addFarParty(options.farParty);
  }

  /**
   * Another far party (in a page of its own): each new call talks to the first far party no live call holds, so
   * calls can be up side by side (an attended transfer then joins their far parties). When all are taken, a new
   * call takes over the first.
   */
  addFarParty(farParty: FarParty): void {
    this.farParties.push(farParty);
    farParty.onDigit?.((digit, at) => this.heardDigit(farParty, digit, at));
  }

  /** Calls in the order they started. */
  get calls(): StandInCall[] {
    return [...this.callsById.values()];
  }

  /** How many sockets the SDK has opened so far (a reconnect opens a new one). */
  get socketCount(): number {
    return this.sockets.length;
  }

  /** Serves one client socket until it closes; the cloud greets it with `__connectionSuccessful`. */
  attach(connection: SignalConnection): number {
    const socket: Socket = { id: this.nextSocket++, connection, username: null, open: true };
    this.sockets.push(socket);
    connection.onMessage((message) => this.receive(socket, message));
    connection.onClose(() => this.closed(socket));
    this.send(socket, ServerFrame.connectionSuccessful, []);
    return socket.id;
  }

  call(id: string): StandInCall {
    const call = this.callsById.get(id);
    if (!call) throw new HandsetError('invalid-state', `Voximplant stand-in: no call ${id}.`);
    return call;
  }

  /** Issues tokens for a user as a login would (for `loginWithToken` tests), optionally short-lived. */
  issueTokens(username: string, accessSecs?: number): LoginTokens {
    if (!this.account.user(username)) throw invalid(`no user ${username}.`);
    return this.account.issue(username, accessSecs);
  }

  /**
   * Resolves with the first truthy value of `check`, evaluated now and after every frame or state
   * change; rejects after `timeout` ms with `what` and the frame log.
   */
  waitFor<T>(check: Check<T>, what = 'a condition', timeout = 15_000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const first = check();
      if (first) {
        resolve(first);
        return;
      }
      const waiter = () => {
        const value = check();
        if (!value) return false;
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`Voximplant stand-in waited ${timeout} ms for ${what}; frames:\n${this.describeFrames()}`));
      }, timeout);
      this.waiters.add(waiter);
    });
  }

  /** Waits for a frame `name` from the SDK (or to it, with direction 'out'), after index `since`. */
  waitForFrame(name: string, options: { direction?: 'in' | 'out'; since?: number; timeout?: number } = {}): Promise<LoggedFrame> {
    const { direction = 'in', since = 0, timeout } = options;
    return this.waitFor(
      () => this.frames.slice(since).find((frame) => frame.name === name && frame.direction === direction),
      `a${direction === 'in' ? 'n incoming' : 'n outgoing'} "${name}" frame`,
      timeout,
    );
  }

  /** Places a call to the logged-in client: `handleIncomingConnection` with the far party's offer. */
  async placeIncoming(spec: IncomingCallSpec): Promise<StandInCall> {
    const from = nonEmpty(spec?.from, 'from');
    const headers = stringRecord(spec.headers, 'headers');
    if (spec.customData !== undefined) headers['VI-CallData'] = String(spec.customData);
    const displayName = spec.displayName === undefined ? from : nonEmpty(spec.displayName, 'displayName');
    const socket = this.loggedInSocket();
    if (!socket) throw new HandsetError('invalid-state', 'Voximplant stand-in: no client is logged in.');
    const id = randomUUID();
    const far = this.takeFarParty(id);
    const sdp = far ? await this.far(() => far.offer()) : '';
    const call = this.newCall(id, 'incoming', from, headers, socket.id);
    this.sendOnCall(call, ServerFrame.handleIncomingConnection, [call.id, from, displayName, headers, sdp]);
    return call;
  }

  /** Answers an outgoing call left ringing (`outgoing: 'ring'`), with headers for the SDK's `Connected`. */
  async answerOutgoing(id: string, headers: Record<string, string> = {}): Promise<void> {
    const call = this.ringing(id, 'outgoing');
    const offer = call.frames.find((frame) => frame.name === ClientFrame.createCall)?.params[8];
    await this.connectOutgoing(call, typeof offer === 'string' ? offer : '', stringRecord(headers, 'headers'));
  }

  /**
   * The far side puts the call on hold (`held`) or resumes it: `handleReInvite` with the far party's new offer
   * (`sendonly` / `sendrecv`); resolves once the SDK's `AcceptReInvite` answer is applied. With
   * `behindOurReinvite`, the offer waits for the SDK's next `ReInvite` and follows its answer in the same tick, so
   * it reaches the SDK while that answer is still being applied (the cloud may do that; a glare test needs it).
   */
  async holdFromFar(id: string, held: boolean, { behindOurReinvite = false } = {}): Promise<void> {
    const call = this.call(id);
    if (call.state !== 'connected') throw new HandsetError('invalid-state', `Voximplant stand-in: ${id} is not connected.`);
    const far = this.farOf.get(id);
    if (!far?.reoffer) throw invalid('holding from the far side needs a far party with reoffer().');
    const since = this.frames.length;
    if (behindOurReinvite) await new Promise<void>((sent) => this.behindOurReinvite.set(id, { held, sent }));
    else this.sendReoffer(call, await this.far(() => far.reoffer?.(held) ?? Promise.resolve('')));
    const answer = await this.waitFor(
      () => this.frames.slice(since).find((frame) => frame.name === ClientFrame.acceptReInvite && frame.params[0] === id),
      `the SDK's AcceptReInvite for ${id}`,
    );
    await this.far(() => far.accept(stringAt(answer.params, 2) ?? ''));
    call.heldByFar = held;
    this.changed();
  }

  /** The far side refuses or cannot take a ringing call: `handleConnectionFailed` with a SIP-style code. */
  fail(id: string, code: number, reason: string, headers: Record<string, string> = {}): void {
    const call = this.ringing(id);
    if (!Number.isInteger(code) || code < 300 || code > 699) throw invalid('a failure code must be a SIP final code, 300–699.');
    this.end(call, 'failed', 'stand-in');
    this.sendOnCall(call, ServerFrame.handleConnectionFailed, [id, code, nonEmpty(reason, 'reason'), stringRecord(headers, 'headers')]);
  }

  /** The far side hangs up (or the caller gives up on a ringing incoming call): `handleConnectionDisconnected`. */
  hangup(id: string, headers: Record<string, string> = {}): void {
    const call = this.call(id);
    if (call.state !== 'ringing' && call.state !== 'connected')
      throw new HandsetError('invalid-state', `Voximplant stand-in: ${id} is already ${call.state}.`);
    this.end(call, 'ended', 'stand-in');
    this.sendOnCall(call, ServerFrame.handleConnectionDisconnected, [id, stringRecord(headers, 'headers'), {}]);
  }

  /** An INFO from the far side (`InfoReceived` in the SDK); `application/zingaya-im` is a message. */
  sendInfo(id: string, mimeType: string, body: string, headers: Record<string, string> = {}): void {
    const call = this.call(id);
    const slash = nonEmpty(mimeType, 'mimeType').indexOf('/');
    if (slash <= 0) throw invalid('`mimeType` must be type/subtype.');
    if (typeof body !== 'string') throw invalid('an INFO body must be a string.');
    const checked = stringRecord(headers, 'headers');
    call.infos.push({ direction: 'out', mimeType, body, headers: checked, at: Date.now() });
    this.sendOnCall(call, ServerFrame.handleSIPInfo, [id, mimeType.slice(0, slash), mimeType.slice(slash + 1), body, checked]);
  }

  /** A message from the far side (`MessageReceived` in the SDK). */
  sendMessage(id: string, text: string): void {
    this.sendInfo(id, InfoType.message, text);
  }

  /** Closes the newest open socket from the server side, as a network drop would. */
  dropSocket(code = 1006): void {
    const socket = this.sockets.filter((candidate) => candidate.open).at(-1);
    if (!socket) throw new HandsetError('invalid-state', 'Voximplant stand-in: no socket to drop.');
    this.closed(socket);
    // 1006 cannot be sent in a close frame; the closest a server can do is close without a status.
    socket.connection.close(code === 1006 ? undefined : code);
  }

  /** Forgets waiters and stops answering; the sockets' owner closes them. */
  close(): void {
    for (const socket of this.sockets) socket.open = false;
    this.waiters.clear();
    for (const far of this.bridged) void far.close().catch(() => undefined);
  }

  describeFrames(): string {
    return this.frames
      .map(
        (frame) => `${frame.direction === 'in' ? '→' : '←'} #${frame.socket} ${frame.name} ${JSON.stringify(frame.params).slice(0, 160)}`,
      )
      .join('\n');
  }

  private receive(socket: Socket, message: string): void {
    const frame = decodeFrame(message);
    if (!frame || !socket.open) return;
    if (frame.name === ClientFrame.ping) {
      this.pings += 1;
      socket.connection.send(encodeFrame(ServerFrame.pong, []));
      this.changed();
      return;
    }
    const logged: LoggedFrame = { ...frame, direction: 'in', at: Date.now(), socket: socket.id };
    this.frames.push(logged);
    this.handle(socket, logged);
    this.changed();
  }

  private handle(socket: Socket, frame: LoggedFrame): void {
    const { params } = frame;
    switch (frame.name) {
      case ClientFrame.login: {
        const username = stringAt(params, 0) ?? '';
        const options = (params[2] ?? {}) as { accessToken?: unknown };
        const byToken = typeof options.accessToken === 'string' && options.accessToken.length > 0;
        const verdict = byToken
          ? this.account.checkAccessToken(username, options.accessToken)
          : this.account.checkPassword(username, params[1]);
        this.loggedIn(socket, verdict, !byToken);
        return;
      }
      case ClientFrame.loginGenerateOneTimeKey: {
        const key = this.account.oneTimeKey(stringAt(params, 0) ?? '');
        // The cloud answers a key request with loginFailed 302 carrying the key (the SDK's FAIL_CODE_ONE_TIME_KEY).
        this.send(socket, ServerFrame.loginFailed, key === null ? [404] : [302, key]);
        return;
      }
      case ClientFrame.loginUsingOneTimeKey:
        this.loggedIn(socket, this.account.checkOneTimeHash(stringAt(params, 0) ?? '', params[1]), true);
        return;
      case ClientFrame.refreshOauthToken: {
        const argument = params[1];
        const refreshToken =
          typeof argument === 'object' && argument !== null ? (argument as { refreshToken?: unknown }).refreshToken : argument;
        const result = this.account.refresh(stringAt(params, 0) ?? '', refreshToken);
        if (typeof result === 'number') this.send(socket, ServerFrame.refreshOauthTokenFailed, [result]);
        else this.send(socket, ServerFrame.refreshOauthTokenSuccessful, [{ OAuth: result }]);
        return;
      }
      case ClientFrame.createCall:
        this.track(this.createCall(socket, frame));
        return;
      default:
        break;
    }
    const call = this.callsById.get(stringAt(params, 0) ?? '');
    if (!call) return;
    call.frames.push(frame);
    switch (frame.name) {
      case ClientFrame.acceptCall:
        this.track(this.clientAccepted(call, headersAt(params, 1), stringAt(params, 2) ?? ''));
        break;
      case ClientFrame.rejectCall:
        if (call.state !== 'ringing') break;
        call.rejectedWithBusy = params[1] === true;
        call.endHeaders = headersAt(params, 2);
        this.end(call, 'rejected', 'client');
        this.sendOnCall(call, ServerFrame.handleConnectionDisconnected, [call.id, {}, {}]);
        break;
      case ClientFrame.disconnectCall:
        if (call.state !== 'connected' && call.state !== 'ringing') break;
        call.endHeaders = headersAt(params, 1);
        this.end(call, 'ended', 'client');
        this.sendOnCall(call, ServerFrame.handleConnectionDisconnected, [call.id, {}, {}]);
        break;
      case ClientFrame.sendSIPInfo:
        this.clientInfo(call, params, frame.at);
        break;
      case ClientFrame.sendDTMF:
        call.digits.push({ digit: String(params[1]), via: 'signalling', at: frame.at });
        break;
      case ClientFrame.reInvite:
        this.track(this.reinvite(call, stringAt(params, 2) ?? ''));
        break;
      case ClientFrame.transferCall:
        this.track(this.transfer(call, stringAt(params, 1) ?? ''));
        break;
      default:
        break;
    }
  }

  private loggedIn(socket: Socket, verdict: Verdict, issueTokens: boolean): void {
    if (!verdict.ok) {
      this.send(socket, ServerFrame.loginFailed, [verdict.code]);
      return;
    }
    socket.username = verdict.user.username;
    const OAuth = issueTokens ? this.account.issue(verdict.user.username) : null;
    // No iceConfig: the SDK then uses no ICE servers, so only host candidates on loopback are gathered.
    this.send(socket, ServerFrame.loginSuccessful, [
      verdict.user.displayName ?? verdict.user.username,
      { OAuth, connectionId: `stand-in-${socket.id}` },
    ]);
  }

  /** `createCall(-1, number, video, callId, null, null, headers, "", offerSdp, { tracks })` (call protocol 3). */
  private async createCall(socket: Socket, frame: LoggedFrame): Promise<void> {
    const { params } = frame;
    const id = stringAt(params, 3) ?? '';
    if (!socket.username) {
      this.send(socket, ServerFrame.handleConnectionFailed, [id, 401, 'Unauthorized', {}]);
      return;
    }
    const call = this.newCall(id, 'outgoing', stringAt(params, 1) ?? '', headersAt(params, 6), socket.id);
    this.takeFarParty(id);
    call.frames.push(frame);
    this.sendOnCall(call, ServerFrame.handleRingOut, [id]);
    if (this.outgoing === 'answer') await this.connectOutgoing(call, stringAt(params, 8) ?? '', {});
    if (this.outgoing === 'early') await this.startEarlyMedia(call, stringAt(params, 8) ?? '');
  }

  /**
   * `startEarlyMedia(callId, headers, answerSdp)`: the far party's answer before the call is answered (a 183 with
   * media); the SDK applies it and media flows while the call rings. `answerOutgoing()` then connects the call
   * without new SDP.
   */
  private async startEarlyMedia(call: StandInCall, offerSdp: string): Promise<void> {
    const far = this.farOf.get(call.id);
    const sdp = far ? await this.far(() => far.answer(offerSdp)) : '';
    if (call.state !== 'ringing') return;
    call.earlyMedia = true;
    this.sendOnCall(call, ServerFrame.startEarlyMedia, [call.id, {}, sdp]);
  }

  private async connectOutgoing(call: StandInCall, offerSdp: string, headers: Record<string, string>): Promise<void> {
    let sdp = '';
    const far = this.farOf.get(call.id);
    try {
      // After early media the SDK has the far side's answer already: the cloud's Connected carries no SDP.
      sdp = far && !call.earlyMedia ? await this.far(() => far.answer(offerSdp)) : '';
    } catch (error) {
      if (call.state === 'ringing') this.fail(call.id, 500, `far party failed: ${String(error)}`);
      throw error;
    }
    if (call.state !== 'ringing') return;
    this.setState(call, 'connected');
    this.sendOnCall(call, ServerFrame.stopRinging, [call.id]);
    this.sendOnCall(call, ServerFrame.handleConnectionConnected, [call.id, headers, sdp]);
  }

  /** `acceptCall(callId, headers, answerSdp, { tracks })`: the far party takes the answer, the cloud confirms. */
  private async clientAccepted(call: StandInCall, headers: Record<string, string>, sdp: string): Promise<void> {
    if (call.direction !== 'incoming' || call.state !== 'ringing') return;
    call.answerHeaders = headers;
    const far = this.farOf.get(call.id);
    if (far) await this.far(() => far.accept(sdp));
    if (call.state !== 'ringing') return;
    this.setState(call, 'connected');
    this.sendOnCall(call, ServerFrame.handleConnectionConnected, [call.id, {}, '']);
  }

  /** `sendSIPInfo(callId, type, subtype, body, headers)`: candidates go to the far party, the rest is recorded. */
  private clientInfo(call: StandInCall, params: Params, at: number): void {
    const mimeType = `${stringAt(params, 1) ?? ''}/${stringAt(params, 2) ?? ''}`;
    const body = stringAt(params, 3) ?? '';
    if (mimeType === InfoType.candidates) {
      let candidates: unknown = [];
      try {
        candidates = JSON.parse(body);
      } catch {
        candidates = [];
      }
      for (const entry of Array.isArray(candidates) ? candidates : []) {
        const [index, line] = Array.isArray(entry) ? entry : [];
        if (typeof line !== 'string' || typeof index !== 'number') continue;
        call.candidates += 1;
        const far = this.farOf.get(call.id);
        if (far) this.track(this.far(() => far.addCandidate(line.replace(/^a=/, ''), index)));
      }
      return;
    }
    call.infos.push({ direction: 'in', mimeType, body, headers: headersAt(params, 4), at } satisfies InfoMessage);
  }

  /** `ReInvite(callId, headers, offerSdp, { tracks })`: the SDK's hold and unhold; answered with `handleAcceptReinvite`. */
  private async reinvite(call: StandInCall, offerSdp: string): Promise<void> {
    if (call.state !== 'connected') return;
    const far = this.farOf.get(call.id);
    const sdp = far ? await this.far(() => far.reanswer(offerSdp)) : '';
    call.reinvites += 1;
    const direction = audioDirection(offerSdp);
    call.held = direction === 'sendonly' || direction === 'inactive';
    const behind = this.behindOurReinvite.get(call.id);
    this.behindOurReinvite.delete(call.id);
    const reoffer = behind && far?.reoffer ? await this.far(() => far.reoffer?.(behind.held) ?? Promise.resolve('')) : undefined;
    this.sendOnCall(call, ServerFrame.handleAcceptReinvite, [call.id, {}, sdp]);
    if (behind && reoffer !== undefined) {
      this.sendReoffer(call, reoffer);
      behind.sent();
    }
  }

  /** The far side's new offer as `handleReInvite`; the fourth parameter is the SDK's endpoint description, JSON it parses (conference endpoints; none here). */
  private sendReoffer(call: StandInCall, sdp: string): void {
    this.sendOnCall(call, ServerFrame.handleReInvite, [call.id, {}, sdp, '{}']);
  }

  /**
   * `transferCall(callId, targetCallId)`: the cloud joins the far sides of two of the client's connected calls (the
   * far parties negotiate with each other, so they hear each other) and tells the SDK on the transferred call
   * (`handleTransferStarted`, then `handleTransferComplete` or `handleTransferFailed`). The client's own legs stay
   * up until it hangs them up. What the cloud sends here is guessed: the SDK only shows what it accepts.
   */
  private async transfer(call: StandInCall, targetId: string): Promise<void> {
    const target = this.callsById.get(targetId);
    this.sendOnCall(call, ServerFrame.handleTransferStarted, [call.id]);
    const failed = () => {
      call.transfer = { with: targetId, outcome: 'failed' };
      this.sendOnCall(call, ServerFrame.handleTransferFailed, [call.id]);
    };
    if (this.transfers === 'fail' || !target || target === call || call.state !== 'connected' || target.state !== 'connected') {
      failed();
      return;
    }
    const from = this.farOf.get(call.id);
    const to = this.farOf.get(target.id);
    if (from && to && from !== to) {
      // The far parties leave the client's legs: ending those legs later must not close their new connection.
      this.farOf.delete(call.id);
      this.farOf.delete(target.id);
      this.bridged.add(from).add(to);
      try {
        await this.far(async () => from.accept(await to.answer(await from.offer())));
      } catch (error) {
        failed();
        throw error;
      }
    }
    call.transfer = { with: target.id, outcome: 'complete' };
    target.transfer = { with: call.id, outcome: 'complete' };
    this.sendOnCall(call, ServerFrame.handleTransferComplete, [call.id]);
  }

  /** A digit a far party heard in the media belongs to the newest connected call it talks to. */
  private heardDigit(far: FarParty, digit: string, at: number): void {
    const call = this.calls.filter((candidate) => candidate.state === 'connected' && this.farOf.get(candidate.id) === far).at(-1);
    if (!call) return;
    call.digits.push({ digit, via: 'rtp', at });
    this.changed();
  }

  private far<T>(work: () => Promise<T>): Promise<T> {
    const next = this.farWork.then(work);
    this.farWork = next.catch(() => undefined);
    return next;
  }

  private track(work: Promise<void>): void {
    work.catch((error: unknown) => {
      this.failures.push(error);
      this.changed();
    });
  }

  private ringing(id: string, direction?: StandInCall['direction']): StandInCall {
    const call = this.call(id);
    if (call.state !== 'ringing' || (direction && call.direction !== direction)) {
      throw new HandsetError('invalid-state', `Voximplant stand-in: ${id} is not ${direction ? `an ${direction} call ` : ''}ringing.`);
    }
    return call;
  }

  private newCall(
    id: string,
    direction: StandInCall['direction'],
    number: string,
    headers: Record<string, string>,
    socket: number,
  ): StandInCall {
    const call: StandInCall = {
      id,
      direction,
      state: 'ringing',
      endedBy: null,
      number,
      headers,
      answerHeaders: null,
      endHeaders: null,
      rejectedWithBusy: null,
      reinvites: 0,
      held: false,
      earlyMedia: false,
      heldByFar: false,
      transfer: null,
      frames: [],
      infos: [],
      digits: [],
      candidates: 0,
    };
    this.callsById.set(id, call);
    this.callSockets.set(id, socket);
    this.changed();
    return call;
  }

  private end(call: StandInCall, state: StandInCall['state'], by: 'client' | 'stand-in'): void {
    call.endedBy = by;
    this.setState(call, state);
    const far = this.farOf.get(call.id);
    this.farOf.delete(call.id);
    // A far party another live call still talks to (one far party for two calls) stays up.
    if (far && ![...this.farOf.values()].includes(far)) void this.far(() => far.close()).catch(() => undefined);
  }

  /** The far party for a new call: the first one free, else the first (which the new call then takes over). */
  private takeFarParty(id: string): FarParty | undefined {
    const taken = new Set(this.farOf.values());
    const far = this.farParties.find((candidate) => !taken.has(candidate) && !this.bridged.has(candidate)) ?? this.farParties[0];
    if (far) this.farOf.set(id, far);
    return far;
  }

  private setState(call: StandInCall, state: StandInCall['state']): void {
    call.state = state;
    this.changed();
  }

  private loggedInSocket(): Socket | undefined {
    return this.sockets.filter((socket) => socket.open && socket.username !== null).at(-1);
  }

  private sendOnCall(call: StandInCall, name: string, params: Params): void {
    const socket = this.sockets.find((candidate) => candidate.id === this.callSockets.get(call.id));
    if (!socket) return;
    call.frames.push(this.send(socket, name, params));
  }

  private send(socket: Socket, name: string, params: Params): LoggedFrame {
    const logged: LoggedFrame = { name, params, direction: 'out', at: Date.now(), socket: socket.id };
    this.frames.push(logged);
    if (socket.open) socket.connection.send(encodeFrame(name, params));
    this.changed();
    return logged;
  }

  /** A closed socket takes its calls with it, as the cloud drops a client's calls when its socket goes. */
  private closed(socket: Socket): void {
    if (!socket.open) return;
    socket.open = false;
    socket.username = null;
    for (const call of this.calls) {
      if (this.callSockets.get(call.id) === socket.id && (call.state === 'ringing' || call.state === 'connected'))
        this.end(call, 'failed', 'client');
    }
    this.changed();
  }

  private changed(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
