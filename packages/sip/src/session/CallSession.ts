import { type CallMessage, type DtmfPath, type DtmfTone, HandsetError, type LineSignal, type SipHeader } from '@handset/core';
import { dtmfRelayBody, firstAudioCodec, isHoldOffer, parseDtmfRelay } from '@handset/core/line-kit';
import {
  type Core,
  type Info,
  Invitation,
  Inviter,
  type Message,
  type Referral,
  RequestPendingError,
  Session,
  type SessionDescriptionHandler as SessionDescriptionHandlerContract,
  SessionState,
  type URI,
  type Web,
} from 'sip.js';
import { endFromSipCode } from '../mapEnd';
import type { DtmfMode } from '../options';
import { refuseInDialogInvites } from '../sipjs/internals';
import { dtmfPathFor } from './dtmfPath';
import { sipHeadersOf } from './incoming';
import { playRemote } from './playRemote';
import { noCommonAudioCodec } from './sdp';

type IncomingResponse = Core.IncomingResponse;
type SessionDescriptionHandler = Web.SessionDescriptionHandler;
type SessionDescriptionHandlerOptions = Web.SessionDescriptionHandlerOptions;

type EndSignal = Extract<LineSignal, { type: 'ended' }>['end'];

export interface CallSessionHost {
  /** `from` lets the line hear only the session that currently speaks for the call. */
  readonly signal: (signal: LineSignal, from: CallSession) => void;
  readonly dtmfMode: DtmfMode;
  /** How long media may stay down (ICE restarts included) before the call ends with `network`. */
  readonly mediaRecoveryMs?: number;
  /** True when the line must play the far side's audio itself (the phone has no media kit). */
  readonly playsRemoteAudio: () => boolean;
  /** The session has ended: forget it. */
  readonly released: (call: CallSession) => void;
  /** A REFER from the far side of `call` (we are being transferred). */
  readonly referred?: (call: CallSession, referral: Referral) => void;
}

export function toHeaderLines(headers: readonly SipHeader[]): string[] {
  return headers.map((header) => `${header.name}: ${header.value}`);
}

/** How long to wait before retrying a re-INVITE answered 491 (RFC 3261 section 14.1). */
function glareWaitMs(ownsCallId: boolean): number {
  return ownsCallId ? 2100 + Math.random() * 1900 : Math.random() * 2000;
}

/** True while an INVITE transaction of this dialog, ours or the far side's, is still open. */
function reinviteOpen(session: Session): boolean {
  // `Session.dialog` is typed as the core's Session interface; the object is its public SessionDialog
  // class, which names the open re-INVITEs (test/sipjsInternals.test.ts checks it is one).
  const dialog = session.dialog as Core.SessionDialog | undefined;
  return Boolean(dialog?.reinviteUserAgentClient || dialog?.reinviteUserAgentServer);
}

/**
 * The session that currently speaks for each call id. A session made for a call that already has
 * one (a transfer's new INVITE) starts from its hold and mute: the core still says `held`.
 */
const sessionOfCall = new Map<string, CallSession>();

/** How long ICE may stay `disconnected` before the line restarts it (it often recovers alone). */
const iceDisconnectedGraceMs = 2000;
/** The least time between two ICE restarts of one call. */
const iceRestartIntervalMs = 3000;

/**
 * ICE connected and, where the session uses DTLS-SRTP (always, but for Chromium's
 * `--disable-webrtc-encryption` that lets tests read RTP on the wire), the handshake done: that is
 * `connectionState` `connected`. Without DTLS that state never leaves `connecting`, and ICE is all there is.
 */
function mediaCanFlow(pc: RTCPeerConnection): boolean {
  if (pc.connectionState === 'connected') return true;
  const ice = pc.iceConnectionState === 'connected' || pc.iceConnectionState === 'completed';
  return ice && !/^a=fingerprint:/m.test(pc.remoteDescription?.sdp ?? 'a=fingerprint:');
}

