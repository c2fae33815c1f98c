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
import { type Call, type IClientOptions, type INotification, TelnyxRTC } from '@telnyx/webrtc';
import { honouredOptions, sdkCallOptions } from './callOptions';
import { checkLineOptions, type TelnyxLineOptions, tokenExpiry } from './options';
import { forgetCall, keepCall, keptCall } from './recovery';
import { type LegHost, TelnyxLeg } from './TelnyxLeg';

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
 * peer connection, playback on the element the line gives each call); the line reports quality from that peer
 * connection and lets the media kit play the ringtone and ringback (the SDK gets no sound files).
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
  readonly devices: LineDevices = { select: (kind, deviceId) => this.#select(kind, deviceId) };
  readonly #options: TelnyxLineOptions;
  readonly #legs = new Map<string, TelnyxLeg>();
  #sink: LineSignalSink | null = null;
  #client: TelnyxRTC | null = null;
  #token: string | undefined;
  #registered = false;
  #expiryWarned = false;
  #micId: string | undefined;
  #speakerId: string | undefined;
  readonly #host: LegHost;

  constructor(options: TelnyxLineOptions) {
    this.#options = checkLineOptions(options);
    this.#token = options.loginToken;
    const line = this;
    this.#host = {
      signal: (signal) => this.#signal(signal),
      get micId() {
        return line.#micId;
      },
      sessionId: () => (this.#client as { sessionid?: string } | null)?.sessionid,
      release: (leg) => {
        if (this.#legs.get(leg.callId) === leg) this.#legs.delete(leg.callId);
        forgetCall(leg.callId);
      },
    };
  }

  /** The SDK opens the microphone itself: the environment's is never asked for. */
  start(sink: LineSignalSink): void {
    this.#sink = sink;
  }

  register(): void {
    if (this.#client) return;
    const { loginToken, login, password, host, iceServers, recoverCalls = true } = this.#options;
    const client = new TelnyxRTC({
      ...(loginToken ? { login_token: loginToken } : { login, password }),
      // The SDK spreads these over its defaults: an undefined would erase one.
      ...(host && { host }),
      ...(iceServers && { iceServers: [...iceServers] }),
      enableCallReports: false,
      // false: a reload keeps the calls (the SDK writes a recovery marker and re-attaches them on connect).
      hangupOnBeforeUnload: !recoverCalls,
    } as IClientOptions);
    this.#client = client;
    const on = (event: string, handler: (data: never) => void) => client.on(event, handler);
    on('telnyx.ready', () => {
      this.#registered = true;
      this.#signal({ type: 'registration', state: 'registered' });
      if (this.#expiryWarned) this.#warnExpiry();
    });
    on('telnyx.socket.close', () => {
      if (this.#client === client && this.#registered) this.#signal({ type: 'registration', state: 'reconnecting' });
    });
    on('telnyx.error', (problem: SdkProblem) => this.#onError(problem));
    // The SDK warns during login, before ready; the core clears the expiry on 'registered', so the line waits for that.
    on('telnyx.warning', (problem: SdkProblem) => {
      this.#expiryWarned ||= problem?.warning?.code === 34001;
      if (this.#registered && this.#expiryWarned) this.#warnExpiry();
    });
    // The SDK turns an outgoing call's telnyx_rtc.ringing into no callUpdate (it only plays its ringback file), so
    // the line reads it from the SDK's socket message event.
    on('telnyx.socket.message', (message: { method?: string; params?: { callID?: string } }) => {
      if (message?.method === 'telnyx_rtc.ringing') this.#legs.get(message.params?.callID ?? '')?.rang(false);
    });
    on('telnyx.notification', (notification: INotification) => this.#onNotification(notification));
    void client.connect().catch((cause: unknown) => this.#fail(new HandsetError('registration-failed', undefined, { cause })));
  }

  unregister(): void {
    this.#disconnect();
    queueMicrotask(() => this.#signal({ type: 'registration', state: 'unregistered' }));
  }

  dispose(): void {
    for (const leg of [...this.#legs.values()]) leg.hangup([]);
    this.#disconnect();
    this.#sink = null;
  }

  /** Telnyx also dials SIP usernames of a credential connection (`alice`). */
  acceptsDestination(destination: string): boolean {
    return /^[\w.-]{1,64}$/.test(destination);
  }

  dial(request: DialRequest): LineCall {
    const { remoteElement } = request.options;
    const element = remoteElement ?? audioElement();
    const leg = this.#leg(request.callId, 'outgoing', { number: request.destination }, element, !remoteElement, false);
    leg.bandwidthKbps = request.options.sdpASBandwidthKbps;
    const defaults = { iceServers: this.#options.iceServers, micId: this.#micId, speakerId: this.#speakerId };
    leg.call = (this.#client as TelnyxRTC).newCall(sdkCallOptions(request, element, defaults));
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
  recover(token: RecoveryToken): void {
    if (this.#legs.has(token.callId)) return;
    const leg = this.#announce(token.callId, token.direction, token.remote);
    setTimeout(() => leg.call || leg.lost(new HandsetError('call-failed', 'Telnyx did not give the call back.')), 20_000);
  }

  #warnExpiry(): void {
    this.#expiryWarned = false;
    this.#signal({ type: 'tokenWillExpire', expiresAt: tokenExpiry(this.#token) });
  }

  #onNotification({ type, call, ...rest }: INotification): void {
    if (!call) return;
    let leg = this.#legs.get(call.id);
    if (type === 'userMediaError') leg?.mediaFailed((rest as { errorName?: string }).errorName, undefined);
    if (type !== 'callUpdate') return;
    const options = call.options as SdkCallOptions;
    const from = party(options);
    if (!leg && (options.attach || call.recoveredCallId)) {
      // A call the SDK re-attached after a reload: its direction and far side as this tab kept them.
      const kept = keptCall(call.id);
      leg = this.#announce(call.id, kept?.direction ?? (call.direction === 'inbound' ? 'incoming' : 'outgoing'), kept?.remote ?? from);
    } else if (!leg && call.direction === 'inbound' && call.state === 'ringing') {
      leg = this.#leg(call.id, 'incoming', from, audioElement(), true, false);
      leg.call = call;
      this.#signal({
        type: 'incoming',
        callId: call.id,
        call: leg,
        from,
        headers: options.customHeaders?.filter(({ name }) => /^x-/i.test(name)),
        customParameters: options.clientState ? { clientState: options.clientState } : undefined,
      });
    }
    leg?.update(call as Call);
  }

  #announce(callId: string, direction: CallDirection, remote: Party): TelnyxLeg {
    const leg = this.#leg(callId, direction, remote, audioElement(), true, true);
    this.#signal({ type: 'incoming', callId, call: leg, from: remote, recovered: direction });
    return leg;
  }

  #leg(callId: string, direction: CallDirection, remote: Party, element: HTMLMediaElement, owns: boolean, recovered: boolean): TelnyxLeg {
    const leg = new TelnyxLeg(this.#host, callId, direction, remote, element, owns, recovered);
    this.#legs.set(callId, leg);
    keepCall(callId, { direction, remote });
    return leg;
  }

  #onError({ error: { code, message } = {}, callId = '' }: SdkProblem = {}): void {
    const leg = this.#legs.get(callId);
    const origin = { providerCode: code };
    if (code === 46001) {
      // A refused refresh keeps the session (updateToken reports it); a refused first login fails the registration.
      if (!this.#registered) this.#fail(new HandsetError(this.#token ? 'invalid-token' : 'registration-failed', message, origin));
    } else if (code === 45003) {
      this.#fail(new HandsetError('registration-failed', message, origin));
    } else if (code && code >= 42001 && code <= 42003 && leg) {
      // The microphone could not be opened (42001 denied, 42002 no device, 42003 failed): the SDK hangs up next.
      leg.mediaFailed(code, message);
    } else if (code === 48501 && leg) {
      leg.lost(new HandsetError('call-failed', message, origin));
    } else if (code !== 44001) {
      // 44001 (hold failed) is reported by the hold command's own rejection.
      this.#signal({ type: 'error', callId: leg?.callId, error: new HandsetError('line-error', message, origin) } as LineSignal);
    }
  }

  #fail(error: HandsetError): void {
    this.#disconnect();
    this.#signal({ type: 'registration', state: 'failed', error });
  }

  #disconnect(): void {
    void this.#client?.disconnect().catch(() => undefined);
    this.#client = null;
    this.#registered = false;
  }

  /** The ringtone is the media kit's to play (sounds: 'kit'), on its own device: only microphone and speaker come here. */
  #select(kind: string, deviceId: string | null): void {
    if (kind === 'microphone') this.#micId = deviceId ?? undefined;
    if (kind === 'speaker') this.#speakerId = deviceId ?? undefined;
    for (const leg of this.#legs.values()) {
      if (kind === 'microphone') leg.setMicrophone(deviceId);
      if (kind === 'speaker') leg.setSpeaker(deviceId ?? 'default');
    }
  }

  #signal(signal: LineSignal): void {
    this.#sink?.(signal);
  }
}

function party({ remoteCallerNumber = '', remoteCallerName }: SdkCallOptions): Party {
  return remoteCallerName ? { number: remoteCallerNumber, name: remoteCallerName } : { number: remoteCallerNumber };
}

/** Where the far side of one call plays: a hidden autoplaying element the SDK feeds (it never makes one itself). */
function audioElement(): HTMLAudioElement {
  const element = document.createElement('audio');
  element.autoplay = true;
  element.hidden = true;
  document.body.append(element);
  return element;
}
