import { afterEach, describe, expect, it } from 'vitest';
import { installPagePeers, type PagePeers } from '../../src/testing/standIn';

/** A page that serialises what it evaluates, as Playwright does: a function that refers to anything outside itself fails here. */
const serialisingPage = { evaluate: async (pageFunction: () => unknown) => new Function(`return (${pageFunction.toString()})()`)() };

const connections: RTCPeerConnection[] = [];
const kept = (pc: RTCPeerConnection) => {
  connections.push(pc);
  return pc;
};

afterEach(() => {
  for (const pc of connections.splice(0)) pc.close();
  delete window.__handsetPagePeers;
});

async function installed(): Promise<PagePeers> {
  await installPagePeers(serialisingPage);
  const peers = window.__handsetPagePeers;
  if (!peers) throw new Error('not installed');
  return peers;
}

describe('page peers (a far party page’s peer connections)', () => {
  it('installs as window.__handsetPagePeers from its serialised source, once', async () => {
    const peers = await installed();
    await installPagePeers(serialisingPage);
    expect(window.__handsetPagePeers).toBe(peers);
  });

  it('offers and answers with every candidate gathered, and counts the audio each way', async () => {
    const peers = await installed();
    const { pc, track } = await peers.withMicrophone();
    kept(pc);
    expect(track.kind).toBe('audio');
    const far = kept(new RTCPeerConnection());
    const offer = await peers.offer(pc);
    expect(pc.iceGatheringState).toBe('complete');
    expect(offer).toContain('a=candidate:');
    const answer = await peers.answer(far, offer);
    expect(far.iceGatheringState).toBe('complete');
    expect(answer).toContain('a=candidate:');
    expect(await peers.audioPackets(pc, 'outbound-rtp')).toBe(0);
    await pc.setRemoteDescription({ type: 'answer', sdp: answer });
    await expect.poll(() => peers.audioPackets(pc, 'outbound-rtp'), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => peers.audioPackets(far, 'inbound-rtp'), { timeout: 10_000 }).toBeGreaterThan(0);
    // The far side sends nothing (it has no track), and no connection counts nothing.
    expect(await peers.audioPackets(far, 'outbound-rtp')).toBe(0);
    expect(await peers.audioPackets(null, 'inbound-rtp')).toBe(0);
  });
});
