import { randomUUID } from 'node:crypto';
import { HandsetError } from '@handset/core';
import { type Check, frameWanted } from '@handset/core/testing';
import type { LoginTokens } from './account';
import { connectOutgoing, failCall, handleClientFrame } from './callFlow';
import type { StandInCall } from './calls';
import { Cloud } from './cloud';
import type { SignalConnection } from './connection';
import type { FarParty } from './farParty';
import { ClientFrame, InfoType, type LoggedFrame, ServerFrame } from './frames';
import { checks, type IncomingCallSpec, resolveOptions, type StandInOptions } from './options';
import { holdFromFar } from './reinvites';

export { type IncomingCallSpec, type StandInOptions, TEST_USER } from './options';

/**
 * A local stand-in of the Voximplant cloud as voximplant-websdk 4.3 sees it (its "platform" socket,
 * call protocol 3: the client's own RTCPeerConnection negotiates with the far side through the
 * signalling), transport-agnostic: attach each client socket with `attach()`. It logs users in (password,
 * token, one-time key), refreshes tokens, carries calls both ways (SDP and trickled candidates to and from
 * a FarParty), INFO and messages, re-INVITEs (hold), failures and hang-ups from either side, and socket
 * drops. Production talks to Voximplant's cloud; this is test equipment.
 *
 * This class is the test's handle; the cloud (cloud.ts) keeps the state and the wire, login.ts, callFlow.ts,
 * reinvites.ts and transfer.ts answer the SDK's frames.
 */
export class StandIn {
  readonly #cloud: Cloud;

  constructor(options: StandInOptions = {}) {
    this.#cloud = new Cloud(resolveOptions(options), handleClientFrame);
    if (options.farParty) this.addFarParty(options.farParty);
  }

  /** Every frame in both directions, in order (pings and pongs are counted, not logged). */
  get frames(): LoggedFrame[] {
    return this.#cloud.wire.frames.entries;
  }

  /** Pings the SDK sent (one a second while connected). */
  get pings(): number {
    return this.#cloud.pings;
  }

  /** Errors from the far party while handling frames (each also fails or ends the call where it can). */
  get failures(): unknown[] {
    return this.#cloud.farWork.failures;
  }

  /**
   * Another far party (in a page of its own): each new call talks to the first far party no live call holds, so
   * calls can be up side by side (an attended transfer then joins their far parties). When all are taken, a new
   * call takes over the first.
   */
  addFarParty(farParty: FarParty): void {
    this.#cloud.farParties.add(farParty);
    farParty.onDigit?.((digit, at) => this.heardDigit(farParty, digit, at));
  }

