import type { DtmfPath, LineSignalSink } from '../line/Line';
import { onPeerConnected } from './peerConnected';

/** The peer connections handed over so far: each goes to the kit once. */
const handedOver = new WeakSet<RTCPeerConnection>();

/**
 * For an SDK that owns the peer connection: once `peer` is connected (ICE and DTLS up), `first()` runs, the media
 * kit gets the peer connection to sample (`media`), and the call is `connected` with `dtmfPath`; once per peer
 * connection, whichever call hands it over. An SDK that makes a new one on each re-attach hands each new one over.
 * False for a peer connection handed over before (nothing more is done).
 */
export function handOverPeer(
  peer: RTCPeerConnection,
  signal: LineSignalSink,
  callId: string,
  dtmfPath: DtmfPath,
  first?: () => void,
): boolean {
  if (handedOver.has(peer)) return false;
  handedOver.add(peer);
  let told = false;
  onPeerConnected(peer, () => {
    if (told) return;
    told = true;
    first?.();
    signal({ type: 'media', callId, peerConnection: peer });
    signal({ type: 'connected', callId, dtmfPath });
  });
  return true;
}
