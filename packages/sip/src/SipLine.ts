import type { AcceptRequest, DialRequest, Line, LineCall, LineEnvironment, LineSignal, LineSignalSink, Party } from '@handset/core';
import { HandsetError } from '@handset/core';
import { microphoneConstraints } from '@handset/core/line-kit';
import { type Invitation, type Session, SessionState, type UserAgent } from 'sip.js';
import { sipCapabilities } from './capabilities';
import { type Connection, keepRegistered } from './connection';
import { dialInviter, targetUri } from './dial';
import { type ResolvedSipOptions, resolveSipOptions, type SipLineOptions } from './options';
import { CallSession, type CallSessionHost } from './session/CallSession';
import { followReferral } from './session/followReferral';
import { incomingParty, incomingSignal } from './session/incoming';
import { type CallMediaPlan, mediaPlan } from './session/media';
import { playSessionInto } from './session/playRemote';
import { hasDialog, replacedDialog } from './session/replaces';
import { WarmStart } from './session/warmStart';
import { createUserAgent } from './userAgent';

let incomingCounter = 0;

/**
 * The SIP over WebSocket line: SIP.js's UserAgent, Registerer, Inviter and Invitation behind
 * the core's Line contract. It reports what the network does; the core decides every state.
 * This is the glue: the user agent (`userAgent.ts`), the registration kept alive (`connection.ts`),
 * the INVITE a dial sends (`dial.ts`), and one `CallSession` per SIP.js session, by call id.
 */
export class SipLine implements Line {
  readonly kind = 'sip';
  readonly capabilities = sipCapabilities();
  readonly #options: ResolvedSipOptions;
  #sink: LineSignalSink | null = null;
  #env: LineEnvironment | null = null;
  #ua: UserAgent | null = null;
  #connection: Connection | null = null;
  /** The session that speaks for each call now (a transfer may have replaced the first). */
  #calls = new Map<string, CallSession>();
  /** Each leg handed to the core, by its call id (an attended transfer names its target by leg). */
  #legIds = new WeakMap<LineCall, string>();
  #plans = new WeakMap<Session, CallMediaPlan>();
  #warm: WarmStart | null = null;

  constructor(options: SipLineOptions) {
    this.#options = resolveSipOptions(options);
  }

