import { Call, type CallHost } from '../call/Call';
import { type DtmfTiming, validateDtmfTiming } from '../call/dtmf';
import { type CallSignal, controllerOf } from '../call/internals';
import { HandsetError } from '../errors/HandsetError';
import type { Line, LineEnvironment, LineSignal, RegistrationState } from '../line/Line';
import { validateDestination } from '../options/destination';
import type { CallOptions } from '../options/types';
import { validateCallOptions } from '../options/validateCallOptions';
import { createPhoneStore, type PhoneSnapshot, type ReadonlyStore, readonlyStore } from '../store/phoneStore';
import { Emitter } from '../util/Emitter';
import { freeze } from '../util/freeze';
import { newId } from '../util/id';
import { type PhoneEvents, type PhoneOptions, validatePhoneOptions } from './options';
import type { PhoneMedia } from './PhoneMedia';
import { nextRegistrationState, type RegistrationEvent } from './registration';

/**
 * A phone: registration and the calls on one line. Creating one does nothing; `connect()`
 * starts the line and registers. The phone alone writes its store.
 */
export class Phone extends Emitter<PhoneEvents> {
  readonly store: ReadonlyStore<PhoneSnapshot>;
  readonly line: Line;
  #store = createPhoneStore();
  #options: PhoneOptions;
  #dtmfTiming: DtmfTiming;
  #calls = new Map<string, Call>();
  /** Call ids, most recently focused first. */
  #focus: string[] = [];
  #started = false;
  #mediaAttached = false;
  #disposed = false;
  #pendingConnect: { promise: Promise<void>; resolve(): void; reject(error: HandsetError): void } | null = null;
  #host: CallHost;

  constructor(options: PhoneOptions) {
    super();
    validatePhoneOptions(options);
    this.#options = options;
    this.line = options.line;
    this.#dtmfTiming = validateDtmfTiming(options.dtmf);
    this.store = readonlyStore(this.#store);
    this.#host = {
      line: this.line,
      dtmfTiming: this.#dtmfTiming,
      publish: (call) => this.#publish(call),
      takeFocus: (call) => this.#takeFocus(call),
      accepting: (call, accepted) => options.media?.acceptCall?.(call, accepted),
      becameActive: (call, cause) => this.#becameActive(call, cause),
      ending: (call) => options.media?.endCall(call),
      released: (call) => this.#released(call),
    };
  }

  /** The media kit given at creation (`browserMedia()`), if any. */
  get media(): PhoneMedia | undefined {
    this.#attachMedia();
    return this.#options.media;
  }

