/** SIP.js leaves our offer applied when its re-INVITE was refused or could not be sent: take it back. */
export function rollBackOffer(pc: RTCPeerConnection | undefined): Promise<void> {
  if (pc?.signalingState !== 'have-local-offer') return Promise.resolve();
  return pc.setLocalDescription({ type: 'rollback' }).catch(() => {});
}

/**
 * A rollback takes back the description, not the transceiver's direction that SIP.js set for the refused
 * offer: put back the one last agreed (`held`: sendonly), so that what we send matches what the core says.
 */
export function restoreDirection(pc: RTCPeerConnection | undefined, held: boolean): void {
  if (pc?.signalingState !== 'stable') return;
  const direction = held ? 'sendonly' : 'sendrecv';
  for (const transceiver of pc.getTransceivers()) {
    if (transceiver.direction === 'sendrecv' || transceiver.direction === 'sendonly') transceiver.direction = direction;
  }
}
