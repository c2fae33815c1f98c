/**
 * What the page-backed far parties of the vendor stand-ins (Telnyx, Voximplant) do with a peer connection
 * inside their page. Their page code is serialised by Playwright's `evaluate` and cannot import, so this is
 * installed in the page first, as `window.__handsetPagePeers`, and found there.
 */
export interface PagePeers {
  /** A new RTCPeerConnection sending the page's (fake) microphone. */
  withMicrophone(): Promise<{ pc: RTCPeerConnection; track: MediaStreamTrack }>;
  /** Makes an offer on `pc`; resolves with it once it carries every ICE candidate. */
  offer(pc: RTCPeerConnection): Promise<string>;
  /** Answers `offerSdp` on `pc`; resolves with the answer once it carries every ICE candidate. */
  answer(pc: RTCPeerConnection, offerSdp: string): Promise<string>;
  /** Audio RTP packets `pc` received (`inbound-rtp`) or sent (`outbound-rtp`); 0 without a connection. */
  audioPackets(pc: RTCPeerConnection | null | undefined, type: 'inbound-rtp' | 'outbound-rtp'): Promise<number>;
}

declare global {
  interface Window {
    __handsetPagePeers?: PagePeers;
  }
}

/** The part of a Playwright `Page` that installing needs (structural, so that nothing here depends on Playwright). */
export interface PeerPage {
  evaluate(pageFunction: () => unknown): Promise<unknown>;
}

/** Installs `window.__handsetPagePeers` in `page` (once; again is harmless), before a far party's own page code. */
export async function installPagePeers(page: PeerPage): Promise<void> {
  await page.evaluate(pagePeersInPage);
}

/** Runs inside the page (serialised by `evaluate`), so it must not refer to anything outside itself. */
export function pagePeersInPage(): void {
  if (window.__handsetPagePeers) return;
  const gathered = (pc: RTCPeerConnection): Promise<void> =>
    new Promise((resolve) => {
      if (pc.iceGatheringState === 'complete') return resolve();
      const done = () => {
        if (pc.iceGatheringState !== 'complete') return;
        pc.removeEventListener('icegatheringstatechange', done);
        resolve();
      };
      pc.addEventListener('icegatheringstatechange', done);
    });
  const described = async (pc: RTCPeerConnection): Promise<string> => {
    await gathered(pc);
    return pc.localDescription?.sdp ?? '';
  };
  window.__handsetPagePeers = {
    async withMicrophone() {
      const pc = new RTCPeerConnection();
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const [track] = stream.getAudioTracks();
      if (!track) throw new Error('the far party page has no microphone');
      pc.addTrack(track, stream);
      return { pc, track };
    },
    async offer(pc) {
      await pc.setLocalDescription(await pc.createOffer());
      return described(pc);
    },
    async answer(pc, offerSdp) {
      await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
      await pc.setLocalDescription(await pc.createAnswer());
      return described(pc);
    },
    async audioPackets(pc, type) {
      let count = 0;
      (await pc?.getStats())?.forEach((report) => {
        if (report.type === type && report.kind === 'audio')
          count += (type === 'inbound-rtp' ? report.packetsReceived : report.packetsSent) ?? 0;
      });
      return count;
    },
  };
}
