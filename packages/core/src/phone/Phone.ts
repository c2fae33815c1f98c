import { Call } from '../call/Call';
import { validateDtmfTiming } from '../call/dtmf';
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
import { CallList } from './callList';
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
  #calls: CallList;
  #started = false;
  #mediaAttached = false;
  #disposed = false;
  #pendingConnect: { promise: Promise<void>; resolve(): void; reject(error: HandsetError): void } | null = null;

  constructor(options: PhoneOptions) {
    super();
    validatePhoneOptions(options);
    this.#options = options;
    this.line = options.line;
    this.store = readonlyStore(this.#store);
    this.#calls = new CallList(this.#store, options, validateDtmfTiming(options.dtmf));
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
    for (const call of this.#calls.all()) controllerOf(call).endBySystem('hangup');
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
    if (this.#calls.get(id)) throw new HandsetError('duplicate-call-id', `A call with id "${id}" is still live.`);
    const request = { callId: id, destination: target, options: { ...valid.options, id }, headers: valid.headers };
    this.#calls.holdActive(); // before the dial: the microphone is never live on two calls
    // The options' timeoutSecs, timeLimitSecs and customData as they are.
    const call = new Call(
      {
        ...valid.options,
        id,
        direction: 'outgoing',
        remote: { number: target },
        customParameters: valid.options.parameters,
        unsupportedOptions: valid.unsupported,
        handlers: valid.on,
      },
      this.#calls,
    );
    this.#calls.adopt(call, true);
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
    if (this.#calls.get(signal.callId)) return;
    const { recovered } = signal;
    // The signal's caller details (to, headers, provider ids, custom parameters, caller info, custom data) as they are.
    const call = new Call(
      { ...signal, id: signal.callId, leg: signal.call, remote: signal.from, direction: recovered ?? 'incoming', recovered: !!recovered },
      this.#calls,
    );
    this.#calls.adopt(call, false);
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
