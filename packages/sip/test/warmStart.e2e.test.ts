/**
 * The warm start (`line.warmUp()`) through a real Kamailio, with Chromium pages running the harness
 * (test/harness/page.ts): the microphone and the peer connection it opens are the ones the next call
 * uses, and whatever no call took is stopped by the release, by the line's bound, or by a call that
 * could not use it. Each page counts its own microphones and peer connections. No timing is asserted
 * here: `scripts/bench-sip.mjs` measures what the warm start saves.
 * Needs the Debian packages kamailio, kamailio-websocket-modules and chromium.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { testDomain } from './bed/kamailio';
import { useKamailioPhones } from './bed/kamailioPhones';
import { audioBothWays, eventually, type PhonePage, waitForLog } from './bed/pages';

declare global {
  interface Window {
    /** Every microphone stream and peer connection the page made, in order. */
    opened?: { streams: MediaStream[]; peerConnections: RTCPeerConnection[] };
  }
}

/** Run in every page before the harness: records its microphones and peer connections (the browser's own still work). */
function recordMedia(): void {
  const opened = { streams: [] as MediaStream[], peerConnections: [] as RTCPeerConnection[] };
  window.opened = opened;
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(configuration?: RTCConfiguration) {
      super(configuration);
      opened.peerConnections.push(this);
    }
  };
  const devices = navigator.mediaDevices;
  const real = devices.getUserMedia.bind(devices);
  devices.getUserMedia = async (constraints) => {
    const stream = await real(constraints);
    opened.streams.push(stream);
    return stream;
  };
}

const { phone } = useKamailioPhones('handset sip warm start e2e', { initScript: recordMedia });

/** A page's microphones (track id and state) and peer connections (open or closed), as made so far. */
function media(page: Page) {
  return page.evaluate(() => {
    const opened = window.opened as NonNullable<Window['opened']>;
    const tracks = opened.streams.flatMap((stream) => stream.getTracks());
    return {
      tracks: tracks.map((track) => ({ id: track.id, state: track.readyState })),
      peerConnections: opened.peerConnections.map((pc) => (pc.signalingState === 'closed' ? 'closed' : 'open')),
    };
  });
}

type Media = Awaited<ReturnType<typeof media>>;
const released = (m: Media) => m.tracks.every((t) => t.state === 'ended') && m.peerConnections.every((pc) => pc === 'closed');

/** `warmUp()` on `name`'s line; resolves once its microphone is open. */
async function warmUp(p: PhonePage, name: string): Promise<Media> {
  await p.page.evaluate((n) => window.bed.warmUp(n), name);
  return eventually(
    () => media(p.page),
    (m) => m.tracks.length > 0,
  );
}

/** Alice calls Bob, who answers; both ids once both are active. */
async function call(alice: PhonePage, bob: PhonePage, options: Record<string, unknown> = {}) {
  const callerId = await alice.page.evaluate(([dest, o]) => window.bed.dial('alice', dest as string, o as never), [
    `sip:bob@${testDomain}`,
    options,
  ] as const);
  await waitForLog(bob.page, 'bob incoming');
  const calleeId = (await bob.page.evaluate(() => window.bed.incoming('bob'))) as string;
  await bob.page.evaluate((id) => window.bed.act(id, 'accept'), calleeId);
  await waitForLog(alice.page, `alice ${callerId} state active`);
  await waitForLog(bob.page, `bob ${calleeId} state active`);
  return { callerId, calleeId };
}

async function hangUp(alice: PhonePage, bob: PhonePage, ids: { callerId: string; calleeId: string }) {
  await alice.page.evaluate((id) => window.bed.act(id, 'hangup'), ids.callerId);
  await waitForLog(bob.page, `bob ${ids.calleeId} ended hangup by=remote`);
}

