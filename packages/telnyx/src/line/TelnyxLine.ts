import {
  type CallDirection,
  type DialRequest,
  HandsetError,
  type Line,
  type LineCall,
  type LineDevices,
  type LineSignal,
  type LineSignalSink,
  lineCapabilities,
  type Party,
  type RecoveryToken,
} from '@handset/core';
import { jwtExpiry, tabKeep, withoutEmpty } from '@handset/core/line-kit';
import { type IClientOptions, type INotification, TelnyxRTC } from '@telnyx/webrtc';
import { type ChosenDevices, honouredOptions, sdkCallOptions } from './callOptions';
import { checkLineOptions, type TelnyxLineOptions } from './options';
import { type KeptCall, keptKey } from './recovery';
import { type LegHost, type SdkCall, TelnyxLeg } from './TelnyxLeg';

/** What the SDK's `telnyx.error` and `telnyx.warning` carry. */
interface SdkProblem {
  readonly error?: { readonly code?: number; readonly message?: string };
  readonly warning?: { readonly code?: number };
  readonly callId?: string;
}

/** What the SDK keeps on a call's options besides what it was given. */
interface SdkCallOptions {
  readonly attach?: boolean;
  readonly remoteCallerNumber?: string;
  readonly remoteCallerName?: string;
  readonly customHeaders?: { name: string; value: string }[];
  readonly clientState?: string;
}

/**
 * The Telnyx line: a `Line` over `TelnyxRTC` from @telnyx/webrtc. The SDK owns the media (its getUserMedia, its
 * peer connection, playback on the element the line gives each call); the line hands that peer connection to the
 * media kit, which samples its quality, and lets the kit play the ringtone and ringback (the SDK gets no sound files).
 */
