/**
 * Calls `connected` each time the peer connection reaches `connected` (ICE and DTLS up: media can flow), at
 * once if it already has. For lines whose SDK owns the peer connection. Returns a function that stops listening.
 */
export function onPeerConnected(peer: RTCPeerConnection, connected: () => void): () => void {
  const check = () => peer.connectionState === 'connected' && connected();
  peer.addEventListener('connectionstatechange', check);
  check();
  return () => peer.removeEventListener('connectionstatechange', check);
}
