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
  type MediaOwner,
  type RecoveryToken,
} from '@handset/core';
import { type Call, Device } from '@twilio/voice-sdk';
import { checkAccessToken } from './accessToken';
import { twilioError } from './errors';
import { rtcOptions } from './rtc';
import { silentSounds } from './sounds';
import { TwilioCall } from './TwilioCall';

/**
 * Device options, widened with the two the SDK reads but types only privately: `chunderw` (the signalling
 * host; for tests against a local stand-in, never in production) and `publishEvents` (Insights; feedback
 * travels with it, so turning it off also turns feedback off).
 */
export type TwilioDeviceOptions = Device.Options & { chunderw?: string | string[]; publishEvents?: boolean };

export interface TwilioLineOptions {
  /** An access token with a Voice grant, minted by your server. */
  readonly token: string;
  /** Twilio edge location(s), e.g. 'ashburn' or ['ashburn', 'roaming']. */
  readonly edge?: string | readonly string[];
  /** Codec preference for every call, e.g. ['opus', 'pcmu']. */
  readonly codecPreferences?: readonly ('opus' | 'pcmu')[];
  /** Who plays ringtone, ringback and key tones: Twilio's own sounds ('line', default) or handset's ('kit'). */
  readonly sounds?: MediaOwner;
  /**
   * Twilio has no client-side hold. Give your server's hold (e.g. a conference hold by CallSid) and the
   * line offers Hold and calls it; a rejection is reported and the call goes back as it was.
   */
  readonly hold?: (callSid: string, held: boolean) => Promise<void>;
  /** `twilioRecovery` from `@handset/twilio/recovery`: recovery of a ringing incoming call over a reload. */
  readonly recovery?: TwilioRecovery;
  /**
   * How long registering (or getting back after the signalling socket dropped) may take before the registration
   * fails with `registration-failed` and the Device stops retrying; default 20000. Not while a call is live.
   */
  readonly registrationTimeoutMs?: number;
  /** Passed to the Device as they are (after the line's own): for tests, `chunderw` pointing at a stand-in. */
  readonly sdkOptions?: TwilioDeviceOptions;
}

/** What recovery needs from the line (see `@handset/twilio/recovery`). */
export interface RecoveryHost {
  device(): Device;
  adopt(callId: string, sdk: Call): LineCall;
  signal(signal: LineSignal): void;
}

/** Recovery, kept out of the line's base: `twilioRecovery` from `@handset/twilio/recovery`. */
export interface TwilioRecovery {
  tokenOf(callId: string, sdk: Call): RecoveryToken | undefined;
  recover(token: RecoveryToken, host: RecoveryHost): void;
}

/** A Twilio identity to dial (`client:alice`), besides E.164 numbers and SIP URIs. */
const clientAddress = /^client:[\w.@+-]{1,121}$/;

/**
 * handset's line over Twilio's Voice SDK: registration, tokens, calls both ways, DTMF, messages, feedback and
 * quality come from the SDK's `Device` and `Call`, which own the media (microphone, playback, getStats).
 */
export class TwilioLine implements Line {
  readonly kind = 'twilio';
  readonly capabilities: LineCapabilities;
  readonly devices: LineDevices = {
    select: (kind, deviceId) => {
      const audio = this.#device?.audio;
      const id = deviceId ?? 'default';
      return kind === 'microphone' ? audio?.setInputDevice(id) : audio?.[kind === 'speaker' ? 'speakerDevices' : 'ringtoneDevices'].set(id);
    },
  };
  readonly #options: TwilioLineOptions;
  #token: string;
  /** When the current token expires, ms since the epoch (its `exp`). */
  #expiresAt: number;
  #sink: LineSignalSink | null = null;
  /** The handset call id of each SDK call, for the Device's errors that name one. */
  readonly #callIds = new WeakMap<Call, string>();
  #device: Device | null = null;
  /** The app wants the registration (between `register()` and `unregister()`): a Device `unregistered` is then a drop. */
  #wanted = false;
  #bound: ReturnType<typeof setTimeout> | undefined;
  /** The last Twilio error while not registered: the cause of a registration that times out. */
  #lastError: HandsetError | undefined;

  constructor(options: TwilioLineOptions) {
    this.#expiresAt = checkAccessToken(options?.token);
    this.#options = options;
    this.#token = options.token;
    this.capabilities = lineCapabilities({
      options: new Set(['id', 'parameters', 'iceServers', 'forceRelayCandidate', 'audio', 'micId', 'timeoutSecs', 'timeLimitSecs']),
      hold: typeof options.hold === 'function',
      dtmf: ['rfc4733'],
      messages: true,
      feedback: options.sdkOptions?.publishEvents !== false,
      registrationRequired: false,
      tokens: true,
      recovery: !!options.recovery,
      media: 'line',
      sounds: options.sounds ?? 'line',
    });
  }

  /** The SDK's Device once made (by `connect()` or the first call), for what the line does not wrap. */
  get device(): Device | null {
    return this.#device;
  }

  start(sink: LineSignalSink): void {
    this.#sink = sink;
  }