function isPendingReinvite(error: unknown): boolean {
  return error instanceof RequestPendingError || /ongoing re-INVITE/.test(String((error as Error)?.message));
}

/**
 * One SIP.js session seen as one core call: it turns the session's events into line
 * signals and carries out the core's commands. It decides no call state: it reports.
 */
export class CallSession {
  readonly callId: string;
  readonly session: Session;
  readonly #host: CallSessionHost;
  #end: EndSignal | undefined;
  /** The 2xx's `X-` headers; null while a dial waits for its 2xx (SIP.js reports it just after Established). */
  #answerHeaders: readonly SipHeader[] | null = [];
  #establishedEarly = false;
  #ended = false;
  #answered = false;
  #mediaUp = false;
  /** Media came up once: a later loss is `reconnecting`, not a setup that never finished. */
  #everUp = false;
  #lostMedia = false;
  #muted = false;
  #held = false;
  /** The hold state the far side last accepted. */
  #negotiatedHold = false;
  #reinviting = false;
  #remoteHeld = false;
  #glareRetries = 0;
  #silenced = false;
  /** Microphone tracks taken off their senders while held, to put back on resume. */
  readonly #heldTracks = new Map<RTCRtpSender, MediaStreamTrack>();
  #handover: Promise<unknown> | undefined;
  #audio: HTMLAudioElement | undefined;
  #sdh: SessionDescriptionHandler | undefined;
  #detach: (() => void) | undefined;
  /** Media down: the restart after the grace, and the end after the recovery bound. */
  #restartTimer: ReturnType<typeof setTimeout> | undefined;
  #recoveryTimer: ReturnType<typeof setTimeout> | undefined;
  #restarting = false;
  #lastRestart = 0;
  /** The session this one takes over from (a transfer), while it may still be the one the core talks to. */
  #previous: CallSession | undefined;