  start(sink: LineSignalSink, env: LineEnvironment): void {
    this.#sink = sink;
    this.#env = env;
    const ua = createUserAgent(this.#options, {
      env: () => this.#env,
      plan: (session) => this.#plans.get(session),
      delegate: {
        onInvite: (invitation) => this.#incoming(invitation),
        onDisconnect: (error) => {
          if (!error) return;
          this.#connection?.transportLost();
          // A call still ringing can be neither answered nor cancelled on a dead socket: it ends now.
          for (const call of [...this.#calls.values()]) call.transportLost();
        },
      },
    });
    this.#ua = ua;
    this.#warm = new WarmStart({
      ua: () => this.#ua,
      env: () => this.#env,
      defaults: mediaPlan({}, this.#options),
      iceGatheringTimeoutMs: this.#options.iceGatheringTimeoutMs,
      boundMs: this.#options.warmUpSecs * 1000,
    });
    this.#connection = keepRegistered(ua, this.#options, (state, error) =>
      this.#signal(error ? { type: 'registration', state, error } : { type: 'registration', state }),
    );
  }

  register(): void {
    this.#connection?.register();
  }

  unregister(): void {
    this.#connection?.unregister();
  }

  /**
   * The user is about to call: the microphone opens and the next call's peer connection gathers ICE now, so that
   * the next `dial()` (or `accept()`) with the default microphone and ICE setup starts at once (`session/warmStart.ts`).
   */
  warmUp(): () => void {
    return this.#warm?.warmUp() ?? (() => {});
  }

  dispose(): void {
    this.#warm?.dispose();
    for (const call of this.#calls.values()) call.dispose();
    this.#calls.clear();
    this.#connection?.dispose();
    this.#ua?.stop().catch(() => {});
    this.#sink = null;
  }

  dial(request: DialRequest): LineCall {
    const { callId, options } = request;
    const ua = this.#ua;
    const target = ua ? targetUri(request.destination, this.#options.domain) : undefined;
    const leg = this.#legFor(callId);
    if (!ua || !target) {
      queueMicrotask(() =>
        this.#signal({ type: 'ended', callId, end: { reason: 'failed', by: 'system', message: 'The destination is not a SIP address.' } }),
      );
      return leg;
    }
    const inviter = dialInviter(ua, target, request);
    this.#plans.set(
      inviter,
      this.#takeWarm(inviter, mediaPlan(options, this.#options), microphoneConstraints(options.audio, options.micId)),
    );
    const call = this.#adopt(callId, inviter);
    // With a media kit the kit plays the far side (in this element too).
    if (options.remoteElement && !this.#env?.playsRemoteAudio) playSessionInto(options.remoteElement, inviter);
    call.dial();
    return leg;
  }

  /** A warm start's microphone and peer connection, for a call that asks for what they were made with. */
  #takeWarm(session: Session, plan: CallMediaPlan, microphone: boolean | MediaTrackConstraints): CallMediaPlan {
    return this.#warm ? this.#warm.take(session, plan, microphone) : plan;
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
      sendDtmf: (tone, durationMs) => session()?.sendDtmf(tone, durationMs),
      sendMessage: (message) => session()?.inDialog.sendMessage(message),
      sendInfo: (mimeType, body, headers) => session()?.inDialog.sendInfo(mimeType, body, headers),
      transfer: (target) => this.#transfer(callId, target),
      attendedTransfer: (target) => this.#attendedTransfer(callId, target),
    };
    this.#legIds.set(leg, callId);
    return leg;
  }

  #accept(callId: string, request: AcceptRequest): void {
    const call = this.#calls.get(callId);
    if (!call) return;
    // As for a call placed: the answer's own choice, else the line's default.
    const audio = microphoneConstraints(request.audio, request.micId);
    // A warm start holds a microphone only: an answer with video does not fit it.
    this.#plans.set(call.session, this.#takeWarm(call.session, mediaPlan(request, this.#options), request.video ? false : audio));
    if (request.remoteElement && !this.#env?.playsRemoteAudio) playSessionInto(request.remoteElement, call.session);
    call.accept(request.headers, { audio, video: request.video });
  }

  #transfer(callId: string, target: string): void {
    const uri = targetUri(target, this.#options.domain);
    const call = this.#calls.get(callId);
    if (!call) return;
    if (uri) call.refer(uri);
    else this.#error(callId, 'The transfer target is not a SIP address.');
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
    if (target?.session.state === SessionState.Established) call.refer(target.session);
    else this.#error(callId, 'The transfer target is not an answered call on this line.');
  }

  #error(callId: string, message: string): void {
    this.#signal({ type: 'error', callId, error: new HandsetError('invalid-destination', message) });
  }

  /**
   * A transfer's new session (`next`) takes over `old`'s call once answered: the session it replaces is
   * silenced and hung up (`hangUpReplaced`), and a `remote` signal names the new party. Registered before
   * the new CallSession's own listener: the takeover happens before that session reports the answer.
   */
  #takeOver(old: CallSession, next: Session, remote: () => Party, hangUpReplaced: (replaced: CallSession) => void): void {
    const callId = old.callId;
    this.#plans.set(next, this.#plans.get(old.session) ?? mediaPlan({ forceRelayCandidate: false }, this.#options));
    next.stateChange.addListener((state) => {
      const current = this.#calls.get(callId);
      if (state !== SessionState.Established || !current || current === call) return;
      this.#calls.set(callId, call);
      current.silence();
      hangUpReplaced(current);
      if (current.remoteHeld) this.#signal({ type: 'remoteHold', callId, held: false });
      this.#signal({ type: 'remote', callId, remote: remote() });
    });
    const call = new CallSession(callId, next, this.#host(callId), old);
  }

  /**
   * A new INVITE is an incoming call, unless its Replaces names one of our calls (we are the target of an
   * attended transfer): then it is answered at once and takes over that call, with no `incoming`.
   */
  #incoming(invitation: Invitation): void {
    const dialog = replacedDialog(invitation.request);
    const replaced = dialog ? [...this.#calls.values()].find((call) => hasDialog(call.session, dialog)) : undefined;
    if (replaced) {
      const remote = () => incomingParty(invitation.assertedIdentity ?? invitation.remoteIdentity);
      this.#takeOver(replaced, invitation, remote, (current) => current.hangup([]));
      invitation.accept({ sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } as object }).catch(() => {});
      return;
    }
    incomingCounter += 1;
    const callId = `sip-${Date.now().toString(36)}-${incomingCounter}`;
    this.#adopt(callId, invitation);
    this.#signal(incomingSignal(callId, this.#legFor(callId), invitation));
  }

  #adopt(callId: string, session: Session): CallSession {
    const call = new CallSession(callId, session, this.#host(callId));
    this.#calls.set(callId, call);
    return call;
  }

  /** What a session may do for call `callId`: only the session that currently holds the id is heard. */
  #host(callId: string): CallSessionHost {
    return {
      signal: (signal, from) => {
        if (this.#calls.get(callId) === from) this.#signal(signal);
      },
      dtmfMode: this.#options.dtmfMode,
      mediaRecoveryMs: this.#options.mediaRecoverySecs * 1000,
      playsRemoteAudio: () => this.#env?.playsRemoteAudio ?? true,
      released: (call) => {
        if (this.#calls.get(call.callId) === call) this.#calls.delete(call.callId);
      },
      referred: (call, referral) => followReferral(call, referral, (next, remote, hangUp) => this.#takeOver(call, next, remote, hangUp)),
    };
  }

  #signal(signal: LineSignal): void {
    this.#sink?.(signal);
  }
}

/** The SIP line for `createPhone({ line: sip({...}) })`. Options are checked here, at once. */
export function sip(options: SipLineOptions): SipLine {
  return new SipLine(options);
}
