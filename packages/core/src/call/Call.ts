import { HandsetError } from '../errors/HandsetError';
import { type Line, lineCan } from '../line/Line';
import { validateDestination } from '../options/destination';
import { validateHeaders } from '../options/headers';
import type { AcceptOptions, HeadersInput } from '../options/types';
import { validateAcceptOptions } from '../options/validateCallOptions';
import { Emitter } from '../util/Emitter';
import { freeze } from '../util/freeze';
import { DtmfSequencer, type DtmfTiming, parseDtmf } from './dtmf';
import type { CallEvents } from './events';
import { type CallInit, initialSnapshot } from './init';
import { type CallController, type CallSignal, callControllers } from './internals';
import { LegSlot } from './LegSlot';
import { type MessageInput, validateInfo, validateMessage } from './messages';
import { type CallEvent, nextCallState } from './transitions';
import type { CallDirection, CallEnd, CallerInfo, CallSnapshot, CallState, EndReason, Party } from './types';

/** What the phone lends each call. */
export interface CallHost {
  readonly line: Line;
  readonly dtmfTiming: DtmfTiming;
  /** Writes the call's new snapshot to the phone's store. */
  publish(call: Call): void;
  /** Called before this call takes the microphone (accept, unhold): the phone holds the others. */
  takeFocus(call: Call): void;
  /** Called as an incoming call is accepted, with the validated options (the media kit takes `remoteElement`). */
  accepting(call: Call, options: AcceptOptions): void;
  /** Called after a line signal made this call active without the app asking (answer, reconnect, a failed hold). */
  becameActive(call: Call, cause: 'answered' | 'rolled-back'): void;
  /** Called as the call ends, before its last snapshot: what that snapshot should also keep. */
  ending(call: Call): Partial<CallSnapshot> | undefined;
  /** Called once, after the call has ended and emitted its last event. */
  released(call: Call): void;
}

const defaultTimeoutSecs = 30;
const defaultTimeLimitSecs = 14400;

/**
 * One call, driven by the transition table in `transitions.ts`. Commands check the table
 * first and throw `invalid-state` without telling the line anything when it says no;
 * line signals the table does not allow are dropped (late or duplicate network events).
 */
export class Call extends Emitter<CallEvents> {
  readonly id: string;
  readonly direction: CallDirection;
  #host: CallHost;
  #snapshot: CallSnapshot;
  #timeLimitSecs: number;
  #setupTimer: ReturnType<typeof setTimeout> | undefined;
  #limitTimer: ReturnType<typeof setTimeout> | undefined;
  #dtmf: DtmfSequencer;
  #heldBeforeReconnect = false;
  #peerConnection: RTCPeerConnection | null = null;
  #localStream: MediaStream | null = null;
  #remoteStream: MediaStream | null = null;
  /** The streams made of a handed-over peer connection's tracks, for the connection they were made of. */
  #pcStreams: { pc: RTCPeerConnection; local?: MediaStream; remote?: MediaStream } | undefined;
  #messageCount = 0;
  #leg: LegSlot;

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
    callControllers.set(this, this.#controller());
    for (const [event, handler] of Object.entries(init.handlers ?? {})) {
      this.on(event as keyof CallEvents, handler as never);
    }
    if (init.direction === 'outgoing') {
      this.#setupTimer = setTimeout(() => this.#giveUp(), (init.timeoutSecs ?? defaultTimeoutSecs) * 1000);
    }
  }

  // ---- reading ----