  constructor(callId: string, session: Session, host: CallSessionHost) {
    this.callId = callId;
    this.session = session;
    this.#host = host;
    this.#takeOver(sessionOfCall.get(callId));
    sessionOfCall.set(callId, this);
    session.delegate = {
      onSessionDescriptionHandler: (sdh) => this.#attach(sdh),
      onBye: (bye) => {
        this.#end ??= { reason: 'hangup', by: 'remote', ...headersOf(bye.request) };
        bye.accept().catch(() => {});
      },
      onCancel: () => {
        this.#end ??= { reason: 'cancelled', by: 'remote' };
      },
      onInfo: (info) => this.#onInfo(info),
      onMessage: (message) => this.#onMessage(message),
      onInvite: (request, _response, statusCode) => {
        if (statusCode !== 200 || !request.body) return;
        this.#setRemoteHold(isHoldOffer(request.body));
        this.#farSideReoffered();
      },
      onRefer: (referral) => {
        if (this.#host.referred) this.#host.referred(this, referral);
        else referral.reject().catch(() => {});
      },
    };
    this.#refuseOffersWhileOffering(session);
    session.stateChange.addListener((state) => {
      if (state === SessionState.Established) this.#established();
      // SIP.js reports a final rejection to the request delegate after this state change: let it land first.
      if (state === SessionState.Terminated) queueMicrotask(() => this.#finish());
    });
  }

  /**
   * Glare while our re-INVITE's offer is still being made (ICE gathering, up to the gathering
   * timeout: SIP.js sends the INVITE only then, so its own 491 check does not see it yet). SIP.js
   * would take the far side's offer as the answer to ours, fail (488), and leave the peer connection
   * unable to take the real answer: our re-INVITE then ends the call with a BYE. Seen with both
   * ends restarting ICE after a real relay failure. Answer 491 (RFC 3261 section 14.2) instead.
   */
  #refuseOffersWhileOffering(session: Session): void {
    refuseInDialogInvites(session, () => (this.#sdh?.peerConnection?.signalingState === 'have-local-offer' ? 491 : undefined));
  }

  /**
   * A transfer's new session keeps the user's hold and mute: its INVITE offers `sendonly` (and
   * its re-INVITEs keep holding) and its microphone is off, so no audio leaves while the core says `held`.
   */
  #takeOver(previous: CallSession | undefined): void {
    if (!previous || previous.#ended) return;
    this.#previous = previous;
    this.#muted = previous.#muted;
    this.#held = previous.#held;
    // Our own INVITE offers the hold; an INVITE we answer (Replaces) is held by re-INVITE once established.
    if (!this.#held || !(this.session instanceof Inviter)) return;
    this.#negotiatedHold = true;
    this.#setHoldOption(true);
    const options = (this.session.sessionDescriptionHandlerOptions ?? {}) as SessionDescriptionHandlerOptions;
    this.session.sessionDescriptionHandlerOptions = { ...options, hold: true } as SessionDescriptionHandlerOptions;
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
      this.#end ??= this.#noCodecEnd(unknown);
      this.hangup([]);
      return;
    }
    if (sdh && sdh !== this.#sdh) this.#attach(sdh);
    else this.#signalMedia(); // again: a session that took over a call (transfer) was not heard before
    if (this.isOutgoing) this.#signal({ type: 'answered', callId: this.callId, ...headersOf(this.#answerHeaders ?? []) });
    this.#checkMedia();
    // The user may have held, resumed or muted while this session was being set up (on the old one): follow.
    const previous = this.#previous;
    this.#previous = undefined;
    if (previous) {
      this.#muted = previous.#muted;
      this.#held = previous.#held;
    }
    this.#applyTracks();
    this.#reinvite(); // only when the hold asked for differs from the one agreed
  }

  #attach(sdhContract: SessionDescriptionHandlerContract): void {
    const sdh = sdhContract as SessionDescriptionHandler;
    const pc = sdh.peerConnection;
    if (!pc) return;
    this.#detach?.();
    this.#sdh = sdh;
    const onState = () => this.#checkMedia();
    const onTrack = () => this.#signalMedia();
    // The microphone's track arrives after the handler: mute and hold must apply to it before media flows.
    // SIP.js fires `addtrack` on its local stream once the track is on its sender (its documented signal).
    const local = sdh.localMediaStream;
    const onLocalTrack = () => this.#applyTracks();
    pc.addEventListener('connectionstatechange', onState);
    pc.addEventListener('iceconnectionstatechange', onState);
    pc.addEventListener('track', onTrack);
    local.addEventListener('addtrack', onLocalTrack);
    this.#detach = () => {
      pc.removeEventListener('connectionstatechange', onState);
      pc.removeEventListener('iceconnectionstatechange', onState);
      pc.removeEventListener('track', onTrack);
      local.removeEventListener('addtrack', onLocalTrack);
    };
    this.#signalMedia();
  }

  #signalMedia(): void {
    const sdh = this.#sdh;
    if (!sdh?.peerConnection) return;
    if (!this.#silenced && !this.#ended) this.#play(sdh.remoteMediaStream);
    this.#signal({
      type: 'media',
      callId: this.callId,
      peerConnection: sdh.peerConnection,
      localStream: sdh.localMediaStream,
      remoteStream: sdh.remoteMediaStream,
    });
  }

