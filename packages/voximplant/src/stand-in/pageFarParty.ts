import { installPagePeers } from '@handset/core/testing';
import type { FarParty } from './farParty';

/**
 * The part of a Playwright `Page` the page-backed far party needs (structural, so the stand-in does not
 * depend on Playwright). The page must be a secure context with microphone permission, e.g. a page on
 * http://127.0.0.1 in a Chromium started with fake media devices.
 */
export interface FarPartyPage {
  // biome-ignore lint/suspicious/noExplicitAny: Playwright's evaluate is generic over its argument.
  evaluate(pageFunction: (arg: any) => unknown, arg?: any): Promise<unknown>;
}

type Action = 'answer' | 'reanswer' | 'offer' | 'reoffer' | 'accept' | 'candidate' | 'inboundPackets' | 'close';

declare global {
  interface Window {
    __handsetVoximplantFar?: { run(action: Action, sdp?: string, index?: number): Promise<unknown> };
  }
}

/**
 * A far party in any browser page (an app's own tests need no harness of ours): a plain RTCPeerConnection
 * with the page's (fake) microphone, one call at a time. It hears no DTMF; the package's own tests use a far
 * party that reads RFC 4733 events from the media.
 */
export async function createPageFarParty(page: FarPartyPage): Promise<FarParty> {
  await installPagePeers(page);
  await page.evaluate(installFarParty);
  const run = <T>(action: Action, sdp?: string, index?: number): Promise<T> =>
    page.evaluate(({ action, sdp, index }) => window.__handsetVoximplantFar?.run(action, sdp, index), { action, sdp, index }) as Promise<T>;
  return {
    answer: (offerSdp) => run('answer', offerSdp),
    reanswer: (offerSdp) => run('reanswer', offerSdp),
    offer: () => run('offer'),
    reoffer: (held) => run('reoffer', held ? 'sendonly' : 'sendrecv'),
    accept: (answerSdp) => run('accept', answerSdp),
    addCandidate: (candidate, index) => run('candidate', candidate, index),
    inboundPackets: () => run('inboundPackets'),
    close: () => run<void>('close').catch(() => undefined),
  };
}

/** Runs inside the page (serialised by `evaluate`), so it must not refer to anything outside itself. */
function installFarParty(): void {
  if (window.__handsetVoximplantFar) return;
  // Installed first by createPageFarParty (installPagePeers).
  const peers = window.__handsetPagePeers;
  if (!peers) throw new Error('the far party page has no window.__handsetPagePeers');
  let pc: RTCPeerConnection | null = null;
  let track: MediaStreamTrack | null = null;
  const close = () => {
    pc?.close();
    track?.stop();
    pc = null;
    track = null;
  };
  const fresh = async (): Promise<RTCPeerConnection> => {
    close();
    ({ pc, track } = await peers.withMicrophone());
    return pc;
  };
  const current = (): RTCPeerConnection => {
    if (!pc) throw new Error('the far party has no call');
    return pc;
  };
  window.__handsetVoximplantFar = {
    async run(action, sdp = '', index = 0) {
      switch (action) {
        case 'answer':
          return peers.answer(await fresh(), sdp);
        case 'reanswer':
          return peers.answer(current(), sdp);
        case 'offer':
          return peers.offer(await fresh());
        case 'reoffer': {
          // A new offer on the live connection (`sdp` is the direction): `sendonly` holds the client, `sendrecv` resumes.
          const connection = current();
          for (const transceiver of connection.getTransceivers()) transceiver.direction = sdp as RTCRtpTransceiverDirection;
          return peers.offer(connection);
        }
        case 'accept':
          return current().setRemoteDescription({ type: 'answer', sdp });
        case 'candidate':
          return current().addIceCandidate({ candidate: sdp, sdpMLineIndex: index });
        case 'inboundPackets':
          return peers.audioPackets(pc, 'inbound-rtp');
        case 'close':
          return close();
      }
    },
  };
}
