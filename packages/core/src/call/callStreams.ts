/**
 * A call's media as the line reported it (the `media` signal): its peer connection and streams. A line whose
 * SDK owns the media may hand over only the peer connection: the streams are then that connection's tracks,
 * one stream per side and per connection (a re-attach brings another connection, so new streams).
 */
export class CallStreams {
  peerConnection: RTCPeerConnection | null = null;
  #local: MediaStream | null = null;
  #remote: MediaStream | null = null;
  #made: { pc: RTCPeerConnection; local?: MediaStream; remote?: MediaStream } | undefined;

  take(media: { peerConnection?: RTCPeerConnection; localStream?: MediaStream; remoteStream?: MediaStream }): void {
    if (media.peerConnection) this.peerConnection = media.peerConnection;
    if (media.localStream) this.#local = media.localStream;
    if (media.remoteStream) this.#remote = media.remoteStream;
  }

  /** The line's stream for that side; else, where the line owns the media, one made of its connection's tracks. */
  stream(side: 'local' | 'remote', lineOwnsMedia: boolean): MediaStream | null {
    const given = side === 'local' ? this.#local : this.#remote;
    const pc = this.peerConnection;
    // Only then: a line of the kit's gives its own streams, and a receiver's track may not be the one it plays.
    if (given || !pc || !lineOwnsMedia) return given;
    if (this.#made?.pc !== pc) this.#made = { pc };
    const tracks = (side === 'local' ? pc.getSenders() : pc.getReceivers()).flatMap(({ track }) => (track ? [track] : []));
    return (this.#made[side] ??= new MediaStream(tracks));
  }

  /** At the end: the call lets go of its media. */
  clear(): void {
    this.peerConnection = this.#local = this.#remote = null;
    this.#made = undefined;
  }
}
