import { type DtmfTone, HandsetError, type LineSignal, type SipHeader } from '@handset/core';
import { dtmfRelayBody, isHoldOffer } from '@handset/core/line-kit';
import { Invitation, Inviter, type Referral, type Session, SessionState, type URI, type Web } from 'sip.js';
import { type EndSignal, noCodecEnd } from '../mapEnd';
import type { DtmfMode } from '../options';
import { answerInvitation } from './answerInvitation';
import { blindTransfer } from './blindTransfer';
import { sendDial } from './dialInvite';
import { hangUp } from './hangUp';
import { headersOf } from './headers';
import { InDialog } from './inDialog';
import { MediaRecovery } from './mediaRecovery';
import { PeerMedia } from './peerMedia';
import { ReInviteQueue } from './reInviteQueue';
import { noCommonAudioCodec } from './sdp';

export interface CallSessionHost {
  /** `from` lets the line hear only the session that currently speaks for the call. */
  readonly signal: (signal: LineSignal, from: CallSession) => void;
  readonly dtmfMode: DtmfMode;
  /** How long media may stay down (ICE restarts included) before the call ends with `network`. */
  readonly mediaRecoveryMs: number;
  /** True when the phone plays the far side's audio (it has a media kit): the line then does not. */
  readonly playsRemoteAudio: () => boolean;
  /** The session has ended: forget it. */
  readonly released: (call: CallSession) => void;
  /** A REFER from the far side of `call` (we are being transferred). */
  readonly referred: (call: CallSession, referral: Referral) => void;
}

/**
 * One SIP.js session seen as one core call: it turns the session's events into line signals and carries
 * out the core's commands. It decides no call state: it reports. The jobs are its parts': re-INVITEs
 * (`ReInviteQueue`), media and its recovery (`MediaRecovery`), INFO and MESSAGE (`InDialog`), a dial's answers
 * (`sendDial`). A transfer's new session takes over a call from its `previous` session.
 */
export class CallSession {
  readonly callId: string;
  readonly session: Session;
  /** Our INVITE (a dial, or the one a REFER asked for), not the far side's. */
  readonly isOutgoing: boolean;
  readonly #host: CallSessionHost;
  readonly #reInvites: ReInviteQueue;
  readonly #recovery: MediaRecovery;
  /** INFO and MESSAGE, both ways. */
  readonly inDialog: InDialog;
  readonly #peer: PeerMedia;
  #end: EndSignal | undefined;
  /** A dial is answered with its 2xx (`sendDial`), which SIP.js hands over just after Established. */
  #dialing = false;
  #ended = false;
  #answered = false;
  #muted = false;
  #remoteHeld = false;
  #silenced = false;
  #handover: Promise<unknown> | undefined;
  /** The session this one takes over from (a transfer), while it may still be the one the core talks to. */
  #previous: CallSession | undefined;

