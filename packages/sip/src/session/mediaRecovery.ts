import { HandsetError, type LineSignal } from '@handset/core';
import { mediaRecovery, PhaseMachine, type RecoveryEvent, type RecoveryPhase } from '@handset/core/line-kit';
import type { IceRestartRequest } from './reInviteQueue';

type EndSignal = Extract<LineSignal, { type: 'ended' }>['end'];

export interface MediaRecoveryHost {
  readonly callId: string;
  readonly isOutgoing: boolean;
  /** How long media may stay down (ICE restarts included) before the call ends. */
  readonly recoveryMs: number;
  readonly peerConnection: () => RTCPeerConnection | undefined;
  /** Answered and not ended: the call's media is ours to watch. */
  readonly live: () => boolean;
  /** The dialog is confirmed: a re-INVITE can go. */
  readonly established: () => boolean;
  readonly signal: (signal: LineSignal) => void;
  /** Media flows for the first time. */
  readonly connected: () => void;
  /** The call must end (BYE) with this. */
  readonly end: (end: EndSignal) => void;
  readonly restartIce: (request: IceRestartRequest) => void;
}

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

/**
 * An answered call's media: `connected` once it first flows (or `media-failed` when it does not within the
 * bound), then recovery on the line kit's `mediaRecovery` table: `reconnecting` and ICE restarts while it is
 * down, `reconnected` when it flows again, BYE with `network` when the bound passes first.
 */
export class MediaRecovery {
  readonly #host: MediaRecoveryHost;
  /** None until media first flows: a loss before that is a setup that never finished, not a recovery. */
  #recovery: PhaseMachine<RecoveryPhase, RecoveryEvent> | undefined;
  /** The restart asked of the re-INVITE queue, until its outcome. */
  #restart: IceRestartRequest | undefined;
  #lastRestart = 0;
  /** Media down: the restart after the grace, and the end after the bound (first media's bound too). */
  #restartTimer: ReturnType<typeof setTimeout> | undefined;
  #deadline: ReturnType<typeof setTimeout> | undefined;

  constructor(host: MediaRecoveryHost) {
    this.#host = host;
  }

  /**
   * Reads the peer connection again (its state changed, an answer came). `connected` needs ICE connected and
   * the DTLS handshake done, which is what `connectionState` `connected` means (ICE alone gives no SRTP keys).
   */
  check(): void {
    const pc = this.#host.peerConnection();
    if (!pc || !this.#host.live()) return;
    const up = mediaCanFlow(pc);
    const recovery = this.#recovery;
    if (!recovery) {
      if (!up) {
        this.#awaitFirstMedia();
        return;
      }
      this.#recovery = new PhaseMachine<RecoveryPhase, RecoveryEvent>(mediaRecovery, 'up', (to) => this.#moved(to));
      this.stop();
      this.#host.connected();
      return;
    }
    if (up) {
      recovery.send('flowing');
      return;
    }
    if (pc.connectionState === 'disconnected' || pc.connectionState === 'failed' || pc.iceConnectionState === 'failed') {
      recovery.send('lost');
    }
    this.#scheduleRestart(pc);
  }

  /** We answered the far side's offer while our media is down: that was a restart too (theirs); ours waits. */
  farSideReoffered(): void {
    if (!this.#recovering() || !this.#host.live()) return;
    this.#lastRestart = Date.now();
    clearTimeout(this.#restartTimer);
    this.#restartTimer = undefined;
    this.check();
  }

  stop(): void {
    clearTimeout(this.#restartTimer);
    clearTimeout(this.#deadline);
    this.#restartTimer = undefined;
    this.#deadline = undefined;
  }

  #recovering(): boolean {
    const phase = this.#recovery?.phase;
    return phase === 'down' || phase === 'restarted';
  }

  /** The effects of each move of the media recovery. */
  #moved(to: RecoveryPhase): void {
    if (to === 'restarted') return;
    if (to === 'down') {
      const state = this.#host.peerConnection()?.connectionState ?? 'closed';
      this.#host.signal({
        type: 'reconnecting',
        callId: this.#host.callId,
        error: new HandsetError('media-failed', `The media connection is ${state}; waiting for it to recover.`),
      });
      this.#deadline = setTimeout(() => this.#recovery?.send('expired'), this.#host.recoveryMs);
      return;
    }
    this.stop();
    if (to === 'up') this.#host.signal({ type: 'reconnected', callId: this.#host.callId });
    else this.#host.end({ reason: 'network', by: 'system', message: 'The media connection was lost and did not recover.' });
  }

  /**
   * `failed`: restart at once; `disconnected`: give ICE its grace first. Never more than one restart per interval,
   * the far side's counted. The callee waits one interval more: when the network fails under both ends, the
   * caller's restart goes first and keeps the callee's back, so that the two offers do not cross.
   */
  #scheduleRestart(pc: RTCPeerConnection): void {
    if (!this.#recovering() || this.#restart) return;
    const failed = pc.iceConnectionState === 'failed' || pc.connectionState === 'failed';
    const stagger = this.#host.isOutgoing ? 0 : iceRestartIntervalMs;
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

  #restartWanted(): boolean {
    return this.#recovering() && this.#host.live() && this.#host.established();
  }

  /** An ICE restart offer, when the re-INVITE queue is free; when it completes the media is read again. */
  #restartIce(): void {
    if (this.#restart || !this.#restartWanted()) return;
    const request: IceRestartRequest = {
      wanted: () => this.#restartWanted(),
      sending: () => {
        this.#lastRestart = Date.now();
      },
      done: (accepted) => {
        this.#restart = undefined;
        if (accepted) this.#recovery?.send('settled');
        this.check();
      },
    };
    this.#restart = request;
    this.#host.restartIce(request);
  }

  /**
   * Answered, media not up yet: ICE may still be checking or the DTLS handshake may hang (a far side
   * that never completes it). Within the recovery bound it comes up, or the call fails as `media-failed`.
   */
  #awaitFirstMedia(): void {
    const ms = this.#host.recoveryMs;
    this.#deadline ??= setTimeout(() => {
      this.#deadline = undefined;
      if (this.#recovery || !this.#host.live()) return;
      const pc = this.#host.peerConnection();
      const stage = pc?.iceConnectionState === 'connected' || pc?.iceConnectionState === 'completed' ? 'the DTLS handshake' : 'ICE';
      const error = new HandsetError(
        'media-failed',
        `The media connection did not come up: ${stage} did not complete within ${Math.round(ms / 1000)} s (ICE ${pc?.iceConnectionState ?? 'closed'}, connection ${pc?.connectionState ?? 'closed'}).`,
      );
      this.#host.signal({ type: 'error', callId: this.#host.callId, error });
      this.#host.end({ reason: 'failed', by: 'system', message: error.message });
    }, ms);
  }
}
