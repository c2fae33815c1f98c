import { HandsetError } from '../errors/HandsetError';
import { lineCan } from '../line/Line';
import { validateDestination } from '../options/destination';
import { validateHeaders } from '../options/headers';
import type { AcceptOptions, HeadersInput } from '../options/types';
import { validateAcceptOptions } from '../options/validateCallOptions';
import { freeze } from '../util/freeze';
import { CallView } from './CallView';
import { CallStreams } from './callStreams';
import { DtmfSequencer, parseDtmf } from './dtmf';
import type { CallEvents } from './events';
import type { CallHost as Host } from './host';
import { type CallInit, initialSnapshot } from './init';
import { type CallController, type CallSignal, callControllers } from './internals';
import { LegSlot } from './LegSlot';
import { type MessageInput, validateInfo, validateMessage } from './messages';
import { type ReportTarget, report } from './reports';
import { type CallEvent, nextCallState } from './transitions';
import type { CallDirection, CallEnd, CallSnapshot, CallState, EndReason } from './types';

/** What the phone lends each call. */
export type CallHost = Host<Call>;

const defaultTimeoutSecs = 30;
const defaultTimeLimitSecs = 14400;

/**
 * One call, driven by the transition table in `transitions.ts`. Commands check the table
 * first and throw `invalid-state` without telling the line anything when it says no;
 * line signals the table does not allow are dropped (late or duplicate network events).
 */
export class Call extends CallView {
  readonly id: string;
  readonly direction: CallDirection;
  #host: CallHost;
  #snapshot: CallSnapshot;
  #timeLimitSecs: number;
  #setupTimer: ReturnType<typeof setTimeout> | undefined;
  #limitTimer: ReturnType<typeof setTimeout> | undefined;
  #dtmf: DtmfSequencer;
  #heldBeforeReconnect = false;
  #streams = new CallStreams();
  #messageCount = 0;
  #leg: LegSlot;
  /** The phone's, the media kit's and the reports' way in (`internals.ts`), kept off the public API. */
  #inside: CallController & ReportTarget;

