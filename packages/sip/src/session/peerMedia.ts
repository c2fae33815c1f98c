import type { DtmfPath, DtmfTone, LineSignal } from '@handset/core';
import { firstAudioCodec } from '@handset/core/line-kit';
import type { SessionDescriptionHandler as SessionDescriptionHandlerContract, Web } from 'sip.js';
import type { DtmfMode } from '../options';
import { dtmfPathFor } from './dtmfPath';
import { MicrophoneSender } from './microphoneSender';
import { RemotePlayback } from './remotePlayback';

type SessionDescriptionHandler = Web.SessionDescriptionHandler;

export interface PeerMediaHost {
  readonly callId: string;
  readonly dtmfMode: DtmfMode;
  /** True when the phone plays the far side's audio (it has a media kit): the line then does not. */
  readonly playsRemoteAudio: () => boolean;
  /** The session still speaks for a call that goes on: only then does the line play the far side. */
  readonly audible: () => boolean;
  readonly signal: (signal: LineSignal) => void;
  /** The peer connection's (or its ICE's) state changed. */
  readonly stateChanged: () => void;
  /** The microphone's track is on its sender: mute and hold must apply to it before media flows. */
  readonly microphoneAdded: () => void;
}

/**
 * The peer connection SIP.js's session description handler made for a session: the `media` signal that
 * hands it to the core, the far side played when the phone does not, the microphone, DTMF in the media.
 */
export class PeerMedia {
  readonly #host: PeerMediaHost;
  readonly #microphone = new MicrophoneSender();
  readonly #playback = new RemotePlayback();
  #sdh: SessionDescriptionHandler | undefined;
  #detach: (() => void) | undefined;

  constructor(host: PeerMediaHost) {
    this.#host = host;
  }

  get peerConnection(): RTCPeerConnection | undefined {
    return this.#sdh?.peerConnection;
  }

  /** Follows a new handler's peer connection; a known one is only signalled again (a transfer's session is heard late). */
  attach(sdhContract: SessionDescriptionHandlerContract): void {
    const sdh = sdhContract as SessionDescriptionHandler;
    const pc = sdh.peerConnection;
    if (sdh === this.#sdh || !pc) {
      if (sdh === this.#sdh) this.signal();
      return;
    }
    this.#detach?.();
    this.#sdh = sdh;
    const onState = () => this.#host.stateChanged();
    const onTrack = () => this.signal();
    // SIP.js fires `addtrack` on its local stream once the track is on its sender (its documented signal).
    const local = sdh.localMediaStream;
    const onLocalTrack = () => this.#host.microphoneAdded();
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
    this.signal();
  }

  /** The `media` signal (again after each remote track: the core reads the streams anew). */
  signal(): void {
    const sdh = this.#sdh;
    if (!sdh?.peerConnection) return;
    if (this.#host.audible() && !this.#host.playsRemoteAudio()) this.#playback.play(sdh.remoteMediaStream);
    this.#host.signal({
      type: 'media',
      callId: this.#host.callId,
      peerConnection: sdh.peerConnection,
      localStream: sdh.localMediaStream,
      remoteStream: sdh.remoteMediaStream,
    });
  }

  /** `connected`: media flows, with the codec and the DTMF path the answer chose. */
  connected(): void {
    const codec = firstAudioCodec(this.answerSdp());
    this.#host.signal({ type: 'connected', callId: this.#host.callId, ...(codec ? { codec } : {}), dtmfPath: this.dtmfPath() });
  }

  /** The SDP answer of this dialog (ours when we were offered, the far side's when we offered). */
  answerSdp(): string | undefined {
    const pc = this.peerConnection;
    return (pc?.localDescription?.type === 'answer' ? pc.localDescription : pc?.remoteDescription)?.sdp;
  }

  dtmfPath(): DtmfPath {
    return dtmfPathFor(this.answerSdp(), this.#host.dtmfMode);
  }

  /** An RFC 4733 tone when the answer allows it; false when it must go by INFO instead. */
  sendDtmf(tone: DtmfTone, durationMs: number): boolean {
    const sdh = this.#sdh;
    if (!sdh || this.dtmfPath() !== 'rfc4733') return false;
    return sdh.sendDtmf(tone, { duration: Math.min(6000, Math.max(40, durationMs)), interToneGap: 30 });
  }

  applyMicrophone(muted: boolean, held: boolean): void {
    this.#microphone.apply(this.peerConnection, muted, held);
  }

  stopPlaying(): void {
    this.#playback.stop();
  }

  /** Stops following the peer connection (the session ended or is disposed). */
  detach(): void {
    this.#detach?.();
  }
}