  /** Calls in the order they started. */
  get calls(): StandInCall[] {
    return [...this.#cloud.callsById.values()];
  }

  /** How many sockets the SDK has opened so far (a reconnect opens a new one). */
  get socketCount(): number {
    return this.#cloud.wire.sockets.count;
  }

  /** Serves one client socket until it closes; the cloud greets it with `__connectionSuccessful`. */
  attach(connection: SignalConnection): number {
    return this.#cloud.attach(connection).id;
  }

  call(id: string): StandInCall {
    return this.#cloud.call(id);
  }

  /** Issues tokens for a user as a login would (for `loginWithToken` tests), optionally short-lived. */
  issueTokens(username: string, accessSecs?: number): LoginTokens {
    if (!this.#cloud.account.user(username)) throw checks.invalid(`no user ${username}.`);
    return this.#cloud.account.issue(username, accessSecs);
  }

  /**
   * Resolves with the first truthy value of `check`, evaluated now and after every frame or state
   * change; rejects after `timeout` ms with `what` and the frame log.
   */
  waitFor<T>(check: Check<T>, what = 'a condition', timeout = 15_000): Promise<T> {
    return this.#cloud.waitFor(check, what, timeout);
  }

  /** Waits for a frame `name` from the SDK (or to it, with direction 'out'), after index `since`. */
  waitForFrame(name: string, options: { direction?: 'in' | 'out'; since?: number; timeout?: number } = {}): Promise<LoggedFrame> {
    const { direction = 'in', since = 0, timeout } = options;
    return this.waitFor(
      () => this.#cloud.wire.frames.find(since, (frame) => frame.name === name && frame.direction === direction),
      frameWanted(name, direction),
      timeout,
    );
  }

  /** Places a call to the logged-in client: `handleIncomingConnection` with the far party's offer. */
  async placeIncoming(spec: IncomingCallSpec): Promise<StandInCall> {
    const from = checks.nonEmpty(spec?.from, 'from');
    const headers = checks.stringRecord(spec.headers, 'headers');
    if (spec.customData !== undefined) headers['VI-CallData'] = String(spec.customData);
    const displayName = spec.displayName === undefined ? from : checks.nonEmpty(spec.displayName, 'displayName');
    const cloud = this.#cloud;
    const socket = cloud.loggedInSocket();
    if (!socket) throw new HandsetError('invalid-state', 'Voximplant stand-in: no client is logged in.');
    const id = randomUUID();
    const far = cloud.farParties.take(id);
    const sdp = far ? await cloud.farWork.inTurn(() => far.offer()) : '';
    const call = cloud.newCall(id, 'incoming', from, headers, socket.id);
    cloud.sendOnCall(call, ServerFrame.handleIncomingConnection, [call.id, from, displayName, headers, sdp]);
    return call;
  }

  /** Answers an outgoing call left ringing (`outgoing: 'ring'`), with headers for the SDK's `Connected`. */
  async answerOutgoing(id: string, headers: Record<string, string> = {}): Promise<void> {
    const call = this.#cloud.ringing(id, 'outgoing');
    const offer = call.frames.find((frame) => frame.name === ClientFrame.createCall)?.params[8];
    await connectOutgoing(this.#cloud, call, typeof offer === 'string' ? offer : '', checks.stringRecord(headers, 'headers'));
  }

  /**
   * The far side puts the call on hold (`held`) or resumes it: `handleReInvite` with the far party's new offer
   * (`sendonly` / `sendrecv`); resolves once the SDK's `AcceptReInvite` answer is applied. With
   * `behindOurReinvite`, the offer waits for the SDK's next `ReInvite` and follows its answer in the same tick, so
   * it reaches the SDK while that answer is still being applied (the cloud may do that; a glare test needs it).
   */
  async holdFromFar(id: string, held: boolean, { behindOurReinvite = false } = {}): Promise<void> {
    await holdFromFar(this.#cloud, id, held, behindOurReinvite);
  }

  /** The far side refuses or cannot take a ringing call: `handleConnectionFailed` with a SIP-style code. */
  fail(id: string, code: number, reason: string, headers: Record<string, string> = {}): void {
    failCall(this.#cloud, id, code, reason, headers);
  }

  /** The far side hangs up (or the caller gives up on a ringing incoming call): `handleConnectionDisconnected`. */
  hangup(id: string, headers: Record<string, string> = {}): void {
    const call = this.call(id);
    if (call.state !== 'ringing' && call.state !== 'connected')
      throw new HandsetError('invalid-state', `Voximplant stand-in: ${id} is already ${call.state}.`);
    this.#cloud.end(call, 'ended', 'stand-in');
    this.#cloud.sendOnCall(call, ServerFrame.handleConnectionDisconnected, [id, checks.stringRecord(headers, 'headers'), {}]);
  }

  /** An INFO from the far side (`InfoReceived` in the SDK); `application/zingaya-im` is a message. */
  sendInfo(id: string, mimeType: string, body: string, headers: Record<string, string> = {}): void {
    const call = this.call(id);
    const slash = checks.nonEmpty(mimeType, 'mimeType').indexOf('/');
    if (slash <= 0) throw checks.invalid('`mimeType` must be type/subtype.');
    if (typeof body !== 'string') throw checks.invalid('an INFO body must be a string.');
    const checked = checks.stringRecord(headers, 'headers');
    call.infos.push({ direction: 'out', mimeType, body, headers: checked, at: Date.now() });
    this.#cloud.sendOnCall(call, ServerFrame.handleSIPInfo, [id, mimeType.slice(0, slash), mimeType.slice(slash + 1), body, checked]);
  }

  /** A message from the far side (`MessageReceived` in the SDK). */
  sendMessage(id: string, text: string): void {
    this.sendInfo(id, InfoType.message, text);
  }

  /** Closes the newest open socket from the server side, as a network drop would. */
  dropSocket(code = 1006): void {
    const socket = this.#cloud.wire.sockets.latestOpen();
    if (!socket) throw new HandsetError('invalid-state', 'Voximplant stand-in: no socket to drop.');
    this.#cloud.closed(socket);
    // 1006 cannot be sent in a close frame; the closest a server can do is close without a status.
    socket.connection.close(code === 1006 ? undefined : code);
  }

  /** Forgets waiters and stops answering; the sockets' owner closes them. */
  close(): void {
    this.#cloud.close();
  }

  describeFrames(): string {
    return this.#cloud.wire.frames.describe();
  }

  /** A digit a far party heard in the media belongs to the newest connected call it talks to. */
  private heardDigit(far: FarParty, digit: string, at: number): void {
    const call = this.calls
      .filter((candidate) => candidate.state === 'connected' && this.#cloud.farParties.of(candidate.id) === far)
      .at(-1);
    if (!call) return;
    call.digits.push({ digit, via: 'rtp', at });
    this.#cloud.changed();
  }
}
