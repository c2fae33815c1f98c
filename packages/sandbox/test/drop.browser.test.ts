import './support/resources';
import type { Phone } from '@handset/core';
import { afterEach, expect, test } from 'vitest';
import { ended, fastTiming, inboundAudio, reach, recordStates, sandboxPhone, sleep, until } from './support/calls';
import { countResources } from './support/resources';

let phone: Phone | null = null;
afterEach(async () => {
  phone?.dispose();
  phone = null;
  await until(() => countResources().peerConnections === 0 && countResources().intervals === 0, 3000, 'release');
});

const ufrag = (pc: RTCPeerConnection): string | undefined => /a=ice-ufrag:(\S+)/.exec(pc.localDescription?.sdp ?? '')?.[1];

test('drop: answers, loses its connection, goes reconnecting, recovers with an ICE restart', async () => {
  phone = await sandboxPhone();
  const call = phone.call('drop');
  const states = recordStates(call);
  const events: string[] = [];
  call.on('reconnecting', (error) => events.push(`reconnecting:${error?.code}`));
  call.on('reconnected', () => events.push('reconnected'));
  await reach(call, 'active');
  const pc = call.peerConnection as RTCPeerConnection;
  const ufragBefore = ufrag(pc);
  const answeredAt = performance.now();

  await reach(call, 'reconnecting', fastTiming.dropAfterMs + fastTiming.stallMs + 3000);
  const lostAfter = performance.now() - answeredAt;
  const packetsWhileLost = (await inboundAudio(pc)).packetsReceived;
  await reach(call, 'active', 8000);
  console.log(
    `drop: lost ${Math.round(lostAfter)} ms after the answer, back after ${Math.round(performance.now() - answeredAt - lostAfter)} ms`,
  );

  expect(states).toEqual(['dialing', 'ringing', 'connecting', 'active', 'reconnecting', 'active']);
  expect(events).toEqual(['reconnecting:media-failed', 'reconnected']);
  expect(lostAfter).toBeGreaterThan(fastTiming.dropAfterMs);
  // A real ICE restart: new credentials were negotiated.
  expect(ufrag(pc)).not.toBe(ufragBefore);
  // And media flows again.
  await sleep(500);
  expect((await inboundAudio(pc)).packetsReceived).toBeGreaterThan(packetsWhileLost + 10);
  // The recovery bound no longer applies once media is back: the call is still up after it has passed.
  await sleep(Math.max(0, answeredAt + lostAfter + fastTiming.reconnectTimeoutMs + 500 - performance.now()));
  expect(call.state).toBe('active');
  expect(events).toEqual(['reconnecting:media-failed', 'reconnected']);
  call.hangup();
  expect(call.end).toMatchObject({ reason: 'hangup', by: 'local' });
});

test('drop-forever: never recovers and ends with reason network', async () => {
  phone = await sandboxPhone();
  const call = phone.call('drop-forever');
  const states = recordStates(call);
  await reach(call, 'active');
  await reach(call, 'reconnecting', fastTiming.dropAfterMs + fastTiming.stallMs + 3000);
  const lostAt = performance.now();
  const end = await ended(call, fastTiming.reconnectTimeoutMs + 3000);
  const gaveUpAfter = performance.now() - lostAt;
  expect(end).toMatchObject({ reason: 'network', by: 'system' });
  expect(states).toEqual(['dialing', 'ringing', 'connecting', 'active', 'reconnecting', 'ended']);
  expect(gaveUpAfter).toBeGreaterThan(fastTiming.reconnectTimeoutMs - 200);
});