describe('SIP line warm start through Kamailio', () => {
  it('warmUp then dial: the call is placed on the warm peer connection and sends the warm microphone; audio flows both ways', async () => {
    const alice = await phone('alice');
    const bob = await phone('bob');
    const warm = await warmUp(alice, 'alice');
    // Open while warm (the browser's indicator shows it), with its peer connection made ahead.
    expect(warm.tracks).toEqual([{ id: expect.any(String), state: 'live' }]);
    expect(warm.peerConnections).toEqual(['open']);

    const ids = await call(alice, bob);
    await audioBothWays(alice, bob, ids);
    const sent = await alice.page.evaluate((id) => window.bed.sentTrackId(id), ids.callerId);
    expect(sent).toBe(warm.tracks[0]?.id);
    // Nothing else was opened for the call.
    const during = await media(alice.page);
    expect(during).toEqual({ tracks: [{ id: sent, state: 'live' }], peerConnections: ['open'] });
    // The release after the call took the set gives back nothing; the call still has its microphone.
    await alice.page.evaluate(() => window.bed.release('alice'));
    expect(await media(alice.page)).toEqual(during);

    await hangUp(alice, bob, ids);
    expect(await eventually(() => media(alice.page), released)).toEqual({
      tracks: [{ id: sent, state: 'ended' }],
      peerConnections: ['closed'],
    });
  });

  it('the release without a dial stops the microphone and closes the peer connection; warming up twice keeps one set', async () => {
    const alice = await phone('alice');
    await warmUp(alice, 'alice');
    await alice.page.evaluate(() => window.bed.warmUp('alice'));
    const twice = await eventually(
      () => media(alice.page),
      (m) => m.tracks.length > 1 || m.peerConnections.length > 1,
      1000,
    );
    expect(twice.tracks.map((t) => t.state)).toEqual(['live']);
    expect(twice.peerConnections).toEqual(['open']);

    await alice.page.evaluate(() => window.bed.release('alice'));
    expect(await eventually(() => media(alice.page), released)).toEqual({
      tracks: [{ id: expect.any(String), state: 'ended' }],
      peerConnections: ['closed'],
    });
  });

  it('warmUp and nothing dialled for the line’s bound (warmUpSecs): released', async () => {
    const alice = await phone('alice', { warmUpSecs: 1 });
    const warm = await warmUp(alice, 'alice');
    expect(released(warm)).toBe(false);
    const after = await eventually(() => media(alice.page), released, 5000);
    expect(after).toEqual({ tracks: [{ id: expect.any(String), state: 'ended' }], peerConnections: ['closed'] });
    // A later call opens its own, as without a warm start.
    const bob = await phone('bob');
    const ids = await call(alice, bob);
    await audioBothWays(alice, bob, ids);
    expect((await media(alice.page)).tracks.map((t) => t.state)).toEqual(['ended', 'live']);
    await hangUp(alice, bob, ids);
  });

  it('a dial asking for another microphone does not take the warm set: it is stopped and the call opens its own', async () => {
    const alice = await phone('alice');
    const bob = await phone('bob');
    const warm = await warmUp(alice, 'alice');
    const ids = await call(alice, bob, { audio: { echoCancellation: false } });
    await audioBothWays(alice, bob, ids);
    const sent = await alice.page.evaluate((id) => window.bed.sentTrackId(id), ids.callerId);
    expect(sent).not.toBe(warm.tracks[0]?.id);
    const during = await eventually(
      () => media(alice.page),
      (m) => m.tracks[0]?.state === 'ended',
    );
    expect(during).toEqual({
      tracks: [
        { id: warm.tracks[0]?.id, state: 'ended' },
        { id: sent, state: 'live' },
      ],
      peerConnections: ['closed', 'open'],
    });
    await hangUp(alice, bob, ids);
  });

  it('warmUp then an incoming call: accept() answers with the warm microphone, through the media kit', async () => {
    const alice = await phone('alice');
    const bob = await phone('bob', { withMedia: true });
    const warm = await warmUp(bob, 'bob');
    const ids = await call(alice, bob);
    await audioBothWays(alice, bob, ids);
    expect(await bob.page.evaluate((id) => window.bed.sentTrackId(id), ids.calleeId)).toBe(warm.tracks[0]?.id);
    expect((await media(bob.page)).peerConnections).toEqual(['open']);
    await hangUp(alice, bob, ids);
    expect(released(await eventually(() => media(bob.page), released))).toBe(true);
  });
});
