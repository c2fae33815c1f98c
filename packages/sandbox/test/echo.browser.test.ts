import './support/resources';
import type { Phone } from '@handset/core';
import { afterEach, expect, test } from 'vitest';
import { inboundAudio, peakInboundLevel, reach, sandboxPhone, sleep, until } from './support/calls';
import { countResources } from './support/resources';

let phone: Phone | null = null;
afterEach(() => {
  phone?.dispose();
  phone = null;
});

test('echo: reaches active; after 3 s audio has arrived above silence; hangup leaves no live track or open connection', async () => {
  phone = await sandboxPhone();
  const started = performance.now();
  const call = phone.call('echo');
  await reach(call, 'active');
  console.log(`echo: time to active ${Math.round(performance.now() - started)} ms`);
  const pc = call.peerConnection as RTCPeerConnection;
  expect(pc).toBeInstanceOf(RTCPeerConnection);
  expect(call.codec).toBe('opus');

  await sleep(3000);
  const inbound = await inboundAudio(pc);
  expect(inbound.packetsReceived).toBeGreaterThan(100); // 50 packets a second for about 3 s
  expect(inbound.totalAudioEnergy).toBeGreaterThan(0);
  expect(await peakInboundLevel(pc, 1200)).toBeGreaterThan(0.05); // the fake microphone's beep, echoed

  const tracks = [...(call.getLocalStream()?.getTracks() ?? []), ...(call.getRemoteStream()?.getTracks() ?? [])];
  expect(tracks.map((t) => t.readyState)).toEqual(['live', 'live']);
  call.hangup();
  expect(call.end).toMatchObject({ reason: 'hangup', by: 'local' });
  expect(tracks.map((t) => t.readyState)).toEqual(['ended', 'ended']);
  expect(pc.signalingState).toBe('closed');
  // The virtual party (its connection, audio context and generated track) goes too.
  await until(
    () => {
      const c = countResources();
      return c.peerConnections === 0 && c.audioContexts === 0 && c.liveTracks === 0;
    },
    3000,
    'the echo party to be torn down',
  );
  expect(countResources()).toMatchObject({
    peerConnections: 0,
    audioContexts: 0,
    liveTracks: 0,
    audioNodesConnected: 0,
    intervals: 0,
    peerConnectionsCreated: 2,
  });
});

test('echo: a burst of sound comes back about one second later, not before', async () => {
  const context = new AudioContext();
  const destination = context.createMediaStreamDestination();
  try {
    phone = await sandboxPhone();
    const call = phone.call('echo', { localStream: destination.stream });
    await reach(call, 'active');
    const pc = call.peerConnection as RTCPeerConnection;
    await sleep(1500); // our track carries digital silence, so the echo is silent too
    expect(await peakInboundLevel(pc, 500)).toBeLessThan(0.02);

    const burst = context.createOscillator();
    burst.frequency.value = 880;
    burst.connect(destination);
    const sentAt = performance.now();
    burst.start();
    burst.stop(context.currentTime + 0.3);
    let heardAt = 0;
    await until(
      async () => {
        if ((await inboundAudio(pc)).audioLevel > 0.1) heardAt = performance.now();
        return heardAt > 0;
      },
      3000,
      'the burst to come back',
    );
    burst.disconnect();
    const delay = heardAt - sentAt;
    console.log(`echo: burst came back after ${Math.round(delay)} ms`);
    expect(delay).toBeGreaterThan(900);
    expect(delay).toBeLessThan(1900); // the delay line plus jitter buffer and the level meter's lag
    call.hangup();
    // The app's own stream is the app's: the line must not stop it.
    expect(destination.stream.getAudioTracks()[0]?.readyState).toBe('live');
  } finally {
    for (const track of destination.stream.getTracks()) track.stop();
    await context.close();
  }
});