  register(): void {
    let device: Device;
    try {
      device = this.#ensureDevice();
    } catch (error) {
      this.#fail(error as HandsetError);
      return;
    }
    this.#wanted = true;
    this.#arm();
    device.register().catch((error: unknown) => this.#fail(twilioError(error)));
  }

  unregister(): void {
    this.#wanted = false;
    clearTimeout(this.#bound);
    const device = this.#device;
    if (device?.state === 'registered') device.unregister().catch(() => undefined);
    else this.#signal({ type: 'registration', state: 'unregistered' });
  }

  dispose(): void {
    clearTimeout(this.#bound);
    this.#sink = null;
    this.#device?.destroy();
    this.#device = null;
  }

  acceptsDestination(destination: string): boolean {
    return clientAddress.test(destination);
  }

  /** Checked first: a bad or expired token is reported, and the SDK keeps the one it has. Mid-call too. */
  updateToken(token: string): void {
    try {
      this.#expiresAt = checkAccessToken(token);
    } catch (error) {
      this.#signal({ type: 'error', error: error as HandsetError });
      return;
    }
    this.#token = token;
    this.#device?.updateToken(token);
  }

  async dial(request: DialRequest): Promise<LineCall> {
    const device = this.#ensureDevice();
    const { options } = request;
    const sdk = await device
      .connect({ params: { ...options.parameters, To: request.destination }, ...rtcOptions(options) })
      .catch((error: unknown) => Promise.reject(twilioError(error, true)));
    return this.#adopt(request.callId, sdk, false);
  }

  /** With the recovery option: Twilio's `connectToken` answers the incoming call still ringing. */
  recover(token: RecoveryToken): void {
    this.#options.recovery?.recover(token, {
      device: () => this.#ensureDevice(),
      adopt: (callId, sdk) => this.#adopt(callId, sdk, true),
      signal: (signal) => this.#signal(signal),
    });
  }

  /**
   * Registering, or back after a drop, within the bound; else it fails and the Device stops retrying (it would
   * retry for ever). Not while a call is up: the call has its own reconnection.
   */
  #arm(): void {
    clearTimeout(this.#bound);
    const ms = this.#options.registrationTimeoutMs ?? 20_000;
    const cause = () => this.#lastError;
    this.#bound = setTimeout(
      () =>
        this.#device?.isBusy
          ? this.#arm()
          : this.#fail(
              new HandsetError('registration-failed', `No Twilio signalling in ${ms} ms.`, {
                providerCode: cause()?.providerCode,
                cause: cause(),
              }),
            ),
      ms,
    );
  }

  /**
   * Reported first: the Device's `unregistered` while it is destroyed then changes nothing. A Device with a call
   * up is kept, so that the call goes on (its own reconnection decides).
   */
  #fail(error: HandsetError): void {
    clearTimeout(this.#bound);
    this.#wanted = false;
    this.#signal({ type: 'registration', state: 'failed', error });
    if (this.#device?.isBusy) return;
    this.#device?.destroy();
    this.#device = null;
  }

  /** The Device, made on first use; the token is checked first so that an expired one opens no socket. */
  #ensureDevice(): Device {
    checkAccessToken(this.#token);
    if (this.#device) return this.#device;
    const { edge, codecPreferences, sounds, sdkOptions } = this.#options;
    const device = new Device(this.#token, {
      enableImprovedSignalingErrorPrecision: true,
      ...(edge ? { edge: edge as string[] } : {}),
      ...(codecPreferences ? { codecPreferences: codecPreferences as Call.Codec[] } : {}),
      ...(sounds === 'kit' ? { sounds: silentSounds() } : {}),
      ...sdkOptions,
    } as TwilioDeviceOptions);
    device.on('registered', () => {
      clearTimeout(this.#bound);
      this.#lastError = undefined;
      this.#signal({ type: 'registration', state: 'registered' });
    });
    // The Device goes unregistered when its socket drops, and registers again once it is back.
    device.on('unregistered', () => {
      if (this.#wanted) this.#arm();
      this.#signal({ type: 'registration', state: this.#wanted ? 'reconnecting' : 'unregistered' });
    });
    device.on('tokenWillExpire', () => this.#signal({ type: 'tokenWillExpire', expiresAt: this.#expiresAt }));
    device.on('error', (error: unknown, call?: Call) => this.#deviceError(error, call));
    device.on('incoming', (sdk: Call) => this.#incoming(sdk));
    this.#device = device;
    return device;
  }

  #incoming(sdk: Call): void {
    const p = sdk.parameters;
    const callSid = p.CallSid as string;
    const call = this.#adopt(`twilio-${callSid}`, sdk, true);
    this.#signal({
      type: 'incoming',
      callId: call.callId,
      call,
      from: { number: p.From ?? '' },
      ...(p.To ? { to: p.To } : {}),
      customParameters: Object.fromEntries(sdk.customParameters),
      callerInfo: sdk.callerInfo ?? null,
      providerIds: { CallSid: callSid },
    });
  }

  /**
   * The Device names the call only while it is pending (an error for an answered call comes without it), and
   * the call itself does not emit it: so it is reported here, on the named call or on the phone.
   */
  #deviceError(error: unknown, sdk?: Call): void {
    const callId = sdk && this.#callIds.get(sdk);
    const typed = twilioError(error, !!callId);
    const registered = this.#device?.state === 'registered';
    if (!registered) this.#lastError = typed;
    if (callId) this.#signal({ type: 'error', callId, error: typed });
    else if (!registered && /token/.test(typed.code)) this.#fail(typed);
    else this.#signal({ type: 'error', error: typed });
  }

  #adopt(callId: string, sdk: Call, incoming: boolean): TwilioCall {
    this.#callIds.set(sdk, callId);
    return new TwilioCall(callId, sdk, incoming, {
      signal: (signal) => this.#signal(signal),
      hold: this.#options.hold,
      recovery: this.#options.recovery,
      setSpeaker: (deviceId) => void this.devices.select('speaker', deviceId),
    });
  }

  #signal(signal: LineSignal): void {
    this.#sink?.(signal);
  }
}

/** The Twilio line: `createPhone({ line: twilio({ token }) })`. A missing, malformed or expired token throws. */
export function twilio(options: TwilioLineOptions): TwilioLine {
  return new TwilioLine(options);
}
