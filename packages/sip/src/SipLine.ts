import type {
  AcceptRequest,
  CallMessage,
  DialRequest,
  DtmfTone,
  Line,
  LineCall,
  LineCapabilities,
  LineEnvironment,
  LineSignal,
  LineSignalSink,
  SipHeader,
} from '@handset/core';
import { HandsetError, lineCapabilities } from '@handset/core';
import { microphoneConstraints } from '@handset/core/line-kit';
import {
  type Core,
  type Invitation,
  Inviter,
  type LogLevel,
  type Referral,
  type Session,
  SessionState,
  SIPExtension,
  type URI,
  UserAgent,
} from 'sip.js';
import { KeepAlive } from './keepAlive';
import { type ResolvedSipOptions, resolveSipOptions, type SipLineOptions } from './options';
import { Registration } from './registration';
import { customDataHeader, customDataOf, sdpModifiers } from './sdpModifiers';
import { CallSession, type CallSessionHost } from './session/CallSession';
import { toHeaderLines } from './session/headers';
import { callerInfoOf, incomingParty, sipHeadersOf } from './session/incoming';
import { type CallMediaPlan, createSessionDescriptionHandlerFactory } from './session/media';
import { playRemote } from './session/playRemote';
import { referProgress } from './session/referNotify';
import { referredInviter } from './session/referredInviter';
import { hasDialog, replacedDialog } from './session/replaces';
import { RotatingTransport, type RotatingTransportOptions } from './sipjs/rotatingTransport';

const supportedOptions = [
  'id',
  'callerName',
  'customHeaders',
  'timeoutSecs',
  'timeLimitSecs',
  'customData',
  'iceServers',
  'forceRelayCandidate',
  'preferredCodecs',
  'sdpASBandwidthKbps',
  'audio',
  'micId',
  'localStream',
  'remoteElement',
];

let incomingCounter = 0;

/**
 * The SIP over WebSocket line: SIP.js's UserAgent, Registerer, Inviter and Invitation behind
 * the core's Line contract. It reports what the network does; the core decides every state.
 */
export class SipLine implements Line {
  readonly kind = 'sip';
  readonly capabilities: LineCapabilities = lineCapabilities({
    options: new Set(supportedOptions),
    hold: true,
    blindTransfer: true,
    attendedTransfer: true,
    dtmf: ['rfc4733', 'info'],
    messages: true,
    info: true,
    earlyMedia: true,
  });
  readonly #options: ResolvedSipOptions;
  #sink: LineSignalSink | null = null;
  #env: LineEnvironment | null = null;
  #ua: UserAgent | null = null;
  #registration: Registration | null = null;
  #keepAlive: KeepAlive | null = null;
  #unwatch: () => void = () => {};
  #calls = new Map<string, CallSession>();
  /** Each leg handed to the core, by its call id (an attended transfer names its target by leg). */
  #legIds = new WeakMap<LineCall, string>();
  #plans = new WeakMap<Session, CallMediaPlan>();

  constructor(options: SipLineOptions) {
    this.#options = resolveSipOptions(options);
  }

