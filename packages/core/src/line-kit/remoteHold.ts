/**
 * Calls `held` each time the far side puts the call on hold or resumes it, read from the peer connection after
 * each completed negotiation: a far side that holds leaves our audio transceiver `recvonly` (or `inactive`, when
 * we hold too), its resume `sendrecv` (or `sendonly`) again. For lines whose SDK applies the far side's re-INVITE
 * but reports no direction. Starts from "not held"; returns a function that stops listening.
 */
export function onRemoteHold(peer: RTCPeerConnection, held: (held: boolean) => void): () => void {
  let last = false;
  const check = () => {
    if (peer.signalingState !== 'stable') return;
    const audio = peer.getTransceivers().find((transceiver) => transceiver.receiver.track.kind === 'audio');
    const now = audio?.currentDirection === 'recvonly' || audio?.currentDirection === 'inactive';
    if (now !== last) held((last = now));
  };
  peer.addEventListener('signalingstatechange', check);
  return () => peer.removeEventListener('signalingstatechange', check);
}