  get registration(): RegistrationState {
    return this.#store.getState().registration.state;
  }
  /** Live calls, oldest first. */
  get calls(): readonly Call[] {
    return this.#store.getState().callIds.map((id) => this.#calls.get(id) as Call);
  }
  get activeCall(): Call | null {
    const id = this.#store.getState().activeCallId;
    return id === null ? null : (this.#calls.get(id) ?? null);
  }
  getCall(id: string): Call | null {
    return this.#calls.get(id) ?? null;
  }

  /** Starts the line and registers. Idempotent: a second call while registering returns the same promise. */
  connect(): Promise<void> {
    this.#assertLive();
    if (this.registration === 'registered') return Promise.resolve();
    if (this.#pendingConnect) return this.#pendingConnect.promise;
    this.#attachMedia();
    let resolve!: () => void;
    let reject!: (error: HandsetError) => void;
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    this.#pendingConnect = { promise, resolve, reject };
    if (!this.#started) {
      this.#started = true;
      this.line.start((signal) => this.#onSignal(signal), this.#environment());
    }
    this.#register('connect');
    this.line.register();
    return promise;
  }

  /**
   * Gives a token line a fresh access token (Twilio's `device.updateToken()`), mid-call too. Throws
   * `unsupported` on lines without tokens and `invalid-option` for anything but a non-empty token string.
   */
  updateToken(token: string): void {
    this.#assertLive();
    const { line } = this;
    if (!line.capabilities.tokens || !line.updateToken) {
      throw new HandsetError('unsupported', `The ${line.kind} line is not authenticated by tokens.`);
    }
    if (typeof token !== 'string' || !/^\S{1,8192}$/.test(token)) {
      throw new HandsetError(
        'invalid-option',
        'updateToken() needs the new access token: one string without spaces, at most 8192 characters.',
      );
    }
    this.#store.setState((s) => ({ registration: freeze({ ...s.registration, tokenExpiresAt: null }) }));
    if (this.#started) line.updateToken(token);
  }

  /** Hangs up every call and unregisters. */
  disconnect(): Promise<void> {
    if (this.#disposed) return Promise.resolve();
    for (const call of [...this.#calls.values()]) controllerOf(call).endBySystem('hangup');
    if (this.registration !== 'unregistered') {
      this.#register('disconnect');
      this.line.unregister();
    }
    return Promise.resolve();
  }

  /** Places a call. Everything is validated first: a bad destination or option throws and the line hears nothing. */
  call(destination: string, options?: CallOptions): Call {
    this.#assertLive();
    const target = validateDestination(destination, this.line.acceptsDestination?.bind(this.line));
    const merged =
      options === undefined && this.#options.callDefaults === undefined ? undefined : { ...this.#options.callDefaults, ...options };
    const valid = validateCallOptions(merged, this.#honouredOptions());
    // Token lines place calls without a registration (Twilio's device.connect()): the line only has to be started.
    const ready = this.line.capabilities.registrationRequired ? this.registration === 'registered' : this.#started;
    if (!ready) {
      throw new HandsetError('not-connected', `The phone is ${this.registration}; await phone.connect() before placing a call.`);
    }
    if (valid.unsupported.length > 0 && this.#options.strictOptions) {
      throw new HandsetError('option-unsupported', `The ${this.line.kind} line cannot honour: ${valid.unsupported.join(', ')}.`);
    }
    const id = valid.options.id ?? newId();
    if (this.#calls.has(id)) throw new HandsetError('duplicate-call-id', `A call with id "${id}" is still live.`);
    const request = { callId: id, destination: target, options: { ...valid.options, id }, headers: valid.headers };
    this.#holdActiveCalls(); // before the dial: the microphone is never live on two calls
    const call = new Call(
      {
        id,
        direction: 'outgoing',
        remote: { number: target },
        customParameters: valid.options.parameters,
        unsupportedOptions: valid.unsupported,
        timeoutSecs: valid.options.timeoutSecs,
        timeLimitSecs: valid.options.timeLimitSecs,
        handlers: valid.on,
        customData: valid.options.customData,
      },
      this.#host,
    );
    this.#adopt(call);
    this.#takeFocus(call);
    this.#options.media?.addCall(call, valid.options);
    this.emit('call', call);
    if (valid.unsupported.length > 0) {
      controllerOf(call).signal({
        type: 'error',
        callId: id,
        error: new HandsetError('option-unsupported', `The ${this.line.kind} line ignores: ${valid.unsupported.join(', ')}.`),
      });
    }
    if (call.state !== 'ended') controllerOf(call).leg.attach(this.#dial(request));
    return call;
  }

  /** The line's options, and the kit's own where it owns the media. */
  #honouredOptions(): ReadonlySet<string> {
    const { capabilities } = this.line;
    const kit = capabilities.media === 'kit' ? this.#options.media?.honours : undefined;
    return kit?.length ? new Set([...capabilities.options, ...kit]) : capabilities.options;
  }

  /** The line's dial; a line that throws instead of signalling is a failed dial, not a broken phone. */
  #dial(request: Parameters<Line['dial']>[0]): ReturnType<Line['dial']> {
    try {
      return this.line.dial(request);
    } catch (cause) {
      return Promise.reject(cause);
    }
  }

  /** Ends every call, unregisters and releases the line. The phone cannot be used again. */
  dispose(): void {
    if (this.#disposed) return;
    this.#pendingConnect?.reject(new HandsetError('phone-disposed'));
    this.#pendingConnect = null;
    void this.disconnect();
    this.#disposed = true;
    if (this.#started) this.line.dispose();
    this.#options.media?.dispose();
    this.closeEmitter();
  }

  // ---- line signals ----

  #onSignal(signal: LineSignal): void {
    if (this.#disposed) return;
    switch (signal.type) {
      case 'registration':
        this.#register(signal.state, signal.error);
        return;
      case 'incoming':
        this.#incoming(signal);
        return;
      case 'tokenWillExpire': {
        const expiresAt = signal.expiresAt ?? null;
        this.#store.setState((s) => ({ registration: freeze({ ...s.registration, tokenExpiresAt: expiresAt ?? Date.now() }) }));
        this.emit('tokenWillExpire', expiresAt);
        return;
      }
      default: {
        if (signal.type === 'error' && signal.callId === undefined) {
          this.emit('error', signal.error);
          return;
        }
        const call = this.#calls.get((signal as CallSignal).callId as string);
        if (call) controllerOf(call).signal(signal as CallSignal);
      }
    }
  }

  #incoming(signal: Extract<LineSignal, { type: 'incoming' }>): void {
    if (this.#calls.has(signal.callId)) return;
    const { recovered } = signal;
    const call = new Call(
      {
        id: signal.callId,
        leg: signal.call,
        direction: recovered ?? 'incoming',
        recovered: !!recovered,
        remote: signal.from,
        to: signal.to,
        headers: signal.headers,
        providerIds: signal.providerIds,
        customParameters: signal.customParameters,
        callerInfo: signal.callerInfo,
        customData: signal.customData,
      },
      this.#host,
    );
    this.#adopt(call);
    this.#focus.push(call.id);
    this.#publishFocus();
    this.#options.media?.addCall(call, {});
    this.emit('call', call);
    if (!recovered) this.emit('incoming', call);
  }

  #register(event: RegistrationEvent, error?: HandsetError): void {
    const previous = this.registration;
    const next = nextRegistrationState(previous, event);
    if (next === null) return;
    const errorData = next === 'failed' ? (error ?? new HandsetError('registration-failed')).toJSON() : null;
    const tokenExpiresAt = next === 'registered' ? null : this.#store.getState().registration.tokenExpiresAt;
    this.#store.setState({ registration: freeze({ state: next, error: errorData, tokenExpiresAt }) });
    if (next === 'registered' || next === 'failed' || next === 'unregistered') {
      const pending = this.#pendingConnect;
      this.#pendingConnect = null;
      if (next === 'registered') pending?.resolve();
      else if (next === 'failed') pending?.reject(error ?? new HandsetError('registration-failed'));
      else pending?.reject(new HandsetError('not-connected', 'connect() was cancelled by disconnect().'));
    }
    if (next === previous) return;
    this.emit('registration', next, previous);
    if (next === 'registered') this.emit('registered');
    if (next === 'unregistered') this.emit('unregistered');
    if (next === 'failed' && error) this.emit('error', error);
  }

  // ---- calls ----

  #adopt(call: Call): void {
    this.#calls.set(call.id, call);
    const state = this.#store.getState();
    this.#store.setState({
      calls: freeze({ ...state.calls, [call.id]: call.snapshot }),
      callIds: freeze([...state.callIds, call.id]),
    });
  }

  #publish(call: Call): void {
    const state = this.#store.getState();
    // Not yet adopted: #adopt publishes the first snapshot. Ended and released: only while the store keeps it (feedback).
    if (!state.calls[call.id]) return;
    this.#store.setState({ calls: freeze({ ...state.calls, [call.id]: call.snapshot }), activeCallId: this.#activeId() });
  }

  /** The microphone is live on one call only: every other active call is held first. */
  #takeFocus(call: Call): void {
    this.#holdActiveCalls(call);
    this.#focus = [call.id, ...this.#focus.filter((id) => id !== call.id)];
    this.#publishFocus();
  }

  #holdActiveCalls(except?: Call): void {
    for (const other of this.#calls.values()) {
      if (other !== except && other.state === 'active') other.hold();
    }
  }

  /**
   * A call the app did not just choose became active (two calls dialled at once both
   * answered, or a hold was refused): the focused call keeps the microphone. The other is
   * held; if holding it just failed, it is muted instead, so nothing loops.
   */
  #becameActive(call: Call, cause: 'answered' | 'rolled-back'): void {
    const rank = (c: Call) => this.#focus.indexOf(c.id);
    for (const other of [...this.#calls.values()]) {
      if (other === call || other.state !== 'active') continue;
      const loser = rank(call) < rank(other) ? other : call;
      if (loser === call && cause === 'rolled-back') call.mute(true);
      else loser.hold();
      if (loser === call) return;
    }
  }

  #released(call: Call): void {
    this.#calls.delete(call.id);
    this.#focus = this.#focus.filter((id) => id !== call.id);
    const state = this.#store.getState();
    const keep = this.#options.keepEndedCalls ?? 10;
    const endedCallIds = [...state.endedCallIds, call.id];
    const dropped = endedCallIds.splice(0, Math.max(0, endedCallIds.length - keep));
    const calls = { ...state.calls, [call.id]: call.snapshot };
    for (const id of dropped) delete calls[id];
    this.#store.setState({
      calls: freeze(calls),
      callIds: freeze(state.callIds.filter((id) => id !== call.id)),
      endedCallIds: freeze(endedCallIds),
      activeCallId: this.#activeId(),
    });
  }

