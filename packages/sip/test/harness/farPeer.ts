/**
 * The far side's media for the scriptable SIP stub: a plain RTCPeerConnection in its own page,
 * with the fake microphone. The stub carries its SDP, so media between it and the phone under
 * test is real (ICE, DTLS, audio packets) while the SIP dialog is scripted.
 */
let pc: RTCPeerConnection | null = null;
let microphone: MediaStreamTrack | undefined;

function gathered(connection: RTCPeerConnection): Promise<void> {
  if (connection.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      if (connection.iceGatheringState !== 'complete') return;
      connection.removeEventListener('icegatheringstatechange', done);
      resolve();
    };
    connection.addEventListener('icegatheringstatechange', done);
  });
}

export const farPeer = {
  /** A new peer connection answers the phone's offer; the answer carries every candidate. */
  async answer(offer: string): Promise<string> {
    pc?.close();
    pc = new RTCPeerConnection();
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    for (const track of stream.getTracks()) pc.addTrack(track, stream);
    microphone = stream.getAudioTracks()[0];
    return farPeer.reanswer(offer);
  },
  /** Answers a later offer (a re-INVITE) on the same peer connection. */
  async reanswer(offer: string): Promise<string> {
    if (!pc) throw new Error('no far peer yet');
    await pc.setRemoteDescription({ type: 'offer', sdp: offer });
    // An offer that only sends to us (a call placed on hold) gets a receive-only transceiver of its own:
    // give it the microphone, so that a later offer to talk is answered sendrecv, as a phone would.
    for (const transceiver of pc.getTransceivers()) {
      if (microphone && transceiver.mid !== null && !transceiver.sender.track && transceiver.direction === 'recvonly') {
        await transceiver.sender.replaceTrack(microphone);
        transceiver.direction = 'sendrecv';
      }
    }
    await pc.setLocalDescription(await pc.createAnswer());
    await gathered(pc);
    return pc.localDescription?.sdp ?? '';
  },
  /** Audio packets the far side received from the phone. */
  async inboundPackets(): Promise<number> {
    let packets = 0;
    (await pc?.getStats())?.forEach((report) => {
      if (report.type === 'inbound-rtp' && report.kind === 'audio') packets += report.packetsReceived ?? 0;
    });
    return packets;
  },
  close(): void {
    pc?.close();
    pc = null;
  },
};
