import { describe, expect, it } from 'vitest';
import { onRemoteHold } from '../../src/line-kit';

/** Just enough of a peer connection: its signalling state and one transceiver's negotiated direction. */
class Peer extends EventTarget {
  signalingState: RTCSignalingState = 'stable';
  readonly transceivers = [
    { receiver: { track: { kind: 'video' } }, currentDirection: 'inactive' as RTCRtpTransceiverDirection | null },
    { receiver: { track: { kind: 'audio' } }, currentDirection: 'sendrecv' as RTCRtpTransceiverDirection | null },
  ];
  getTransceivers() {
    return this.transceivers;
  }
  /** A renegotiation: have-remote-offer, then stable with the audio direction the answer settled. */
  negotiate(direction: RTCRtpTransceiverDirection) {
    this.signalingState = 'have-remote-offer';
    this.dispatchEvent(new Event('signalingstatechange'));
    (this.transceivers[1] as { currentDirection: RTCRtpTransceiverDirection }).currentDirection = direction;
    this.signalingState = 'stable';
    this.dispatchEvent(new Event('signalingstatechange'));
  }
}

describe('onRemoteHold', () => {
  it("tells each change of the far side's hold from the audio direction, once per change, not the video's", () => {
    const peer = new Peer();
    const told: boolean[] = [];
    const stop = onRemoteHold(peer as unknown as RTCPeerConnection, (held) => told.push(held));
    peer.negotiate('sendrecv');
    peer.negotiate('sendonly'); // our own hold
    expect(told).toEqual([]);
    peer.negotiate('recvonly');
    peer.negotiate('recvonly');
    peer.negotiate('sendrecv');
    peer.negotiate('inactive'); // both hold
    peer.negotiate('sendonly'); // the far side resumed, ours goes on
    expect(told).toEqual([true, false, true, false]);
    stop();
    peer.negotiate('recvonly');
    expect(told).toEqual([true, false, true, false]);
  });
});