  #activeId(): string | null {
    return this.#focus.find((id) => this.#calls.get(id)?.state !== 'incoming') ?? null;
  }

  #publishFocus(): void {
    const activeCallId = this.#activeId();
    if (this.#store.getState().activeCallId !== activeCallId) this.#store.setState({ activeCallId });
  }

  #environment(): LineEnvironment {
    const { media, mediaDevices } = this.#options;
    return {
      playsRemoteAudio: media !== undefined,
      getLocalStream: (constraints) =>
        media ? media.getLocalStream(constraints) : (mediaDevices ?? globalThis.navigator.mediaDevices).getUserMedia(constraints),
    };
  }

  /**
   * Hands the media kit this phone's store, on first use (connect, or reading `phone.media`), not at
   * construction: a phone React StrictMode builds and throws away must not take the kit over.
   */
  #attachMedia(): void {
    if (this.#mediaAttached || !this.#options.media) return;
    this.#mediaAttached = true;
    this.#options.media.attach({ line: this.line, update: (change) => this.#store.setState(change) });
  }

  #assertLive(): void {
    if (this.#disposed) throw new HandsetError('phone-disposed');
  }
}

/** Creates a phone. Nothing happens until `connect()`. */
export function createPhone(options: PhoneOptions): Phone {
  return new Phone(options);
}
