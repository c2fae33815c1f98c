import { type CallMessage, type DtmfTone, HandsetError, type LineSignal, type SipHeader } from '@handset/core';
import { dtmfRelayBody, firstAudioCodec, isHoldOffer } from '@handset/core/line-kit';
import { type Core, Invitation, Inviter, type Referral, type Session, SessionState, type URI, type Web } from 'sip.js';
import { endFromSipCode } from '../mapEnd';
import type { DtmfMode } from '../options';
import { blindTransfer } from './blindTransfer';
import { hangUp } from './hangUp';
import { headersOf, toHeaderLines } from './headers';
import { sipHeadersOf } from './incoming';
import { InDialog } from './inDialog';
import { MediaRecovery } from './mediaRecovery';
import { PeerMedia } from './peerMedia';
import { ReInviteQueue } from './reInviteQueue';
import { noCommonAudioCodec } from './sdp';

type IncomingResponse = Core.IncomingResponse;
type SessionDescriptionHandler = Web.SessionDescriptionHandler;

type EndSignal = Extract<LineSignal, { type: 'ended' }>['end'];

export interface CallSessionHost {
  /** `from` lets the line hear only the session that currently speaks for the call. */
  readonly signal: (signal: LineSignal, from: CallSession) => void;
  readonly dtmfMode: DtmfMode;
  /** How long media may stay down (ICE restarts included) before the call ends with `network`. */
  readonly mediaRecoveryMs?: number;
  /** True when the phone plays the far side's audio (it has a media kit): the line then does not. */
  readonly playsRemoteAudio: () => boolean;
  /** The session has ended: forget it. */
  readonly released: (call: CallSession) => void;
  /** A REFER from the far side of `call` (we are being transferred). */
  readonly referred?: (call: CallSession, referral: Referral) => void;
}

/**
 * The session that currently speaks for each call id. A session made for a call that already has
 * one (a transfer's new INVITE) starts from its hold and mute: the core still says `held`.
 */
const sessionOfCall = new Map<string, CallSession>();

function noCodecEnd(offered: readonly string[]): EndSignal {
  const list = offered.length > 0 ? offered.join(', ') : 'none';
  return { reason: 'failed', by: 'system', message: `The far side offers no audio codec this browser can use (${list}).` };
}

/**
 * One SIP.js session seen as one core call: it turns the session's events into line signals and carries
 * out the core's commands. It decides no call state: it reports. The jobs are its parts': re-INVITEs
 * (`ReInviteQueue`), media and its recovery (`MediaRecovery`), INFO and MESSAGE (`InDialog`).
 */
export class CallSession {
  readonly callId: string;
  readonly session: Session;
  readonly #host: CallSessionHost;
  readonly #reInvites: ReInviteQueue;
  readonly #recovery: MediaRecovery;
  readonly #inDialog: InDialog;
  readonly #peer: PeerMedia;
  #end: EndSignal | undefined;
  /** The 2xx's `X-` headers; null while a dial waits for its 2xx (SIP.js reports it just after Established). */
  #answerHeaders: readonly SipHeader[] | null = [];
  #establishedEarly = false;
  #ended = false;
  #answered = false;
  #muted = false;
  #remoteHeld = false;
  #silenced = false;
  #handover: Promise<unknown> | undefined;
  /** The session this one takes over from (a transfer), while it may still be the one the core talks to. */
  #previous: CallSession | undefined;