  get state(): CallState {
    return this.#snapshot.state;
  }
  /** The call as immutable data, the same object the store holds. */
  get snapshot(): CallSnapshot {
    return this.#snapshot;
  }
  get remote(): Party {
    return this.#snapshot.remote;
  }
  get codec(): string {
    return this.#snapshot.codec ?? '';
  }
  get callerInfo(): CallerInfo | null {
    return this.#snapshot.callerInfo;
  }
  get startedAt(): Date {
    return new Date(this.#snapshot.startedAt);
  }
  get answeredAt(): Date | null {
    return this.#snapshot.answeredAt === null ? null : new Date(this.#snapshot.answeredAt);
  }
  get endedAt(): Date | null {
    return this.#snapshot.endedAt === null ? null : new Date(this.#snapshot.endedAt);
  }
  /** Whole seconds since the answer, frozen at the end; 0 before an answer. */
  get duration(): number {
    return callDuration(this.#snapshot, Date.now());
  }
  get end(): CallEnd | null {
    return this.#snapshot.end;
  }
  isMuted(): boolean {
    return this.#snapshot.muted;
  }
  getLocalStream(): MediaStream | null {
    return this.#localStream ?? this.#tracksOf('local');
  }
  getRemoteStream(): MediaStream | null {
    return this.#remoteStream ?? this.#tracksOf('remote');
  }

  /**
   * A line whose SDK owns the media hands over only its peer connection (the `media` signal): the call's
   * streams are then that connection's tracks, one stream per side and per connection (a re-attach brings another).
   */
  #tracksOf(side: 'local' | 'remote'): MediaStream | null {
    const pc = this.#peerConnection;
    // Only then: a line of the kit's gives its own streams, and a receiver's track may not be the one it plays.
    if (!pc || this.#host.line.capabilities.media !== 'line') return null;
    if (this.#pcStreams?.pc !== pc) this.#pcStreams = { pc };
    const tracks = (side === 'local' ? pc.getSenders() : pc.getReceivers()).flatMap(({ track }) => (track ? [track] : []));
    return (this.#pcStreams[side] ??= new MediaStream(tracks));
  }
  get peerConnection(): RTCPeerConnection | null {
    return this.#peerConnection;
  }
  /** Voximplant's `customData()`: at most 200 bytes of app data; undefined when none was given. Set it with `setCustomData(call, value)` from `@handset/core/parity`. */
  get customData(): string | undefined {
    return this.#snapshot.customData;
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
    const valid = validateHeaders(headers, 'hangup headers');
    if (this.state === 'incoming') {
      this.#finish({ reason: 'rejected', by: 'local', sipCode: 486 });
      this.#leg.run((leg) => leg.reject(486, valid));
      return;
    }
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

  /** The phone's and the media kit's way in (`internals.ts`), kept off the public API. */
  #controller(): CallController {
    return {
      line: this.#host.line,
      leg: this.#leg,
      signal: (signal) => this.#onSignal(signal),
      endBySystem: (reason) => this.#endBySystem(reason),
      note: (fields) => this.#update(fields),
      report: (event, ...args) => {
        if (this.state !== 'ended') this.emit(event, ...args);
      },
    };
  }

  #onSignal(signal: CallSignal): void {
    switch (signal.type) {
      case 'ringing':
        if (!this.#move('ringing', { earlyMedia: signal.earlyMedia })) return;
        this.emit('ringing', signal.earlyMedia);
        return;
      case 'answered':
        this.#move('answered', {
          answeredAt: this.#snapshot.answeredAt ?? Date.now(),
          ...(signal.headers ? { remoteHeaders: freeze([...signal.headers]) } : {}),
        });
        return;
      case 'connected': {
        const first = this.state !== 'active';
        if (
          !this.#move('connected', {
            answeredAt: this.#snapshot.answeredAt ?? Date.now(),
            codec: signal.codec ?? this.#snapshot.codec,
            dtmfPath: signal.dtmfPath ?? this.#snapshot.dtmfPath,
          })
        )
          return;
        if (first) {
          this.#startTimeLimit();
          this.emit('accept');
          this.#host.becameActive(this, 'answered');
        }
        return;
      }
      case 'media':
        if (this.state === 'ended') return;
        if (signal.peerConnection) this.#peerConnection = signal.peerConnection;
        if (signal.localStream) this.#localStream = signal.localStream;
        if (signal.remoteStream) this.#remoteStream = signal.remoteStream;
        this.emit('media');
        return;
      case 'ended': {
        if (this.state === 'ended') return;
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
      case 'remote':
        if (this.state !== 'ended') this.#update({ remote: freeze({ ...signal.remote }) });
        return;
      case 'providerIds': {
        // Lines may repeat ids they already gave (SDKs report them with every update): only news changes the store.
        const known = this.#snapshot.providerIds;
        const news = Object.keys(signal.ids).some((name) => known[name] !== signal.ids[name]);
        if (news && this.state !== 'ended') this.#update({ providerIds: freeze({ ...known, ...signal.ids }) });
        return;
      }
      case 'customData':
        if (this.state !== 'ended') this.#update({ customData: signal.customData });
        return;
      case 'sample':
        if (this.state !== 'ended') this.emit('sample', signal.sample);
        return;
      case 'warning':
        if (this.state === 'ended') return;
        if (signal.raised) this.emit('warning', signal.name, signal.sample);
        else this.emit('warning-cleared', signal.name);
        return;
      case 'levels':
        if (this.state !== 'ended') this.emit('volume', signal.input, signal.output);
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
      case 'dtmf':
        if (this.#can('inCallSignal')) this.emit('dtmf', signal.digit);
        return;
      case 'message':
        if (this.#can('inCallSignal')) this.emit('messageReceived', signal.message);
        return;
      case 'messageSent':
        if (this.state !== 'ended') this.emit('messageSent', signal.message);
        return;
      case 'info':
        if (this.#can('inCallSignal')) this.emit('info', signal.mimeType, signal.body, signal.headers ?? []);
        return;
      case 'error':
        if (this.state === 'ended') return;
        this.#update({ error: signal.error.toJSON() });
        this.emit('error', signal.error);
        return;
    }
  }

  /** The phone ends its calls this way when it disconnects. */
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
    this.#limitTimer = setTimeout(() => {
      if (this.state === 'ended') return;
      this.#finish({ reason: 'time-limit', by: 'system' });
      this.#leg.run((leg) => leg.hangup([]));
    }, this.#timeLimitSecs * 1000);
  }

  /** No answer within timeoutSecs: `timeout` if the far side never responded, `no-answer` if it rang. */
  #giveUp(): void {
    if (this.state !== 'dialing' && this.state !== 'ringing') return;
    const reason: EndReason = this.state === 'dialing' ? 'timeout' : 'no-answer';
    this.#finish({ reason, by: 'system' });
    this.#leg.run((leg) => leg.hangup([]));
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
    this.#peerConnection = null;
    this.#localStream = null;
    this.#remoteStream = null;
    this.#pcStreams = undefined;
    this.#host.released(this);
  }
}

/** Whole seconds from answer to end (or to `now` while the call lasts). */
export function callDuration(snapshot: Pick<CallSnapshot, 'answeredAt' | 'endedAt'>, now: number): number {
  if (snapshot.answeredAt === null) return 0;
  return Math.max(0, Math.floor(((snapshot.endedAt ?? now) - snapshot.answeredAt) / 1000));
}