  start(sink: LineSignalSink, env: LineEnvironment): void {
    this.#sink = sink;
    this.#env = env;
    const options = this.#options;
    const uri = UserAgent.makeURI(options.uri);
    if (!uri) throw new HandsetError('invalid-option', 'sip({ uri }): not a SIP URI such as sip:alice@example.com.');
    const log = options.log;
    this.#ua = new UserAgent({
      uri,
      // With several servers, each reconnection goes to the next one (Registration calls next()).
      transportConstructor: RotatingTransport,
      transportOptions: { servers: options.servers, connectionTimeout: 5 } satisfies RotatingTransportOptions,
      authorizationUsername: options.authorizationUsername,
      ...(options.password !== undefined ? { authorizationPassword: options.password } : {}),
      ...(options.displayName !== undefined ? { displayName: options.displayName } : {}),
      userAgentString: options.userAgentString,
      logBuiltinEnabled: false,
      logConfiguration: false,
      logLevel: (log ? 'debug' : 'error') as LogLevel,
      logConnector: (level, category, _label, content) => log?.(level, category, redact(content)),
      sipExtensionReplaces: SIPExtension.Supported,
      sessionDescriptionHandlerFactory: createSessionDescriptionHandlerFactory({
        env: () => this.#env,
        plan: (session) => this.#plans.get(session),
        defaultIceServers: options.iceServers,
        iceGatheringTimeoutMs: options.iceGatheringTimeoutMs,
      }),
      delegate: {
        onInvite: (invitation) => this.#incoming(invitation),
        onDisconnect: (error) => {
          if (!error) return;
          this.#registration?.transportLost();
          // A call still ringing can be neither answered nor cancelled on a dead socket: it ends now.
          for (const call of [...this.#calls.values()]) call.transportLost();
        },
      },
    });
    const ua = this.#ua;
    const keepAlive = new KeepAlive(ua, `sip:${options.domain}`, options.keepAliveSecs * 1000, () => {
      // Half-open: the socket looks open but nothing comes back. Drop it and reconnect.
      this.#registration?.transportLost();
      ua.transport.disconnect().catch(() => {});
    });
    this.#keepAlive = keepAlive;
    this.#registration = new Registration(ua, options, (state, error) => {
      if (state === 'registered') keepAlive.start();
      if (state === 'failed' || state === 'unregistered') keepAlive.stop();
      this.#signal(error ? { type: 'registration', state, error } : { type: 'registration', state });
    });
    // Back from sleep or from a network change: check the socket at once instead of at the next
    // tick, and if the line is waiting to reconnect, try now instead of at the end of the backoff.
    const wake = () => {
      if (globalThis.document?.visibilityState === 'hidden') return;
      keepAlive.probe();
      this.#registration?.wake();
    };
    globalThis.addEventListener?.('online', wake);
    globalThis.document?.addEventListener('visibilitychange', wake);
    this.#unwatch = () => {
      globalThis.removeEventListener?.('online', wake);
      globalThis.document?.removeEventListener('visibilitychange', wake);
    };
  }

  register(): void {
    this.#registration?.start();
  }

  unregister(): void {
    this.#keepAlive?.stop();
    this.#registration?.stop();
  }

  dispose(): void {
    this.#unwatch();
    this.#keepAlive?.stop();
    for (const call of this.#calls.values()) call.dispose();
    this.#calls.clear();
    this.#registration?.dispose();
    this.#ua?.stop().catch(() => {});
    this.#sink = null;
  }

  dial({ callId, destination, options, headers }: DialRequest): LineCall {
    const ua = this.#ua;
    const target = ua
      ? UserAgent.makeURI(destination.startsWith('+') ? `sip:${destination}@${this.#options.domain}` : destination)
      : undefined;
    const leg = this.#legFor(callId);
    if (!ua || !target) {
      queueMicrotask(() =>
        this.#signal({ type: 'ended', callId, end: { reason: 'failed', by: 'system', message: 'The destination is not a SIP address.' } }),
      );
      return leg;
    }
    const audio = microphoneConstraints(options.audio, options.micId);
    const modifiers = sdpModifiers(options);
    const inviter = new Inviter(ua, target, {
      extraHeaders: toHeaderLines(options.customData === undefined ? headers : [...headers, customDataHeader(options.customData)]),
      earlyMedia: true,
      ...(modifiers.length > 0 ? { sessionDescriptionHandlerModifiers: modifiers } : {}),
      ...(options.callerName ? { params: { fromDisplayName: options.callerName } } : {}),
      sessionDescriptionHandlerOptions: { constraints: { audio, video: false } } as object,
    });
    this.#plans.set(inviter, {
      iceServers: options.iceServers ?? this.#options.iceServers,
      relayOnly: options.forceRelayCandidate ?? this.#options.forceRelayCandidate,
      ...(options.localStream ? { localStream: options.localStream } : {}),
    });
    const call = this.#adopt(callId, inviter);
    call.awaitAnswer();
    // With a media kit the kit plays the far side (in this element too).
    if (options.remoteElement && !this.#env?.playsRemoteAudio) playInto(options.remoteElement, inviter);
    inviter
      .invite({
        requestDelegate: {
          onAccept: (response) => call.accepted(response),
          onProgress: (response) => call.progress(response),
          onReject: (response) => call.rejected(response),
        },
      })
      .catch((error: unknown) => call.failed(error));
    return leg;
  }

  /** A call's commands: each goes to the session that speaks for the call now (a transfer may have replaced it). */
  #legFor(callId: string): LineCall {
    const session = () => this.#calls.get(callId);
    const leg: LineCall = {
      accept: (request) => this.#accept(callId, request),
      reject: (sipCode, headers) => session()?.reject(sipCode, headers),
      // Twilio's ignore: stop alerting here; the far side rings on until it gives up.
      ignore: () => {},
      hangup: (headers) => session()?.hangup(headers),
      hold: () => session()?.setHold(true),
      unhold: () => session()?.setHold(false),
      setMuted: (muted) => session()?.setMuted(muted),
      sendDtmf: (tone: DtmfTone, durationMs: number) => session()?.sendDtmf(tone, durationMs),
      sendMessage: (message: CallMessage) => session()?.sendMessage(message),
      sendInfo: (mimeType: string, body: string, headers: readonly SipHeader[]) => session()?.sendInfo(mimeType, body, headers),
      transfer: (target) => this.#transfer(callId, target),
      attendedTransfer: (target) => this.#attendedTransfer(callId, target),
    };
    this.#legIds.set(leg, callId);
    return leg;
  }

  #accept(callId: string, request: AcceptRequest): void {
    const call = this.#calls.get(callId);
    if (!call) return;
    this.#plans.set(call.session, {
      iceServers: request.iceServers ?? this.#options.iceServers,
      // As for a call placed: the answer's own choice, else the line's default.
      relayOnly: request.forceRelayCandidate ?? this.#options.forceRelayCandidate,
      ...(request.localStream ? { localStream: request.localStream } : {}),
    });
    if (request.remoteElement && !this.#env?.playsRemoteAudio) playInto(request.remoteElement, call.session);
    call.accept(request.headers, { audio: microphoneConstraints(request.audio, request.micId), video: request.video });
  }

  #transfer(callId: string, target: string): void {
    const uri = this.#targetUri(target);
    const call = this.#calls.get(callId);
    if (!call) return;
    if (!uri) {
      this.#signal({ type: 'error', callId, error: new HandsetError('invalid-destination', 'The transfer target is not a SIP address.') });
      return;
    }
    call.refer(uri);
  }

  /**
   * Attended transfer (REFER with Replaces, RFC 5589 section 7): the far side of `callId` is asked
   * to call the far side of `targetCallId`, replacing our dialog with it. When the NOTIFY reports
   * success `callId` ends (BYE); `targetCallId` ends when its far side hangs up the replaced dialog.
   * Apps reach it with `transferTo(call, other)` from `@handset/core/parity`.
   */
  #attendedTransfer(callId: string, targetLeg: LineCall): void {
    const call = this.#calls.get(callId);
    const targetCallId = this.#legIds.get(targetLeg);
    const target = targetCallId === undefined ? undefined : this.#calls.get(targetCallId);
    if (!call) return;
    if (!target || target.session.state !== SessionState.Established) {
      this.#signal({
        type: 'error',
        callId,
        error: new HandsetError('invalid-destination', 'The transfer target is not an answered call on this line.'),
      });
      return;
    }
    call.refer(target.session);
  }

  /**
   * An INVITE with Replaces for one of our calls (we are the target of an attended transfer): it
   * is answered at once and takes over that call; the replaced dialog is hung up in silence, and a
   * `remote` signal names the new far party.
   */
  #replacing(callId: string, invitation: Invitation): void {
    const old = this.#calls.get(callId);
    this.#plans.set(invitation, this.#plans.get(old?.session as Session) ?? { iceServers: this.#options.iceServers, relayOnly: false });
    // Registered before the CallSession's own listener: the takeover happens before it reports.
    invitation.stateChange.addListener((state) => {
      if (state !== SessionState.Established) return;
      const current = this.#calls.get(callId);
      if (!current || current === next) return;
      this.#calls.set(callId, next);
      current.silence();
      current.hangup([]);
      if (current.remoteHeld) this.#signal({ type: 'remoteHold', callId, held: false });
      this.#signal({ type: 'remote', callId, remote: incomingParty(invitation.assertedIdentity ?? invitation.remoteIdentity) });
    });
    const next = new CallSession(callId, invitation, this.#host(callId));
    invitation.accept({ sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } as object }).catch(() => {});
  }

  /**
   * The far side transfers us (REFER): 202, then call the target, telling the transferor how it
   * goes by NOTIFY. Once the target answers, the new session takes over the same core call (media
   * signals follow), the old one is hung up in silence, and a `remote` signal names the new party. If
   * the target fails, the transferor hears so and this call goes on unchanged.
   */
  #referred(old: CallSession, referral: Referral): void {
    const callId = old.callId;
    referral.accept().catch(() => {});
    const progress = referProgress(old.session);
    // Not referral.makeInviter(): its inviter would send SIP.js's own NOTIFYs besides referProgress's.
    const inviter = referredInviter(old.session.userAgent, referral, {
      earlyMedia: true,
      sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } as object,
    });
    this.#plans.set(inviter, this.#plans.get(old.session) ?? { iceServers: this.#options.iceServers, relayOnly: false });
    let settle: () => void = () => {};
    old.deferEndUntil(
      new Promise<void>((resolve) => {
        settle = resolve;
      }),
    );
    // Registered before the CallSession's own listener: the takeover happens before it reports the answer.
    inviter.stateChange.addListener((state) => {
      if (state === SessionState.Terminated) {
        // A rejection reaches the request delegate (with its code) right after this: let it speak first.
        queueMicrotask(() => progress.final(503, 'Service Unavailable'));
        settle();
      }
      if (state !== SessionState.Established) return;
      // The old dialog is hung up once the transferor has the 2xx NOTIFY (it usually hangs up
      // itself then): a BYE sent at once could reach it first and end its call as hung up by us.
      const told = progress.final(200, 'OK');
      const current = this.#calls.get(callId);
      if (current) {
        this.#calls.set(callId, next);
        current.silence();
        void told.then(() => current.hangup([]));
        if (current.remoteHeld) this.#signal({ type: 'remoteHold', callId, held: false });
        // The Refer-To keeps the name an attended transfer gives its target (its URI is then a device contact).
        this.#signal({ type: 'remote', callId, remote: incomingParty(inviter.assertedIdentity ?? referral.referTo) });
      }
      settle();
    });
    const next = new CallSession(callId, inviter, this.#host(callId));
    const failed = (response: Core.IncomingResponse) =>
      progress.final(response.message.statusCode ?? 500, response.message.reasonPhrase ?? '');
    inviter.invite({ requestDelegate: { onReject: failed, onRedirect: failed } }).catch(() => {});
  }

  #incoming(invitation: Invitation): void {
    const dialog = replacedDialog(invitation.request);
    const replaced = dialog ? [...this.#calls.values()].find((call) => hasDialog(call.session, dialog)) : undefined;
    if (replaced) {
      this.#replacing(replaced.callId, invitation);
      return;
    }
    incomingCounter += 1;
    const callId = `sip-${Date.now().toString(36)}-${incomingCounter}`;
    this.#adopt(callId, invitation);
    const { headers, customData } = customDataOf(sipHeadersOf(invitation.request));
    this.#signal({
      type: 'incoming',
      callId,
      call: this.#legFor(callId),
      from: incomingParty(invitation.remoteIdentity),
      to: incomingParty(invitation.localIdentity).number,
      callerInfo: callerInfoOf(invitation.request),
      ...(headers.length > 0 ? { headers } : {}),
      ...(customData === undefined ? {} : { customData }),
    });
  }

  #adopt(callId: string, session: Session): CallSession {
    const call = new CallSession(callId, session, this.#host(callId));
    this.#calls.set(callId, call);
    return call;
  }

  /** What a session may do for call `callId`: only the session that currently holds the id is heard. */
  #host(callId: string): CallSessionHost {
    const host: CallSessionHost = {
      signal: (signal, from) => {
        if (this.#calls.get(callId) === from) this.#signal(signal);
      },
      dtmfMode: this.#options.dtmfMode,
      mediaRecoveryMs: this.#options.mediaRecoverySecs * 1000,
      playsRemoteAudio: () => this.#env?.playsRemoteAudio ?? true,
      released: (call) => {
        if (this.#calls.get(call.callId) === call) this.#calls.delete(call.callId);
      },
      referred: (call, referral) => this.#referred(call, referral),
    };
    return host;
  }

  #targetUri(destination: string): URI | undefined {
    return UserAgent.makeURI(destination.startsWith('+') ? `sip:${destination}@${this.#options.domain}` : destination);
  }

  #signal(signal: LineSignal): void {
    this.#sink?.(signal);
  }
}

/** Plays the far side's audio in the element the app gave (`remoteElement`). */
function playInto(element: HTMLMediaElement, session: Session): void {
  let played: MediaStream | undefined;
  session.stateChange.addListener(() => {
    const stream = (session.sessionDescriptionHandler as { remoteMediaStream?: MediaStream } | undefined)?.remoteMediaStream;
    if (stream && stream !== played) playRemote(element, (played = stream));
  });
}

/** SIP.js logs whole messages at debug level: digest answers are cut out. */
function redact(content: string): string {
  return content.replace(/^((?:Proxy-)?Authorization:).*$/gim, '$1 [redacted]');
}

/** The SIP line for `createPhone({ line: sip({...}) })`. Options are checked here, at once. */
export function sip(options: SipLineOptions): SipLine {
  return new SipLine(options);
}