  constructor(callId: string, session: Session, host: CallSessionHost) {
    this.callId = callId;
    this.session = session;
    this.#host = host;
    this.#peer = new PeerMedia({
      callId,
      dtmfMode: host.dtmfMode,
      playsRemoteAudio: host.playsRemoteAudio,
      audible: () => !this.#silenced && !this.#ended,
      signal: (signal) => this.#signal(signal),
      stateChanged: () => this.#recovery.check(),
      microphoneAdded: () => this.#applyTracks(),
    });
    const peerConnection = () => this.#peer.peerConnection;
    this.#reInvites = new ReInviteQueue({
      session,
      isOutgoing: this.isOutgoing,
      peerConnection,
      holdChanged: () => this.#applyTracks(),
      holdRefused: (held, why) =>
        this.#signal({
          type: held ? 'holdFailed' : 'unholdFailed',
          callId,
          error: new HandsetError('call-failed', `The far side did not accept the ${held ? 'hold' : 'resume'}: ${why}.`),
        }),
    });
    this.#recovery = new MediaRecovery({
      callId,
      isOutgoing: this.isOutgoing,
      recoveryMs: host.mediaRecoveryMs ?? 15_000,
      peerConnection,
      live: () => this.#answered && !this.#ended,
      established: () => session.state === SessionState.Established,
      signal: (signal) => this.#signal(signal),
      connected: () => {
        const codec = firstAudioCodec(this.#peer.answerSdp());
        this.#signal({ type: 'connected', callId, ...(codec ? { codec } : {}), dtmfPath: this.#peer.dtmfPath() });
      },
      end: (end) => {
        this.#end ??= end;
        this.hangup([]);
      },
      restartIce: (request) => this.#reInvites.restartIce(request),
    });
    this.#inDialog = new InDialog(session, callId, (signal) => this.#signal(signal));
    this.#takeOver(sessionOfCall.get(callId));
    sessionOfCall.set(callId, this);
    session.delegate = {
      onSessionDescriptionHandler: (sdh) => this.#peer.attach(sdh),
      onBye: (bye) => {
        this.#end ??= { reason: 'hangup', by: 'remote', ...headersOf(bye.request) };
        bye.accept().catch(() => {});
      },
      onCancel: () => {
        this.#end ??= { reason: 'cancelled', by: 'remote' };
      },
      onInfo: (info) => this.#inDialog.received(info),
      onMessage: (message) => this.#inDialog.receivedMessage(message),
      onInvite: (request, _response, statusCode) => {
        if (statusCode !== 200 || !request.body) return;
        this.#setRemoteHold(isHoldOffer(request.body));
        this.#recovery.farSideReoffered();
      },
      onRefer: (referral) => {
        if (this.#host.referred) this.#host.referred(this, referral);
        else referral.reject().catch(() => {});
      },
    };
    session.stateChange.addListener((state) => {
      if (state === SessionState.Established) this.#established();
      // SIP.js reports a final rejection to the request delegate after this state change: let it land first.
      if (state === SessionState.Terminated) queueMicrotask(() => this.#finish());
    });
  }

  /**
   * A transfer's new session keeps the user's hold and mute: its INVITE offers `sendonly` (and
   * its re-INVITEs keep holding) and its microphone is off, so no audio leaves while the core says `held`.
   * An INVITE we answer (Replaces) is held by re-INVITE once established.
   */
  #takeOver(previous: CallSession | undefined): void {
    if (!previous || previous.#ended) return;
    this.#previous = previous;
    this.#muted = previous.#muted;
    const held = previous.#reInvites.held;
    this.#reInvites.inherit(held, held && this.isOutgoing);
  }

  get isOutgoing(): boolean {
    return this.session instanceof Inviter;
  }

  // ---- what the network tells us ----

  /** A provisional response to our INVITE: 180, or 183 with early media. */
  progress(response: IncomingResponse): void {
    const { statusCode, body } = response.message;
    if (statusCode === 100 || this.#ended) return;
    this.#signal({ type: 'ringing', callId: this.callId, earlyMedia: statusCode === 183 && Boolean(body) });
  }

  /** A final error response to our INVITE. */
  rejected(response: IncomingResponse): void {
    this.#end ??= { ...endFromSipCode(response.message.statusCode ?? 0, response.message.reasonPhrase), ...headersOf(response.message) };
  }

  /** A dial: `answered` waits for the 2xx (`accepted()`), whose `X-` headers it carries. */
  awaitAnswer(): void {
    this.#answerHeaders = null;
  }

  /** The far side's 2xx to our INVITE: its `X-` headers go with the `answered` signal. */
  accepted(response: IncomingResponse): void {
    this.#answerHeaders = sipHeadersOf(response.message);
    if (this.#establishedEarly) {
      this.#establishedEarly = false;
      this.#established();
    }
  }

  /** The INVITE or the answer could not even be sent (microphone, SDP, transport). */
  failed(error: unknown): void {
    const handset = error instanceof HandsetError ? error : undefined;
    if (handset) this.#signal({ type: 'error', callId: this.callId, error: handset });
    this.#end ??= { reason: 'failed', by: 'system', message: handset?.message ?? String((error as Error)?.message ?? error) };
    if (this.session.state === SessionState.Terminated) this.#finish();
    else this.session.dispose().catch(() => this.#finish());
  }

  /**
   * The WebSocket died. A call not yet answered ends at once with `network` (its INVITE
   * transaction can never complete); an answered call goes on while its media flows.
   */
  transportLost(): void {
    const state = this.session.state;
    if (this.#ended || state === SessionState.Established || state === SessionState.Terminated) return;
    this.#end ??= { reason: 'network', by: 'system', message: 'The connection to the SIP server was lost before the call was answered.' };
    this.#finish();
    this.session.dispose().catch(() => {});
  }

  #established(): void {
    if (this.#answerHeaders === null) {
      this.#establishedEarly = true; // the 2xx's headers come a moment later, with accepted()
      return;
    }
    this.#answered = true;
    const sdh = this.session.sessionDescriptionHandler as SessionDescriptionHandler | undefined;
    // The browser takes an answer without any codec it knows and then carries no voice: end it.
    const unknown = this.isOutgoing ? noCommonAudioCodec(sdh?.peerConnection?.remoteDescription?.sdp) : undefined;
    if (unknown) {
      this.#end ??= noCodecEnd(unknown);
      this.hangup([]);
      return;
    }
    // A known handler is signalled again: a session that took over a call (transfer) was not heard before.
    if (sdh) this.#peer.attach(sdh);
    else this.#peer.signal();
    if (this.isOutgoing) this.#signal({ type: 'answered', callId: this.callId, ...headersOf(this.#answerHeaders ?? []) });
    this.#recovery.check();
    // The user may have held, resumed or muted while this session was being set up (on the old one): follow.
    const previous = this.#previous;
    this.#previous = undefined;
    if (previous) this.#muted = previous.#muted;
    // Sends the hold asked for when it differs from the one agreed.
    this.#reInvites.hold(previous ? previous.#reInvites.held : this.#reInvites.held);
  }

  #setRemoteHold(held: boolean): void {
    if (held === this.#remoteHeld) return;
    this.#remoteHeld = held;
    this.#signal({ type: 'remoteHold', callId: this.callId, held });
  }

  #finish(): void {
    if (this.#ended) return;
    this.#ended = true;
    if (sessionOfCall.get(this.callId) === this) {
      // A transfer that failed hands the call back to the session it came from.
      const previous = this.#previous;
      if (previous && !previous.#ended) sessionOfCall.set(this.callId, previous);
      else sessionOfCall.delete(this.callId);
    }
    this.#reInvites.close();
    this.#recovery.stop();
    this.#peer.detach();
    this.#peer.stopPlaying();
    const end =
      this.#end ??
      (this.#answered ? { reason: 'hangup' as const, by: 'remote' as const } : { reason: 'failed' as const, by: 'system' as const });
    const report = () => {
      if (!this.#silenced) this.#host.signal({ type: 'ended', callId: this.callId, end }, this);
      this.#host.released(this);
    };
    // The transferor's BYE may come before our new session to the target is up: wait for it.
    if (this.#handover) this.#handover.then(report, report);
    else report();
  }

  #signal(signal: LineSignal): void {
    if (!this.#ended && !this.#silenced) this.#host.signal(signal, this);
  }

  /** A transfer is under way: if this session ends meanwhile, its end waits for the outcome. */
  deferEndUntil(handover: Promise<unknown>): void {
    this.#handover = handover;
  }

  /** This session no longer speaks for the call (a transfer replaced it): it ends without a word. */
  silence(): void {
    this.#silenced = true;
    this.#peer.stopPlaying();
  }

  /** The far side's audio held us; a session that takes over starts from "not held". */
  get remoteHeld(): boolean {
    return this.#remoteHeld;
  }

  // ---- what the core asks ----

  accept(headers: readonly SipHeader[], constraints: MediaStreamConstraints): void {
    if (!(this.session instanceof Invitation)) return;
    const unknown = noCommonAudioCodec(this.session.body);
    if (unknown) {
      // 488 Not Acceptable Here: nothing in the offer can carry voice here.
      this.#end ??= noCodecEnd(unknown);
      this.session.reject({ statusCode: 488 }).catch(() => this.session.dispose().catch(() => {}));
      return;
    }
    this.session
      .accept({ extraHeaders: toHeaderLines(headers), sessionDescriptionHandlerOptions: { constraints } })
      .catch((error: unknown) => this.failed(error));
  }

  reject(sipCode: number, headers: readonly SipHeader[]): void {
    this.#end ??= { reason: 'rejected', sipCode };
    if (!(this.session instanceof Invitation) || this.session.state !== SessionState.Initial) {
      this.hangup(headers);
      return;
    }
    this.session.reject({ statusCode: sipCode, extraHeaders: toHeaderLines(headers) }).catch(() => this.session.dispose().catch(() => {}));
  }

  /** CANCEL before the answer, BYE after. */
  hangup(headers: readonly SipHeader[]): void {
    if (hangUp(this.session, headers)) this.#end ??= { reason: 'cancelled' };
  }

  /** Hold (sendonly) or resume (sendrecv) by re-INVITE, one at a time (`ReInviteQueue`). */
  setHold(held: boolean): void {
    this.#reInvites.hold(held);
  }

  /** Blind transfer by REFER: the call ends on the target's 2xx; a failure is an error and the call goes on. */
  refer(target: URI | Session): void {
    blindTransfer(this.session, target, {
      failed: (why) =>
        this.#signal({ type: 'error', callId: this.callId, error: new HandsetError('call-failed', `The transfer failed: ${why}.`) }),
      transferred: (described) => {
        this.#end ??= { reason: 'hangup', by: 'system', message: `Transferred to ${described}.` };
        this.hangup([]);
      },
    });
  }

  setMuted(muted: boolean): void {
    this.#muted = muted;
    this.#applyTracks();
  }

  #applyTracks(): void {
    this.#peer.applyMicrophone(this.#muted, this.#reInvites.held);
  }

  /** RFC 4733 or SIP INFO, as `dtmfPathFor` chooses from the answer and the line's mode. */
  sendDtmf(tone: DtmfTone, durationMs: number): void {
    if (!this.#peer.sendDtmf(tone, durationMs)) this.sendInfo('application/dtmf-relay', dtmfRelayBody(tone, durationMs));
  }

  sendInfo(contentType: string, content: string, headers: readonly SipHeader[] = []): void {
    this.#inDialog.sendInfo(contentType, content, headers);
  }

  sendMessage(message: CallMessage): void {
    this.#inDialog.sendMessage(message);
  }

  dispose(): void {
    if (sessionOfCall.get(this.callId) === this) sessionOfCall.delete(this.callId);
    this.#recovery.stop();
    this.#peer.detach();
    this.session.dispose().catch(() => {});
  }
}
