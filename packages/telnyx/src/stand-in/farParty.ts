import { installPagePeers } from '@handset/core/testing';

/**
 * The far party of a call: whoever is at the other end of Telnyx's network. The stand-in has no media
 * server, so it hands the browser's SDP to a far party and the far party's SDP to the browser; the media
 * between them is then real (ICE, DTLS-SRTP, Opus) on loopback.
 */
export interface FarParty {
  /** Answers the browser's offer (an outgoing call); resolves with an answer that carries every candidate. */
  answer(offerSdp: string): Promise<string>;
  /** Makes an offer for the browser (an incoming call, or a re-attach after a reload or reconnection). */
  offer(): Promise<string>;
  /** Takes the browser's answer to the last `offer()`. */
  accept(answerSdp: string): Promise<void>;
  /**
   * What Telnyx does to the far leg when the browser holds: it stops sending to the browser
   * (direction 'recvonly' from the far party's side) until unheld ('sendrecv').
   */
  setHeld(held: boolean): Promise<void>;
  direction(): Promise<'sendrecv' | 'recvonly' | 'closed'>;
  /** Audio RTP packets received from the browser (getStats `inbound-rtp`), on the current connection. */
  inboundPackets(): Promise<number>;
  /** Audio RTP packets sent to the browser (getStats `outbound-rtp`), on the current connection. */
  outboundPackets(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The part of a Playwright `Page` the page-backed far party needs (structural, so the stand-in does not
 * depend on Playwright). The page must be a secure context with microphone permission, e.g. a page on
 * http://127.0.0.1 in a Chromium started with fake media devices.
 */
export interface FarPartyPage {
  // biome-ignore lint/suspicious/noExplicitAny: Playwright's evaluate is generic over its argument.
  evaluate(pageFunction: (arg: any) => unknown, arg?: any): Promise<unknown>;
}

let nextPartyId = 1;

/**
 * A far party in a browser page: a plain RTCPeerConnection with the page's (fake) microphone, one per
 * far party; several far parties can share a page. Each `offer()` starts a fresh connection, since after a
 * reload or re-attach the browser's side is a new RTCPeerConnection too.
 */
export async function createPageFarParty(page: FarPartyPage): Promise<FarParty> {
  await installPagePeers(page);
  await page.evaluate(installFarParties);
  const id = nextPartyId++;
  const run = <T>(action: FarPartyAction, sdp?: string): Promise<T> =>
    page.evaluate(({ id, action, sdp }) => window.__handsetFarParties?.run(id, action, sdp), { id, action, sdp }) as Promise<T>;
  return {
    answer: (offerSdp) => run('answer', offerSdp),
    offer: () => run('offer'),
    accept: (answerSdp) => run('accept', answerSdp),
    setHeld: (held) => run(held ? 'hold' : 'unhold'),
    direction: () => run('direction'),
    inboundPackets: () => run('inboundPackets'),
    outboundPackets: () => run('outboundPackets'),
    close: () => run('close'),
  };
}

type FarPartyAction = 'answer' | 'offer' | 'accept' | 'hold' | 'unhold' | 'direction' | 'inboundPackets' | 'outboundPackets' | 'close';

declare global {
  interface Window {
    __handsetFarParties?: { run(id: number, action: FarPartyAction, sdp?: string): Promise<unknown> };
  }
}

/** Runs inside the page (serialised by `evaluate`), so it must not refer to anything outside itself. */
function installFarParties(): void {
  if (window.__handsetFarParties) return;
  interface Party {
    pc: RTCPeerConnection | null;
    track: MediaStreamTrack | null;
    held: boolean;
  }
  const parties = new Map<number, Party>();
  // Installed first by createPageFarParty (installPagePeers).
  const peers = window.__handsetPagePeers;
  if (!peers) throw new Error('the far party page has no window.__handsetPagePeers');
  const fresh = async (party: Party): Promise<RTCPeerConnection> => {
    party.pc?.close();
    party.track?.stop();
    const { pc, track } = await peers.withMicrophone();
    party.pc = pc;
    party.track = track;
    party.held = false;
    return pc;
  };
  const sender = (party: Party): RTCRtpSender | undefined =>
    party.pc?.getSenders().find((each) => each.track?.kind === 'audio' || each.track === null);
  window.__handsetFarParties = {
    async run(id, action, sdp) {
      let party = parties.get(id);
      if (!party) {
        party = { pc: null, track: null, held: false };
        parties.set(id, party);
      }
      switch (action) {
        case 'answer':
          return peers.answer(await fresh(party), sdp ?? '');
        case 'offer':
          return peers.offer(await fresh(party));
        case 'accept':
          if (!party.pc) throw new Error(`far party ${id} has made no offer`);
          await party.pc.setRemoteDescription({ type: 'answer', sdp: sdp ?? '' });
          return undefined;
        case 'hold':
        case 'unhold': {
          party.held = action === 'hold';
          await sender(party)?.replaceTrack(party.held ? null : party.track);
          return undefined;
        }
        case 'direction':
          if (!party.pc || party.pc.connectionState === 'closed') return 'closed';
          return party.held ? 'recvonly' : 'sendrecv';
        case 'inboundPackets':
          return peers.audioPackets(party.pc, 'inbound-rtp');
        case 'outboundPackets':
          return peers.audioPackets(party.pc, 'outbound-rtp');
        case 'close':
          party.pc?.close();
          party.track?.stop();
          parties.delete(id);
          return undefined;
      }
    },
  };
}
