import {
  type DialRequest,
  HandsetError,
  type Line,
  type LineCall,
  type LineCapabilities,
  type LineDevices,
  type LineSignal,
  type LineSignalSink,
  lineCapabilities,
  type RegistrationState,
} from '@handset/core';
import { customHeaders } from '@handset/core/line-kit';
import * as VoxImplant from 'voximplant-websdk';
import type { Call } from 'voximplant-websdk/Call/Call';
import type { Client } from 'voximplant-websdk/Client';
import type { Config } from 'voximplant-websdk/Structures';
import { loginError } from './errors';
import { CALL_DATA_HEADER, headerRecord } from './headers';
import { VoximplantCall } from './VoximplantCall';

/** How the line logs in: one of a password, an access token, or your server's one-time-key hash. */
export type VoximplantAuth =
  | { readonly password: string }
  | {
      readonly token: string /** When the token expires (ms since the epoch): `tokenWillExpire` fires a minute before. */;
      readonly tokenExpiresAt?: number;
    }
  | {
      /** Your server's `MD5(key + "|" + MD5(user + ":voximplant.com:" + password))` for the key the cloud sent. */ readonly oneTimeKey: (
        key: string,
      ) => Promise<string>;
    };

export type VoximplantLineOptions = VoximplantAuth & {
  /** Fully qualified: `user@app.account.voximplant.com`. */
  readonly username: string;
  /**
   * `init()` options for the SDK, applied when the line initialises it (the SDK is a page-wide singleton:
   * an SDK the app initialised already is used as it is). `serverIp` skips the balancer: for tests against
   * the stand-in, never in production.
   */
  readonly init?: Config;
  /** The SDK client; default `VoxImplant.getInstance()`. */
  readonly client?: Client;
};

/**
 * The SDK is a page-wide singleton: the line that logged in last owns its socket. A new phone (an app that
 * switches accounts) takes it over; the old line, disposed a moment later, then leaves it alone.
 */
const owners = new WeakMap<Client, VoximplantLine>();

/** A Voximplant user or application name to dial besides E.164 numbers and SIP URIs (VoxEngine routes it). */
const voximplantName = /^[\w.@+-]{1,128}$/;

function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0) throw invalid(`${name}: a non-empty string`);
  return value;
}

function invalid(message: string): HandsetError {
  return new HandsetError('invalid-option', `voximplant(): ${message}`);
}

/**
 * handset's line over Voximplant's Web SDK (voximplant-websdk 4.3): login with a password, a token or a one-time
 * key; calls both ways with X-headers and customData; DTMF, INFO, messages, hold, attended transfer, early media
 * and the far side's hold. The SDK owns the media (microphone, peer connection, playback).
 */