  /** @internal Calls are made by the phone: `phone.call()` or its `incoming` event. */
  constructor(init: CallInit, host: CallHost, now = Date.now()) {
    super();
    this.id = init.id;
    this.direction = init.direction;
    this.#host = host;
    this.#timeLimitSecs = init.timeLimitSecs ?? defaultTimeLimitSecs;
    this.#leg = new LegSlot((error) => this.#failDial(error));
    if (init.leg) this.#leg.attach(init.leg);
    this.#snapshot = initialSnapshot(init, now);
    this.#dtmf = new DtmfSequencer(host.dtmfTiming, (tone, ms) => {
      this.#leg.run((leg) => leg.sendDtmf(tone, ms));
      this.emit('dtmfSent', tone);
    });
    this.#inside = this.#controller();
    callControllers.set(this, this.#inside);
    for (const [event, handler] of Object.entries(init.handlers ?? {})) {
      this.on(event as keyof CallEvents, handler as never);
    }
    if (init.direction === 'outgoing') {
      this.#setupTimer = setTimeout(() => this.#giveUp(), (init.timeoutSecs ?? defaultTimeoutSecs) * 1000);
    }
  }

  /** The call as immutable data, the same object the store holds. */
  get snapshot(): CallSnapshot {
    return this.#snapshot;
  }
  getLocalStream(): MediaStream | null {
    return this.#streams.stream('local', this.#lineOwnsMedia());
  }
  getRemoteStream(): MediaStream | null {
    return this.#streams.stream('remote', this.#lineOwnsMedia());
  }
  get peerConnection(): RTCPeerConnection | null {
    return this.#streams.peerConnection;
  }

  // ---- commands ----

  accept(options?: AcceptOptions): void {
    this.#allow('accept');
    const { options: accepted, headers } = validateAcceptOptions(options);
    const { timeLimitSecs, audio = true, video = false, ...rest } = accepted;
    if (timeLimitSecs !== undefined) this.#timeLimitSecs = timeLimitSecs;
    this.#host.takeFocus(this);
    this.#move('accept');
    this.#host.accepting(this, accepted);
    this.#leg.run((leg) => leg.accept({ headers, audio, video, ...rest }));
  }

  /** Rejects an incoming call with a SIP code (default 486 Busy Here). */
  reject(sipCode = 486, headers?: HeadersInput): void {
    this.#allow('reject');
    if (!Number.isInteger(sipCode) || sipCode < 400 || sipCode > 699) {
      throw new HandsetError('invalid-sip-code', `reject() needs a code from 400 to 699; got ${String(sipCode)}.`);
    }
    const valid = validateHeaders(headers, 'reject headers');
    this.#finish({ reason: 'rejected', by: 'local', sipCode });
    this.#leg.run((leg) => leg.reject(sipCode, valid));
  }

  /** Stops alerting without answering; the far side keeps ringing until it gives up. */
  ignore(): void {
    this.#allow('ignore');
    this.#finish({ reason: 'ignored', by: 'local' });
    this.#leg.run((leg) => leg.ignore());
  }

  /** Ends the call from any live state: cancels an unanswered outgoing call, rejects an incoming one. */
  hangup(headers?: HeadersInput): void {
    this.#allow('hangup');
    if (this.state === 'incoming') {
      this.reject(486, headers);
      return;
    }
    const valid = validateHeaders(headers, 'hangup headers');
    const reason: EndReason = this.state === 'dialing' || this.state === 'ringing' ? 'cancelled' : 'hangup';
    this.#finish({ reason, by: 'local' });
    this.#leg.run((leg) => leg.hangup(valid));
  }

  mute(shouldMute = true): void {
    this.#allow('mute');
    if (typeof shouldMute !== 'boolean') throw new HandsetError('invalid-option', `mute() takes true or false; got ${typeof shouldMute}.`);
    if (this.#snapshot.muted === shouldMute) return;
    this.#update({ muted: shouldMute });
    this.#leg.run((leg) => leg.setMuted(shouldMute));
    this.emit('mute', shouldMute);
  }

  /** Puts the call on hold; `unsupported` on a line without hold (`line.capabilities.hold`). */
  hold(): void {
    this.#allow('hold');
    this.#able('hold', 'hold calls');
    this.#move('hold');
    this.#leg.run((leg) => leg.hold?.());
    this.emit('hold', 'local');
  }

  /** Resumes a held call; any other active call is put on hold first. */
  unhold(): void {
    this.#allow('unhold');
    this.#able('hold', 'hold calls');
    this.#host.takeFocus(this);
    this.#move('unhold');
    this.#leg.run((leg) => leg.unhold?.());
    this.emit('unhold', 'local');
  }

  toggleHold(): void {
    if (this.state === 'held') this.unhold();
    else this.hold();
  }

  /** Sends DTMF: 0-9 * # A-D, with `w`/`p` (500 ms) and `,` (2 s) pauses. */
  sendDigits(digits: string): void {
    this.#allow('sendDigits');
    this.#able('sendDigits', 'send DTMF');
    this.#dtmf.enqueue(parseDtmf(digits));
  }

  /** Sends an in-call message (Twilio's `sendMessage`); returns its id. `messageSent` follows when delivered. */
  sendMessage(input: MessageInput): string {
    this.#allow('sendMessage');
    this.#able('sendMessage', 'send in-call messages');
    const message = validateMessage(input, `${this.id}-m${++this.#messageCount}`);
    this.#leg.run((leg) => leg.sendMessage?.(message));
    return message.id as string;
  }

  /** Sends a SIP INFO with the given content type, and extra headers as `customHeaders` takes them (Voximplant's `sendInfo`). */
  sendInfo(mimeType: string, body: string, headers?: HeadersInput): void {
    this.#allow('sendInfo');
    this.#able('sendInfo', 'send INFO');
    validateInfo(mimeType, body);
    const valid = validateHeaders(headers, 'sendInfo headers');
    this.#leg.run((leg) => leg.sendInfo?.(mimeType, body, valid));
  }

  /**
   * Blind transfer (SIP REFER) to an E.164 number or SIP URI. Allowed where in-dialog requests are
   * (the table's `sendInfo` row: active, held); the call ends when the far side has reached the target.
   */
  transfer(destination: string): void {
    this.#allow('sendInfo', 'transfer');
    this.#able('transfer', 'transfer calls');
    const line = this.#host.line;
    const target = validateDestination(destination, line.acceptsDestination?.bind(line));
    this.#leg.run((leg) => leg.transfer?.(target));
  }

  // ---- line signals ----

  #controller(): CallController & ReportTarget {
    return {
      line: this.#host.line,
      leg: this.#leg,
      signal: (signal) => this.#onSignal(signal),
      endBySystem: (reason) => this.#endBySystem(reason),
      note: (fields: Partial<CallSnapshot>) => this.#update(fields),
      report: <E extends keyof CallEvents>(event: E, ...args: CallEvents[E]) => {
        if (this.state !== 'ended') this.emit(event, ...args);
      },
    };
  }

  #onSignal(signal: CallSignal): void {
    if (this.state === 'ended') return; // late or duplicate network events
    if (report(signal, this.#inside, this.#snapshot, this.#can('inCallSignal'))) return;
    switch (signal.type) {
      case 'ringing':
        if (this.#move('ringing', { earlyMedia: signal.earlyMedia })) this.emit('ringing', signal.earlyMedia);
        return;
      case 'answered':
        this.#move('answered', {
          answeredAt: this.#snapshot.answeredAt ?? Date.now(),
          ...(signal.headers ? { remoteHeaders: freeze([...signal.headers]) } : {}),
        });
        return;
      case 'connected': {
        const first = this.state !== 'active';
        const moved = this.#move('connected', {
          answeredAt: this.#snapshot.answeredAt ?? Date.now(),
          codec: signal.codec ?? this.#snapshot.codec,
          dtmfPath: signal.dtmfPath ?? this.#snapshot.dtmfPath,
        });
        if (moved && first) {
          this.#startTimeLimit();
          this.emit('accept');
          this.#host.becameActive(this, 'answered');
        }
        return;
      }
      case 'media':
        this.#streams.take(signal);
        this.emit('media');
        return;
      case 'ended': {
        const { by, ...end } = signal.end;
        this.#finish({ ...end, by: by ?? 'remote' });
        return;
      }
      case 'holdFailed':
      case 'unholdFailed':
        if (!this.#move(signal.type, { error: signal.error.toJSON() })) return;
        this.emit('error', signal.error);
        this.emit(signal.type === 'holdFailed' ? 'unhold' : 'hold', 'local');
        if (this.state === 'active') this.#host.becameActive(this, 'rolled-back');
        return;
      case 'remoteHold':
        if (this.#snapshot.remoteHold === signal.held || !this.#move('remoteHold', { remoteHold: signal.held })) return;
        this.emit(signal.held ? 'hold' : 'unhold', 'remote');
        return;
      case 'reconnecting': {
        const wasHeld = this.state === 'held';
        if (!this.#move('mediaLost')) return;
        this.#heldBeforeReconnect = wasHeld;
        this.emit('reconnecting', signal.error);
        return;
      }
      case 'reconnected':
        if (!this.#move(this.#heldBeforeReconnect ? 'reconnectedHeld' : 'reconnected')) return;
        this.emit('reconnected');
        if (this.state === 'active') this.#host.becameActive(this, 'answered');
        return;
    }
  }

  /** The phone's disconnect, the time limit and the answer deadline end a call this way. */
  #endBySystem(reason: EndReason): void {
    if (this.state === 'ended') return;
    const wasIncoming = this.state === 'incoming';
    this.#finish({ reason, by: 'system' });
    if (wasIncoming) this.#leg.run((leg) => leg.reject(480, []));
    else this.#leg.run((leg) => leg.hangup([]));
  }

  /** The dial could not produce a leg (an SDK's `connect()` rejected): the call fails with its error. */
  #failDial(error: HandsetError): void {
    if (this.state === 'ended') return;
    this.#update({ error: error.toJSON() });
    this.emit('error', error);
    this.#finish({ reason: 'failed', by: 'system', message: error.message });
  }

  // ---- machinery ----

  #lineOwnsMedia(): boolean {
    return this.#host.line.capabilities.media === 'line';
  }

  #can(event: CallEvent): boolean {
    return nextCallState(this.state, event) !== null;
  }

  /** Throws `unsupported` (sending nothing) when the line lacks the capability the command needs. */
  #able(command: string, what: string): void {
    if (!lineCan(this.#host.line.capabilities, command)) {
      throw new HandsetError('unsupported', `The ${this.#host.line.kind} line cannot ${what}.`);
    }
  }

  /** Throws `invalid-state` when the table does not allow the command now. */
  #allow(event: CallEvent, command: string = event): void {
    if (this.#can(event)) return;
    throw new HandsetError('invalid-state', `${command}() is not allowed while the call is ${this.state}.`);
  }

  /** Applies a table transition with extra snapshot fields; false when the table says no. */
  #move(event: CallEvent, fields: Partial<CallSnapshot> = {}): boolean {
    const previous = this.state;
    const next = nextCallState(previous, event);
    if (next === null) return false;
    this.#update({ ...fields, state: next, ...(next === 'ringing' ? {} : { earlyMedia: false }) });
    if (next !== previous) {
      if (previous === 'dialing' || previous === 'ringing') this.#clearSetupTimer(next);
      if (previous === 'active') this.#dtmf.cancel();
      this.emit('state', next, previous);
    }
    return true;
  }

  #update(fields: Partial<CallSnapshot>): void {
    this.#snapshot = freeze({ ...this.#snapshot, ...fields });
    this.#host.publish(this);
  }

  #clearSetupTimer(next: CallState): void {
    if (next === 'ringing') return;
    clearTimeout(this.#setupTimer);
    this.#setupTimer = undefined;
  }

  #startTimeLimit(): void {
    this.#limitTimer = setTimeout(() => this.#endBySystem('time-limit'), this.#timeLimitSecs * 1000);
  }

  /** No answer within timeoutSecs: `timeout` if the far side never responded, `no-answer` if it rang. */
  #giveUp(): void {
    if (this.state === 'dialing' || this.state === 'ringing') this.#endBySystem(this.state === 'dialing' ? 'timeout' : 'no-answer');
  }

  /** The one way a call ends: exactly once, then silence. */
  #finish(end: CallEnd): void {
    if (this.state === 'ended') return;
    clearTimeout(this.#setupTimer);
    clearTimeout(this.#limitTimer);
    this.#dtmf.cancel();
    const previous = this.state;
    const frozenEnd = freeze({ ...end });
    this.#update({ ...this.#host.ending(this), state: 'ended', end: frozenEnd, endedAt: Date.now(), earlyMedia: false });
    this.emit('state', 'ended', previous);
    this.emit('ended', frozenEnd);
    this.closeEmitter();
    this.#streams.clear();
    this.#host.released(this);
  }
}
