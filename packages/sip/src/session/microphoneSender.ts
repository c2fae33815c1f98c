/**
 * The microphone sends only while the call is neither muted nor held. Held, the track is taken off
 * its sender: a disabled track still sends 50 packets a second of silence, and a held line sends nothing.
 */
export class MicrophoneSender {
  /** Microphone tracks taken off their senders while held, to put back on resume. */
  readonly #heldTracks = new Map<RTCRtpSender, MediaStreamTrack>();

  apply(pc: RTCPeerConnection | undefined, muted: boolean, held: boolean): void {
    if (!pc || pc.signalingState === 'closed') return;
    for (const sender of pc.getSenders()) {
      const track = sender.track ?? this.#heldTracks.get(sender);
      if (!track) continue;
      track.enabled = !muted && !held;
      if (held && sender.track) {
        this.#heldTracks.set(sender, track);
        sender.replaceTrack(null).catch(() => {});
      } else if (!held && !sender.track) {
        this.#heldTracks.delete(sender);
        sender.replaceTrack(track).catch(() => {});
      }
    }
  }
}