export class VoximplantLine implements Line {
  readonly kind = 'voximplant';
  readonly capabilities: LineCapabilities;
  readonly devices: LineDevices = {
    // The ringtone is the kit's own sound; the SDK plays the call.
    select: async (kind, deviceId) => {
      if (kind !== 'ringtone') await this.client[kind === 'speaker' ? 'useAudioOutput' : 'useAudioSource'](deviceId ?? 'default');
    },
  };
  readonly client: Client;
  readonly #options: VoximplantLineOptions;
  #token: string | undefined;
  #sink: LineSignalSink | null = null;
  #listening = false;
  readonly #calls = new Set<VoximplantCall>();
  /** The app wants to be logged in (between `register()` and `unregister()`): a closed socket is then a drop. */
  #wanted = false;
  #expiryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: VoximplantLineOptions) {
    requireString(options?.username, 'username');
    const methods = ['password', 'token', 'oneTimeKey'].filter((key) => key in options);
    if (methods.length !== 1) throw invalid('one of password, token, oneTimeKey');
    if ('password' in options) requireString(options.password, 'password');
    if ('token' in options) this.#token = requireString(options.token, 'token');
    if ('oneTimeKey' in options && typeof options.oneTimeKey !== 'function') {
      throw invalid('oneTimeKey: a function');
    }
    this.#options = options;
    this.client = options.client ?? VoxImplant.getInstance();
    this.capabilities = lineCapabilities({
      options: new Set(['id', 'customData']),
      hold: true,
      // The Web SDK transfers one of its calls to another (`transferCall`); it has no blind transfer to a number.
      attendedTransfer: true,
      earlyMedia: true,
      dtmf: ['rfc4733'],
      messages: true,
      info: true,
      registrationRequired: true,
      tokens: 'token' in options,
      media: 'line',
      // The SDK's progress tones are turned off (init's progressTone: false): handset's kit plays the sounds.
      sounds: 'kit',
    });
  }

  start(sink: LineSignalSink): void {
    this.#sink = sink;
  }

  register(): void {
    this.#wanted = true;
    this.#registration('registering');
    this.#login().then(
      () => this.#registration('registered'),
      (error: unknown) => {
        this.#wanted = false;
        this.#registration('failed', asHandsetError(error));
      },
    );
  }

  unregister(): void {
    this.#wanted = false;
    if (!this.#disconnect()) this.#registration('unregistered');
  }

  dispose(): void {
    this.#wanted = false;
    clearTimeout(this.#expiryTimer);
    for (const call of this.#calls) call.hangup([]);
    this.#calls.clear();
    this.client.off(VoxImplant.Events.IncomingCall, this.#incoming as never);
    this.client.off(VoxImplant.Events.ConnectionClosed, this.#closed);
    this.#listening = false;
    this.#sink = null;
    this.#disconnect();
  }

  /** Closes the SDK's socket if this line owns it and it is open; false when there was none. */
  #disconnect(): boolean {
    return owners.get(this.client) === this && closeSocket(this.client);
  }

  acceptsDestination(destination: string): boolean {
    return voximplantName.test(destination);
  }

  /**
   * A fresh access token (`phone.updateToken()` has checked it): used for every later login (after a socket
   * drop, say); the live session keeps going.
   */
  updateToken(token: string): void {
    this.#token = token;
  }

  dial(request: DialRequest): LineCall {
    const sdk = this.client.call({
      number: request.destination,
      video: false,
      // The SDK skips an undefined customData (its options are merged over defaults).
      customData: request.options.customData,
      extraHeaders: headerRecord(request.headers),
    });
    return this.#adopt(request.callId, sdk, false);
  }

  /** init (once per page), connect, log in; resolves when logged in. */
  async #login(): Promise<void> {
    const client = this.client;
    if (!client.alreadyInitialized)
      await client.init({ micRequired: true, progressTone: false, showWarnings: false, ...this.#options.init });
    // Another line's socket (maybe logged in as someone else) is closed first: this line logs in on its own.
    if (owners.get(client) !== this) {
      owners.set(client, this);
      closeSocket(client);
    }
    this.#listen();
    const state = client.getClientState();
    if (state === VoxImplant.ClientState.LOGGED_IN) return;
    if (state === VoxImplant.ClientState.DISCONNECTED) await client.connect();
    const { username } = this.#options;
    try {
      if ('password' in this.#options) await client.login(username, this.#options.password);
      else if ('token' in this.#options) {
        await client.loginWithToken(username, this.#token ?? '');
        this.#armExpiry();
      } else {
        const key = ((await client.requestOneTimeLoginKey(username)) as { key?: string }).key ?? '';
        await client.loginWithOneTimeKey(username, await this.#options.oneTimeKey(key));
      }
    } catch (event) {
      if (event instanceof HandsetError) throw event;
      throw loginError((event as { code?: unknown })?.code);
    }
  }

  #armExpiry(): void {
    clearTimeout(this.#expiryTimer);
    const expiresAt = 'tokenExpiresAt' in this.#options ? this.#options.tokenExpiresAt : undefined;
    if (expiresAt === undefined) return;
    this.#expiryTimer = setTimeout(
      () => this.#signal({ type: 'tokenWillExpire', expiresAt }),
      Math.max(0, expiresAt - Date.now() - 60_000),
    );
  }

  #listen(): void {
    if (this.#listening) return;
    this.#listening = true;
    this.client.on(VoxImplant.Events.IncomingCall, this.#incoming as never);
    this.client.on(VoxImplant.Events.ConnectionClosed, this.#closed);
  }

  /** The socket closed: by `unregister()`, or a drop, after which the line logs in again once. */
  readonly #closed = (): void => {
    if (owners.get(this.client) !== this) return;
    if (!this.#wanted) {
      this.#registration('unregistered');
      return;
    }
    this.#registration('reconnecting');
    this.register();
  };

  readonly #incoming = ({ call: sdk, headers = {} }: { call: Call; headers?: Record<string, string> }): void => {
    if (owners.get(this.client) !== this) return;
    const call = this.#adopt(`voximplant-${sdk.id()}`, sdk, true);
    const name = sdk.displayName();
    this.#signal({
      type: 'incoming',
      callId: call.callId,
      call,
      from: { number: sdk.number(), ...(name && name !== sdk.number() ? { name } : {}) },
      headers: customHeaders(headers),
      customData: headers[CALL_DATA_HEADER],
      providerIds: { callId: sdk.id() },
    });
  };

  #adopt(callId: string, sdk: Call, incoming: boolean): VoximplantCall {
    const call = new VoximplantCall(
      callId,
      sdk,
      incoming,
      (signal) => {
        if (signal.type === 'ended') this.#calls.delete(call);
        this.#signal(signal);
      },
      this.client,
    );
    this.#calls.add(call);
    return call;
  }

  #registration(state: RegistrationState, error?: HandsetError): void {
    this.#signal({ type: 'registration', state, error });
  }

  #signal(signal: LineSignal): void {
    this.#sink?.(signal);
  }
}

/** Closes the SDK's socket if it is open; the SDK refuses while it is still connecting (nothing to close yet). */
function closeSocket(client: Client): boolean {
  if (client.getClientState() === VoxImplant.ClientState.DISCONNECTED) return false;
  try {
    client.disconnect();
    return true;
  } catch {
    return false;
  }
}

function asHandsetError(error: unknown): HandsetError {
  if (error instanceof HandsetError) return error;
  return new HandsetError('registration-failed', 'Voximplant not reached', { cause: error });
}

/** The Voximplant line: `createPhone({ line: voximplant({ username, password }) })`. Bad options throw `invalid-option`. */
export function voximplant(options: VoximplantLineOptions): VoximplantLine {
  return new VoximplantLine(options);
}