  constructor(callId: string, session: Session, host: CallSessionHost, previous?: CallSession) {
    this.callId = callId;
    this.session = session;
    this.isOutgoing = session instanceof Inviter;
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
      recoveryMs: host.mediaRecoveryMs,
      peerConnection,
      live: () => this.#answered && !this.#ended,
      established: () => session.state === SessionState.Established,
      signal: (signal) => this.#signal(signal),
      connected: () => this.#peer.connected(),
      end: (end) => this.#hangUpWith(end),
      restartIce: (request) => this.#reInvites.restartIce(request),
    });
    this.inDialog = new InDialog(session, callId, (signal) => this.#signal(signal));
    // A transfer's new session keeps the user's hold and mute: its INVITE offers `sendonly` (and its re-INVITEs
    // keep holding) and its microphone is off, so no audio leaves while the core says `held`. An INVITE we
    // answer (Replaces) is held by re-INVITE once established.
    if (previous && !previous.#ended) {
      this.#previous = previous;
      this.#muted = previous.#muted;
      const held = previous.#reInvites.held;
      this.#reInvites.inherit(held, held && this.isOutgoing);
    }
    session.delegate = {
      onSessionDescriptionHandler: (sdh) => this.#peer.attach(sdh),
      onBye: (bye) => {
        this.#end ??= { reason: 'hangup', by: 'remote', ...headersOf(bye.request) };
        bye.accept().catch(() => {});
      },
      onCancel: () => {
        this.#end ??= { reason: 'cancelled', by: 'remote' };
      },
      onInfo: (info) => this.inDialog.received(info),
      onMessage: (message) => this.inDialog.receivedMessage(message),
      onInvite: (request, _response, statusCode) => {
        if (statusCode !== 200 || !request.body) return;
        const held = isHoldOffer(request.body);
        if (held !== this.#remoteHeld) this.#signal({ type: 'remoteHold', callId, held });
        this.#remoteHeld = held;
        this.#recovery.farSideReoffered();
      },
      onRefer: (referral) => host.referred(this, referral),
    };
    session.stateChange.addListener((state) => {
      if (state === SessionState.Established && !this.#dialing) this.#established();
      // SIP.js reports a final rejection to the request delegate after this state change: let it land first.
      if (state === SessionState.Terminated) queueMicrotask(() => this.#finish());
    });
  }

  // ---- what the network tells us ----

  /** Sends our INVITE (a dial): `ringing`, the refusal's end, or `answered` with the 2xx's `X-` headers. */
  dial(): void {
    this.#dialing = true;
    sendDial(this.session as Inviter, {
      ringing: (earlyMedia) => this.#signal({ type: 'ringing', callId: this.callId, earlyMedia }),
      refused: (end) => void (this.#end ??= end),
      answered: (headers) => this.#established(headers),
      failed: (error) => this.failed(error),
    });
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

  /** The dialog is confirmed (for a dial, with its 2xx's `X-` headers). */
  #established(answerHeaders: readonly SipHeader[] = []): void {
    this.#answered = true;
    const sdh = this.session.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
    // The browser takes an answer without any codec it knows and then carries no voice: end it.
    const unknown = this.isOutgoing ? noCommonAudioCodec(sdh?.peerConnection?.remoteDescription?.sdp) : undefined;
    if (unknown) {
      this.#hangUpWith(noCodecEnd(unknown));
      return;
    }
    // A known handler is signalled again: a session that took over a call (transfer) was not heard before.
    if (sdh) this.#peer.attach(sdh);
    else this.#peer.signal();
    if (this.isOutgoing) this.#signal({ type: 'answered', callId: this.callId, ...headersOf(answerHeaders) });
    this.#recovery.check();
    // The user may have held, resumed or muted while this session was being set up (on the old one): follow.
    const previous = this.#previous;
    this.#previous = undefined;
    if (previous) this.#muted = previous.#muted;
    // Sends the hold asked for when it differs from the one agreed.
    this.#reInvites.hold(previous ? previous.#reInvites.held : this.#reInvites.held);
  }

  #finish(): void {
    if (this.#ended) return;
    this.#ended = true;
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

  /** 200, or 488 to an offer that cannot carry voice here (`answerInvitation`). */
  accept(headers: readonly SipHeader[], constraints: MediaStreamConstraints): void {
    if (!(this.session instanceof Invitation)) return;
    const noVoice = answerInvitation(this.session, headers, constraints, (error) => this.failed(error));
    this.#end ??= noVoice;
  }

  /** `sipCode` to a call not yet answered, else as `hangup`. */
  reject(sipCode: number, headers: readonly SipHeader[]): void {
    this.#end ??= { reason: 'rejected', sipCode };
    hangUp(this.session, headers, sipCode);
  }

  /** CANCEL before the answer, BYE after. */
  hangup(headers: readonly SipHeader[]): void {
    if (hangUp(this.session, headers)) this.#end ??= { reason: 'cancelled' };
  }

  /** The line ends the call itself, for `end`'s reason (unless another came first). */
  #hangUpWith(end: EndSignal): void {
    this.#end ??= end;
    this.hangup([]);
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
      transferred: (described) => this.#hangUpWith({ reason: 'hangup', by: 'system', message: `Transferred to ${described}.` }),
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
    if (!this.#peer.sendDtmf(tone, durationMs)) this.inDialog.sendInfo('application/dtmf-relay', dtmfRelayBody(tone, durationMs));
  }

  dispose(): void {
    this.#recovery.stop();
    this.#peer.detach();
    this.session.dispose().catch(() => {});
  }
}