  /**
   * `connected` once the answer is in and media can flow: ICE connected and the DTLS handshake done,
   * which is what `connectionState` `connected` means (ICE alone is not enough: no SRTP keys yet).
   * `reconnecting` / `reconnected` after. Media that never comes up ends the call after the recovery bound.
   */
  #checkMedia(): void {
    const pc = this.#sdh?.peerConnection;
    if (!pc || !this.#answered || this.#ended) return;
    const up = mediaCanFlow(pc);
    const down = pc.connectionState === 'disconnected' || pc.connectionState === 'failed' || pc.iceConnectionState === 'failed';
    if (up && !this.#mediaUp) {
      this.#mediaUp = true;
      this.#everUp = true;
      if (this.#lostMedia) {
        this.#lostMedia = false;
        this.#signal({ type: 'reconnected', callId: this.callId });
        return;
      }
      const answer = this.#answerSdp();
      const codec = firstAudioCodec(answer);
      this.#signal({ type: 'connected', callId: this.callId, ...(codec ? { codec } : {}), dtmfPath: this.#dtmfPath() });
    } else if (!this.#everUp) {
      this.#awaitFirstMedia();
    } else if (down && this.#mediaUp) {
      this.#mediaUp = false;
      this.#lostMedia = true;
      this.#signal({
        type: 'reconnecting',
        callId: this.callId,
        error: new HandsetError('media-failed', `The media connection is ${pc.connectionState}; waiting for it to recover.`),
      });
      this.#recoveryTimer ??= setTimeout(() => {
        this.#recoveryTimer = undefined;
        if (this.#mediaUp || this.#ended) return;
        this.#end ??= { reason: 'network', by: 'system', message: 'The media connection was lost and did not recover.' };
        this.hangup([]);
      }, this.#recoveryMs);
    }
    if (up) {
      this.#clearMediaTimers();
      return;
    }
    if (this.#mediaUp || !this.#lostMedia || this.#restarting) return;
    const failed = pc.iceConnectionState === 'failed' || pc.connectionState === 'failed';
    // `failed`: restart at once; `disconnected`: give ICE its grace first. Never more than one restart per interval,
    // the far side's counted. The callee waits one interval more: when the network fails under both ends, the
    // caller's restart goes first and keeps the callee's back, so that the two offers do not cross.
    const stagger = this.isOutgoing ? 0 : iceRestartIntervalMs;
    const wait = Math.max(failed ? 0 : iceDisconnectedGraceMs, this.#lastRestart + iceRestartIntervalMs - Date.now()) + stagger;
    if (wait <= 0) {
      clearTimeout(this.#restartTimer);
      this.#restartTimer = undefined;
      this.#restartIce();
    } else {
      this.#restartTimer ??= setTimeout(() => {
        this.#restartTimer = undefined;
        this.#restartIce();
      }, wait);
    }
  }

  /** The SDP answer of this dialog (ours when we were offered, the far side's when we offered). */
  #answerSdp(): string | undefined {
    const pc = this.#sdh?.peerConnection;
    return (pc?.localDescription?.type === 'answer' ? pc.localDescription : pc?.remoteDescription)?.sdp;
  }

  #dtmfPath(): DtmfPath {
    return dtmfPathFor(this.#answerSdp(), this.#host.dtmfMode);
  }

  /**
   * Answered, media not up yet: ICE may still be checking or the DTLS handshake may hang (a far side
   * that never completes it). Within the recovery bound it comes up, or the call fails as `media-failed`.
   */
  #awaitFirstMedia(): void {
    this.#recoveryTimer ??= setTimeout(() => {
      this.#recoveryTimer = undefined;
      if (this.#mediaUp || this.#ended) return;
      const pc = this.#sdh?.peerConnection;
      const stage = pc?.iceConnectionState === 'connected' || pc?.iceConnectionState === 'completed' ? 'the DTLS handshake' : 'ICE';
      const error = new HandsetError(
        'media-failed',
        `The media connection did not come up: ${stage} did not complete within ${Math.round(this.#recoveryMs / 1000)} s (ICE ${pc?.iceConnectionState ?? 'closed'}, connection ${pc?.connectionState ?? 'closed'}).`,
      );
      this.#signal({ type: 'error', callId: this.callId, error });
      this.#end ??= { reason: 'failed', by: 'system', message: error.message };
      this.hangup([]);
    }, this.#recoveryMs);
  }

  get #recoveryMs(): number {
    return this.#host.mediaRecoveryMs ?? 15_000;
  }

  /** We answered the far side's offer while our media is down: that was a restart too (theirs); ours waits. */
  #farSideReoffered(): void {
    if (this.#mediaUp || !this.#lostMedia || this.#ended) return;
    this.#lastRestart = Date.now();
    clearTimeout(this.#restartTimer);
    this.#restartTimer = undefined;
    this.#checkMedia();
  }

  #clearMediaTimers(): void {
    clearTimeout(this.#restartTimer);
    clearTimeout(this.#recoveryTimer);
    this.#restartTimer = undefined;
    this.#recoveryTimer = undefined;
  }

  /**
   * ICE restart (RFC 8445 section 9): a re-INVITE whose offer carries new ICE credentials. When it
   * completes the media state is read again (`reconnected` if up); the recovery bound still holds.
   */
  #restartIce(): void {
    if (this.#ended || this.#mediaUp || this.#restarting || this.session.state !== SessionState.Established) return;
    if (this.#reinviting || reinviteOpen(this.session)) {
      this.#restartTimer ??= setTimeout(() => {
        this.#restartTimer = undefined;
        this.#restartIce();
      }, 200);
      return;
    }
    this.#restarting = true;
    this.#lastRestart = Date.now();
    const options = (this.session.sessionDescriptionHandlerOptionsReInvite ?? {}) as SessionDescriptionHandlerOptions;
    const restartOptions = { ...options, hold: this.#negotiatedHold, offerOptions: { ...options.offerOptions, iceRestart: true } };
    const done = () => {
      this.#restarting = false;
      // The next re-INVITE (hold) must not restart ICE again.
      const { offerOptions, ...rest } = this.session.sessionDescriptionHandlerOptionsReInvite as SessionDescriptionHandlerOptions;
      const { iceRestart: _restart, ...otherOffer } = offerOptions ?? {};
      this.session.sessionDescriptionHandlerOptionsReInvite = {
        ...rest,
        ...(Object.keys(otherOffer).length > 0 ? { offerOptions: otherOffer } : {}),
      } as SessionDescriptionHandlerOptions;
      this.#checkMedia();
    };
    const retry = () => done();
    this.session
      .invite({
        sessionDescriptionHandlerOptions: restartOptions as SessionDescriptionHandlerOptions,
        requestDelegate: {
          onAccept: () => done(),
          onReject: () => void this.#rollbackOffer().then(retry),
        },
      })
      .catch(() => void this.#rollbackOffer().then(retry));
  }

  /** Without the core's media kit, the line plays the far side itself so that a bare phone is audible. */
  #play(stream: MediaStream): void {
    if (this.#host.playsRemoteAudio() || typeof Audio === 'undefined') return;
    this.#audio ??= new Audio();
    if (this.#audio.srcObject === stream) return;
    this.#audio.autoplay = true;
    playRemote(this.#audio, stream);
  }

  #stopPlaying(): void {
    if (!this.#audio) return;
    this.#audio.pause();
    this.#audio.srcObject = null;
    this.#audio = undefined;
  }

  #setRemoteHold(held: boolean): void {
    if (held === this.#remoteHeld) return;
    this.#remoteHeld = held;
    this.#signal({ type: 'remoteHold', callId: this.callId, held });
  }

  #onInfo(info: Info): void {
    const request = info.request;
    const contentType = (request.getHeader('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const body = request.body ?? '';
    if (contentType === 'application/dtmf-relay') {
      const digit = parseDtmfRelay(body);
      if (!digit) {
        info.reject({ statusCode: 400 }).catch(() => {});
        return;
      }
      info.accept().catch(() => {});
      this.#signal({ type: 'dtmf', callId: this.callId, digit });
      return;
    }
    info.accept().catch(() => {});
    this.#signal({
      type: 'info',
      callId: this.callId,
      mimeType: contentType || 'application/octet-stream',
      body,
      headers: sipHeadersOf(request),
    });
  }

  #onMessage(message: Message): void {
    const request = message.request;
    const contentType = (request.getHeader('content-type') ?? 'text/plain').split(';')[0]?.trim().toLowerCase() ?? 'text/plain';
    const messageType = request.getHeader('x-message-type') ?? 'user-defined-message';
    let content: unknown = request.body ?? '';
    if (contentType === 'application/json') {
      try {
        content = JSON.parse(request.body);
      } catch {
        // keep the text: the far side may say JSON and send anything
      }
    }
    message.accept().catch(() => {});
    this.#signal({ type: 'message', callId: this.callId, message: { content, contentType, messageType } });
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
    this.#clearMediaTimers();
    this.#detach?.();
    this.#stopPlaying();
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
    this.#stopPlaying();
  }

  /** The far side's audio held us; a session that takes over starts from "not held". */
  get remoteHeld(): boolean {
    return this.#remoteHeld;
  }

  // ---- what the core asks ----

  #noCodecEnd(offered: readonly string[]): EndSignal {
    const list = offered.length > 0 ? offered.join(', ') : 'none';
    return { reason: 'failed', by: 'system', message: `The far side offers no audio codec this browser can use (${list}).` };
  }

  accept(headers: readonly SipHeader[], constraints: MediaStreamConstraints): void {
    if (!(this.session instanceof Invitation)) return;
    const unknown = noCommonAudioCodec(this.session.body);
    if (unknown) {
      // 488 Not Acceptable Here: nothing in the offer can carry voice here.
      this.#end ??= this.#noCodecEnd(unknown);
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
    const session = this.session;
    const lines = toHeaderLines(headers);
    const dispose = () => void session.dispose().catch(() => {});
    switch (session.state) {
      case SessionState.Initial:
      case SessionState.Establishing:
        if (session instanceof Inviter) {
          // Should the 200 OK cross our CANCEL, SIP.js ACKs and BYEs it: still a cancel.
          this.#end ??= { reason: 'cancelled' };
          session.cancel({ extraHeaders: lines }).catch(dispose);
        } else if (session.state === SessionState.Initial) {
          (session as Invitation).reject({ statusCode: 480, extraHeaders: lines }).catch(dispose);
        } else {
          // Accepted, waiting for the ACK: BYE as soon as the dialog is confirmed.
          session.stateChange.once((state) => {
            if (state === SessionState.Established) session.bye({ requestOptions: { extraHeaders: lines } }).catch(dispose);
          });
        }
        return;
      case SessionState.Established:
        session.bye({ requestOptions: { extraHeaders: lines } }).catch(dispose);
        return;
      default:
        return;
    }
  }

  /**
   * Hold (sendonly) or resume (sendrecv) by re-INVITE. One re-INVITE at a time: a change asked
   * for while one is out is sent when it completes. A 491 (glare) is retried after the RFC 3261
   * wait, three times at most; any other failure (488, 606, 408...) rolls the call back with holdFailed /
   * unholdFailed at once. Either way our refused offer is rolled back first.
   */
  setHold(held: boolean): void {
    this.#held = held;
    this.#applyTracks();
    this.#reinvite();
  }

  #setHoldOption(held: boolean): void {
    const options = (this.session.sessionDescriptionHandlerOptionsReInvite ?? {}) as SessionDescriptionHandlerOptions;
    this.session.sessionDescriptionHandlerOptionsReInvite = { ...options, hold: held } as SessionDescriptionHandlerOptions;
  }

  #reinvite(): void {
    if (this.#reinviting || this.#ended || this.#held === this.#negotiatedHold) return;
    if (reinviteOpen(this.session)) {
      // RFC 3261 14.1: wait until the open INVITE transaction (often the far side's) completes.
      this.#reinviting = true;
      setTimeout(() => {
        this.#reinviting = false;
        this.#reinvite();
      }, 50);
      return;
    }
    const held = this.#held;
    this.#reinviting = true;
    this.#setHoldOption(held);
    const done = () => {
      this.#reinviting = false;
      this.#reinvite();
    };
    const retryLater = (waitMs: number) => {
      this.#glareRetries += 1;
      // SIP.js leaves our refused offer applied: take it back before offering again.
      void this.#rollbackOffer().then(() => setTimeout(done, waitMs));
    };
    const fail = (why: string) => {
      this.#glareRetries = 0;
      void this.#rollbackOffer().then(() => this.#restoreDirection());
      if (this.#held === held) {
        this.#held = this.#negotiatedHold;
        this.#setHoldOption(this.#held);
        this.#applyTracks();
        this.#signal({
          type: held ? 'holdFailed' : 'unholdFailed',
          callId: this.callId,
          error: new HandsetError('call-failed', `The far side did not accept the ${held ? 'hold' : 'resume'}: ${why}.`),
        });
      }
      done();
    };
    this.session
      .invite({
        requestDelegate: {
          onAccept: () => {
            this.#glareRetries = 0;
            this.#negotiatedHold = held;
            this.#applyTracks();
            done();
          },
          onReject: (response) => {
            const code = response.message.statusCode ?? 0;
            // Only 491 is glare (RFC 3261 section 14.1): retried after the wait. Anything else is a refusal
            // (488 / 606: the far side will not take this offer; 408: no answer in time): the user hears at once.
            if (code === 491 && this.#glareRetries < 3) retryLater(glareWaitMs(this.isOutgoing));
            else fail(`${code} ${response.message.reasonPhrase}`);
          },
        },
      })
      .catch((error: unknown) => {
        // A re-INVITE of either side is still open here (e.g. ours answered, its ACK not yet in):
        // SIP.js refuses to start another, so try again shortly.
        const pc = this.#sdh?.peerConnection;
        // Or the far side's offer arrived while ours was being made (the peer connection was busy).
        const busy =
          isPendingReinvite(error) ||
          reinviteOpen(this.session) ||
          pc?.signalingState === 'have-remote-offer' ||
          /wrong state|signaling state/i.test(String((error as Error)?.message));
        if (busy && this.#glareRetries < 10) {
          retryLater(100 + Math.random() * 200);
        } else fail(String((error as Error)?.message ?? error));
      });
  }

  /**
   * A rollback takes back the description, not the transceiver's direction that SIP.js set for
   * the refused offer: put back the one last agreed, so that what we send matches what the core says.
   */
  #restoreDirection(): void {
    const pc = this.#sdh?.peerConnection;
    if (pc?.signalingState !== 'stable' || this.#ended) return;
    const direction = this.#negotiatedHold ? 'sendonly' : 'sendrecv';
    for (const transceiver of pc.getTransceivers()) {
      if (transceiver.direction === 'sendrecv' || transceiver.direction === 'sendonly') transceiver.direction = direction;
    }
  }

  /** SIP.js leaves our offer applied when the re-INVITE could not be sent: take it back. */
  #rollbackOffer(): Promise<void> {
    const pc = this.#sdh?.peerConnection;
    if (pc?.signalingState !== 'have-local-offer') return Promise.resolve();
    return pc.setLocalDescription({ type: 'rollback' }).catch(() => {});
  }

  /**
   * Blind transfer: REFER to `target`. When the far side's NOTIFY reports a 2xx from the target,
   * this call is done (BYE, ended); a final failure is reported as an error and the call goes on.
   */
  refer(target: URI | Session): void {
    const described = target instanceof Session ? target.remoteIdentity.uri.toString() : target.toString();
    let settled = false;
    const failed = (why: string) => {
      if (settled) return;
      settled = true;
      this.#signal({ type: 'error', callId: this.callId, error: new HandsetError('call-failed', `The transfer failed: ${why}.`) });
    };
    this.session
      .refer(target, {
        requestDelegate: { onReject: (response) => failed(`${response.message.statusCode} ${response.message.reasonPhrase}`) },
        onNotify: (notification) => {
          notification.accept().catch(() => {});
          const code = Number(/^SIP\/2\.0 (\d{3})/.exec(notification.request.body ?? '')?.[1] ?? 0);
          if (code < 200 || settled) return;
          if (code >= 300) {
            failed(`the target answered ${code}`);
            return;
          }
          settled = true;
          this.#end ??= { reason: 'hangup', by: 'system', message: `Transferred to ${described}.` };
          this.hangup([]);
        },
      })
      .catch((error: unknown) => failed(String((error as Error)?.message ?? error)));
  }

  setMuted(muted: boolean): void {
    this.#muted = muted;
    this.#applyTracks();
  }

  /**
   * The microphone sends only while the call is neither muted nor held. Held, the track is taken off
   * its sender: a disabled track still sends 50 packets a second of silence, and a held line sends nothing.
   */
  #applyTracks(): void {
    const pc = this.#sdh?.peerConnection;
    if (!pc || pc.signalingState === 'closed') return;
    for (const sender of pc.getSenders()) {
      const track = sender.track ?? this.#heldTracks.get(sender);
      if (!track) continue;
      track.enabled = !this.#muted && !this.#held;
      if (this.#held && sender.track) {
        this.#heldTracks.set(sender, track);
        sender.replaceTrack(null).catch(() => {});
      } else if (!this.#held && !sender.track) {
        this.#heldTracks.delete(sender);
        sender.replaceTrack(track).catch(() => {});
      }
    }
  }

  /** RFC 4733 or SIP INFO, as `dtmfPathFor` chooses from the answer and the line's mode. */
  sendDtmf(tone: DtmfTone, durationMs: number): void {
    const sdh = this.#sdh;
    if (sdh && this.#dtmfPath() === 'rfc4733') {
      const duration = Math.min(6000, Math.max(40, durationMs));
      if (sdh.sendDtmf(tone, { duration, interToneGap: 30 })) return;
    }
    this.sendInfo('application/dtmf-relay', dtmfRelayBody(tone, durationMs));
  }

  sendInfo(contentType: string, content: string, headers: readonly SipHeader[] = []): void {
    this.session
      .info({
        requestOptions: { body: { contentDisposition: 'render', contentType, content }, extraHeaders: toHeaderLines(headers) },
        requestDelegate: {
          onReject: (response) =>
            this.#signal({
              type: 'error',
              callId: this.callId,
              error: new HandsetError('line-error', `The far side refused an INFO (${response.message.statusCode}).`),
            }),
        },
      })
      .catch((error: unknown) =>
        this.#signal({
          type: 'error',
          callId: this.callId,
          error: new HandsetError('line-error', 'An INFO could not be sent.', { cause: error }),
        }),
      );
  }

  sendMessage(message: CallMessage): void {
    const content = typeof message.content === 'string' ? message.content : JSON.stringify(message.content);
    this.session
      .message({
        requestOptions: {
          body: { contentDisposition: 'render', contentType: message.contentType, content },
          extraHeaders: [`X-Message-Type: ${message.messageType}`],
        },
        requestDelegate: {
          onAccept: () => this.#signal({ type: 'messageSent', callId: this.callId, message }),
          onReject: (response) =>
            this.#signal({
              type: 'error',
              callId: this.callId,
              error: new HandsetError('line-error', `The far side refused a message (${response.message.statusCode}).`),
            }),
        },
      })
      .catch((error: unknown) =>
        this.#signal({
          type: 'error',
          callId: this.callId,
          error: new HandsetError('line-error', 'A message could not be sent.', { cause: error }),
        }),
      );
  }

  dispose(): void {
    if (sessionOfCall.get(this.callId) === this) sessionOfCall.delete(this.callId);
    this.#clearMediaTimers();
    this.#detach?.();
    this.session.dispose().catch(() => {});
  }
}

/** A message's `X-` headers as an optional signal field: left out when there are none. */
function headersOf(source: Parameters<typeof sipHeadersOf>[0] | readonly SipHeader[]): { headers?: readonly SipHeader[] } {
  const headers = Array.isArray(source) ? (source as readonly SipHeader[]) : sipHeadersOf(source as Parameters<typeof sipHeadersOf>[0]);
  return headers.length > 0 ? { headers } : {};
}
