import type { LineSignal } from '@handset/core';
import { isHoldOffer } from '@handset/core/line-kit';
import type { SandboxTiming } from '../options';
import { MediaWatch } from '../rtc/MediaWatch';
import { Negotiator } from '../rtc/Negotiator';
import type { SandboxMessage } from '../signalling/messages';
import { HoldNegotiation } from './holdNegotiation';
import { addLocalAudio } from './localAudio';
import { MediaRecovery } from './mediaRecovery';
import { RemotePlayback } from './remotePlayback';

export interface ConnectionParts {
  readonly callId: string;
  readonly timing: SandboxTiming;
  readonly signal: (signal: LineSignal) => void;
  /** Sends on the call's signalling dialog (descriptions and candidates). */
  readonly send: (message: SandboxMessage) => void;
  readonly iceServers: readonly RTCIceServer[] | undefined;
  /** The caller offers first; the callee is the polite side on glare. */
  readonly caller: boolean;
  /** The app's element for the far side's audio, if it gave one. */
  readonly remoteElement: HTMLMediaElement | null;
  /** Play the far side in an element of our own when the app gave none. */
  readonly playRemoteAudio: boolean;
  /** The leg has reached `connected` (media flowed once): only then can media be lost. */
  readonly connected: () => boolean;
  /** ICE and DTLS changed state: the leg decides what that means for the call. */
  readonly stateChanged: () => void;
  /** Media recovery gave up: the leg ends the call with `network` and this message. */
  readonly gaveUp: (message: string) => void;
}

/**
 * One call's peer connection and what runs on it: offer/answer and trickle ICE (Negotiator), our audio, the far
 * side's audio and hold, hold and unhold of our own, and the media watch with its recovery.
 */
export class CallConnection {
  readonly pc: RTCPeerConnection;
  readonly neg: Negotiator;
  readonly #parts: ConnectionParts;
  readonly #watch: MediaWatch;
  readonly #recovery: MediaRecovery;
  readonly #holds: HoldNegotiation;
  readonly #playback: RemotePlayback;
  /** Aborted on close: the connection's listeners go, and a late report finds it closed. */
  readonly #listeners = new AbortController();
  #transceiver: RTCRtpTransceiver | null = null;
  #remoteStream: MediaStream | null = null;
  #remoteHeld = false;

  constructor(parts: ConnectionParts) {
    const { callId, timing, signal, iceServers } = parts;
    this.#parts = parts;
    const pc = new RTCPeerConnection(iceServers ? { iceServers: [...iceServers] } : {});
    this.pc = pc;
    this.neg = new Negotiator(pc, callId, !parts.caller, parts.send, {
      remoteOffer: (description) => this.#remoteOffer(description),
      settled: () => {
        this.#recovery.settled();
        this.#holds.settled();
      },
      failed: () => {}, // a failed re-offer shows up as a hold timeout or a lost connection
    });
    const expectingInbound = () => this.#expectingInbound();
    this.#watch = new MediaWatch(pc, { intervalMs: 500, stallMs: timing.stallMs }, expectingInbound, (health) => {
      if (!this.#listeners.signal.aborted) this.#recovery.health(health);
    });
    this.#recovery = new MediaRecovery(parts, this.neg, this.#watch, expectingInbound);
    this.#holds = new HoldNegotiation(parts, this.neg, this.#watch);
    this.#playback = new RemotePlayback(parts.remoteElement, parts.playRemoteAudio);
    const listening = { signal: this.#listeners.signal };
    pc.addEventListener(
      'track',
      (event) => {
        const stream = event.streams[0] ?? new MediaStream([event.track]);
        this.#remoteStream = stream;
        this.#playback.play(stream);
        signal({ type: 'media', callId, remoteStream: stream });
      },
      listening,
    );
    pc.addEventListener('connectionstatechange', () => parts.stateChanged(), listening);
  }

  /** Our audio's sender, for RFC 4733 tones. */
  get sender(): RTCRtpSender | undefined {
    return this.#transceiver?.sender;
  }

  /** Sends the stream's audio (muted if the call is) and tells the core of the connection and the stream. */
  addLocalAudio(stream: MediaStream, muted: boolean, preferredCodecs?: readonly string[]): void {
    this.#transceiver = addLocalAudio(this.pc, stream, muted, preferredCodecs);
    this.#parts.signal({ type: 'media', callId: this.#parts.callId, peerConnection: this.pc, localStream: stream });
  }

  setMuted(muted: boolean): void {
    const track = this.#transceiver?.sender.track;
    if (track) track.enabled = !muted;
  }

  hold(): void {
    if (this.#transceiver) void this.#holds.change(this.#transceiver, 'inactive', 'holdFailed');
  }

  unhold(): void {
    if (this.#transceiver) void this.#holds.change(this.#transceiver, 'sendrecv', 'unholdFailed');
  }

  /** Media is up: from now on a stall or ICE trouble starts the recovery. */
  watchMedia(): void {
    this.#watch.start();
  }

  close(): void {
    this.#recovery.stop();
    this.#listeners.abort();
    this.#watch.stop();
    this.neg.close();
    this.pc.close();
    for (const track of this.#remoteStream?.getTracks() ?? []) track.stop();
    this.#playback.stop();
    this.#holds.close();
  }

  /** Inbound audio should flow: the negotiated direction includes receiving. */
  #expectingInbound(): boolean {
    const direction = this.#transceiver?.currentDirection;
    return this.#parts.connected() && (direction === 'sendrecv' || direction === 'recvonly');
  }

  #remoteOffer(description: RTCSessionDescriptionInit): void {
    const held = isHoldOffer(description.sdp ?? '');
    if (held === this.#remoteHeld) return;
    this.#remoteHeld = held;
    this.#parts.signal({ type: 'remoteHold', callId: this.#parts.callId, held });
  }
}
