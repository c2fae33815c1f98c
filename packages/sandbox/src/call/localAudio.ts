import { HandsetError, type LineEnvironment } from '@handset/core';
import { namedAudioCodecs } from '@handset/core/line-kit';

/** The call's microphone: the app's own stream (left running at the end) or one opened for the call (stopped at the end). */
export class Microphone {
  #stream: MediaStream | null = null;
  #owned = false;

  /** The stream the call sends; `closed` says whether the call ended while the microphone was opening. */
  async open(
    env: LineEnvironment,
    given: MediaStream | undefined,
    audio: boolean | MediaTrackConstraints,
    closed: () => boolean,
  ): Promise<MediaStream> {
    if (given) {
      this.#stream = given;
      return given;
    }
    const stream = await env.getLocalStream({ audio });
    if (closed()) {
      for (const track of stream.getTracks()) track.stop(); // hung up while the microphone was opening
      return stream;
    }
    this.#stream = stream;
    this.#owned = true;
    return stream;
  }

  /** Stops the stream if the call opened it. */
  release(): void {
    if (this.#owned) for (const track of this.#stream?.getTracks() ?? []) track.stop();
  }
}

/** Sends the stream's audio track on the connection (muted if the call is); returns its transceiver. */
export function addLocalAudio(
  pc: RTCPeerConnection,
  stream: MediaStream,
  muted: boolean,
  preferredCodecs?: readonly string[],
): RTCRtpTransceiver | null {
  const track = stream.getAudioTracks()[0];
  if (!track) throw new HandsetError('invalid-option', 'The local stream has no audio track: give a localStream with one, or none.');
  track.enabled = !muted;
  const sender = pc.addTrack(track, stream);
  const transceiver = pc.getTransceivers().find((t) => t.sender === sender) ?? null;
  if (preferredCodecs?.length) preferCodecs(transceiver, preferredCodecs);
  return transceiver;
}

/** Reorders the transceiver's codecs so the named ones come first (setCodecPreferences). */
function preferCodecs(transceiver: RTCRtpTransceiver | null, names: readonly string[]): void {
  const codecs = globalThis.RTCRtpReceiver?.getCapabilities?.('audio')?.codecs;
  if (!transceiver || !codecs || typeof transceiver.setCodecPreferences !== 'function') return;
  const named = namedAudioCodecs(names, codecs);
  transceiver.setCodecPreferences([...named, ...codecs.filter((codec) => !named.includes(codec))]);
}