export class TelnyxLine implements Line {
  readonly kind = 'telnyx';
  readonly capabilities = lineCapabilities({
    options: honouredOptions,
    hold: true,
    dtmf: ['info'],
    recovery: true,
    tokens: true,
    media: 'line',
    sounds: 'kit',
  });
  /** The ringtone is the media kit's to play (sounds: 'kit'), on its own device: only microphone and speaker come here. */
  readonly devices: LineDevices = {
    select: (kind, deviceId) => {
      if (kind === 'ringtone') return;
      const microphone = kind === 'microphone';
      this.#chosen[microphone ? 'micId' : 'speakerId'] = deviceId;
      for (const leg of this.#legs.values()) leg.device(microphone, deviceId ?? 'default');
    },
  };
  readonly #options: TelnyxLineOptions;
  readonly #legs = new Map<string, TelnyxLeg>();
  #sink: LineSignalSink | undefined;
  #client: (TelnyxRTC & { sessionid?: string }) | undefined;
  #token: string | undefined;
  #registered = false;
  /** The SDK warned that the token expires soon (34001) and the app has not heard it yet. */
  #expiring = false;
  /** The devices the user chose (null: the default), as the SDK's call options name them. */
  readonly #chosen: { -readonly [K in keyof ChosenDevices]: ChosenDevices[K] } = {};
  readonly #signal = (signal: LineSignal): void => this.#sink?.(signal);
  readonly #host: LegHost = {
    signal: this.#signal,
    micId: () => this.#chosen.micId,
    release: (leg) => {
      if (this.#legs.get(leg.callId) === leg) this.#legs.delete(leg.callId);
      tabKeep(keptKey(leg.callId), null);
    },
  };

  constructor(options: TelnyxLineOptions) {
    this.#options = checkLineOptions(options);
    this.#token = options.loginToken;
  }

  /** The SDK opens the microphone itself: the environment's is never asked for. */
  start(sink: LineSignalSink): void {
    this.#sink = sink;
  }

  register(): void {
    if (this.#client) return;
    const { loginToken, login, password, host, iceServers, recoverCalls = true } = this.#options;
    // The SDK spreads these over its defaults: an undefined would erase one. A token comes alone (checkLineOptions).
    const client = new TelnyxRTC(
      withoutEmpty({
        login_token: loginToken,
        login,
        password,
        host,
        iceServers,
        enableCallReports: false,
        // false: a reload keeps the calls (the SDK writes a recovery marker and re-attaches them on connect).
        hangupOnBeforeUnload: !recoverCalls,
      }) as IClientOptions,
    );
    this.#client = client;
    const on = (event: string, handler: (data: never) => void) => client.on(`telnyx.${event}`, handler);
    on('ready', () => {
      this.#registered = true;
      this.#signal({ type: 'registration', state: 'registered' });
      this.#warnExpiry();
    });
    on('socket.close', () => {
      if (this.#client === client && this.#registered) this.#signal({ type: 'registration', state: 'reconnecting' });
    });
    on('error', (problem: SdkProblem) => this.#onError(problem));
    // The SDK warns during login, before ready; the core clears the expiry on 'registered', so the line waits for that.
    on('warning', (problem: SdkProblem) => {
      this.#expiring ||= problem?.warning?.code === 34001;
      this.#warnExpiry();
    });
    // The SDK turns an outgoing call's telnyx_rtc.ringing into no callUpdate (it only plays its ringback file), so
    // the line reads it from the SDK's socket message event.
    on('socket.message', (message: { method?: string; params?: { callID?: string } }) => {
      if (message?.method === 'telnyx_rtc.ringing') this.#legs.get(message.params?.callID as string)?.rang(false);
    });
    on('notification', (notification: INotification) => this.#onNotification(notification));
    void client.connect().catch((cause: unknown) => this.#fail(new HandsetError('registration-failed', undefined, { cause })));
  }

  unregister(): void {
    this.#disconnect();
    queueMicrotask(() => this.#signal({ type: 'registration', state: 'unregistered' }));
  }

  dispose(): void {
    for (const leg of this.#legs.values()) leg.hangup([]);
    this.#disconnect();
    this.#sink = undefined;
  }

  /** Telnyx also dials SIP usernames of a credential connection (`alice`). */
  acceptsDestination(destination: string): boolean {
    return /^[\w.-]{1,64}$/.test(destination);
  }

  dial(request: DialRequest): LineCall {
    const leg = this.#leg(request.callId, 'outgoing', { number: request.destination }, false, request.options);
    // The SDK takes the client's iceServers for a call that gives none.
    leg.call = (this.#client as TelnyxRTC).newCall(sdkCallOptions(request, leg.element, this.#chosen));
    return leg;
  }

  /** A token refresh on the live socket (the SDK's `login({ creds })`): no reconnection, calls go on. */
  updateToken(token: string): void {
    this.#token = token;
    void this.#client?.login({
      creds: { login_token: token },
      onError: () => this.#signal({ type: 'error', error: new HandsetError('invalid-token', undefined, { providerCode: 46001 }) }),
    } as never);
  }

  /**
   * The SDK re-attaches live calls by itself on connect, and the line announces each as it comes (see
   * `#onNotification`); `recover(token)` is for a call it has not seen yet: announced now, bound when the SDK
   * re-attaches it, ended `network` if it does not within 20 s.
   */
  recover({ callId, direction, remote }: RecoveryToken): void {
    if (this.#legs.has(callId)) return;
    const leg = this.#leg(callId, direction, remote, true);
    setTimeout(() => leg.call || leg.lost(), 20_000);
  }

  #warnExpiry(): void {
    if (!this.#registered || !this.#expiring) return;
    this.#expiring = false;
    this.#signal({ type: 'tokenWillExpire', expiresAt: jwtExpiry(this.#token) });
  }

  #onNotification({ type, call, ...rest }: INotification): void {
    if (!call) return;
    let leg = this.#legs.get(call.id);
    if (type === 'userMediaError') leg?.mediaFailed((rest as { errorName?: string }).errorName);
    if (type !== 'callUpdate') return;
    const options = call.options as SdkCallOptions;
    const { remoteCallerNumber: number = '', remoteCallerName: name } = options;
    const from: Party = name ? { number, name } : { number };
    if (!leg && (options.attach || call.recoveredCallId)) {
      // A call the SDK re-attached after a reload: its direction and far side as this tab kept them.
      const kept = tabKeep<KeptCall>(keptKey(call.id));
      leg = this.#leg(call.id, kept?.direction ?? (call.direction === 'inbound' ? 'incoming' : 'outgoing'), kept?.remote ?? from, true);
    } else if (!leg && call.direction === 'inbound' && call.state === 'ringing') {
      leg = this.#leg(call.id, 'incoming', from, false);
      leg.call = call;
      this.#signal({
        type: 'incoming',
        callId: call.id,
        call: leg,
        from,
        headers: options.customHeaders?.filter(({ name }) => /^x-/i.test(name)),
        customParameters: withoutEmpty({ clientState: options.clientState }) as Record<string, string>,
      });
    }
    leg?.update(call as SdkCall, this.#client?.sessionid);
  }

  /** A new leg, kept for a reload; a recovered one is announced at once (the phone makes it `connecting`). */
  #leg(callId: string, direction: CallDirection, remote: Party, recovered: boolean, options?: DialRequest['options']): TelnyxLeg {
    const leg = new TelnyxLeg(this.#host, callId, direction, remote, recovered, options);
    this.#legs.set(callId, leg);
    tabKeep<KeptCall>(keptKey(callId), { direction, remote });
    if (recovered) this.#signal({ type: 'incoming', callId, call: leg, from: remote, recovered: direction });
    return leg;
  }

  #onError({ error: { code = 0, message } = {}, callId = '' }: SdkProblem = {}): void {
    const leg = this.#legs.get(callId);
    const error = (type: 'invalid-token' | 'registration-failed' | 'line-error') => new HandsetError(type, message, { providerCode: code });
    if (code === 45003 || (code === 46001 && !this.#registered)) {
      // A refused first login fails the registration; a refused refresh keeps the session (updateToken reports it).
      this.#fail(error(code === 46001 && this.#token ? 'invalid-token' : 'registration-failed'));
    } else if (leg && code > 42000 && code < 42004) {
      // The microphone could not be opened (42001 denied, 42002 no device, 42003 failed): the SDK hangs up next.
      leg.mediaFailed(code, message);
    } else if (leg && code === 48501) {
      leg.lost(message);
    } else if (code !== 44001 && code !== 46001) {
      // 44001 (hold failed) is reported by the hold command's own rejection.
      this.#signal({ type: 'error', callId: leg?.callId, error: error('line-error') } as LineSignal);
    }
  }

  #fail(error: HandsetError): void {
    this.#disconnect();
    this.#signal({ type: 'registration', state: 'failed', error });
  }

  #disconnect(): void {
    void this.#client?.disconnect().catch(() => undefined);
    this.#client = undefined;
    this.#registered = false;
  }
}
