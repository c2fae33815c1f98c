import './support/resources';
import { expect, test } from 'vitest';
import { reach, sandboxPhone, until } from './support/calls';
import { countResources, openBroadcastChannels } from './support/resources';

const calls = 100;

test(`${calls} calls in a row leave no tracks, peer connections, audio contexts, listeners, timers or WebSockets behind`, {
  timeout: 120_000,
}, async () => {
  const phone = await sandboxPhone({ extension: 'leaky', timing: { ringMs: 0 } });
  const baseline = countResources();
  const started = performance.now();
  for (let i = 0; i < calls; i++) {
    const call = phone.call(i % 10 === 9 ? 'ivr' : 'echo');
    await reach(call, 'active');
    if (i === 0) {
      // The counters do see a live call: the echo's nodes, both connections, the line's listeners.
      await until(() => countResources().audioNodesConnected >= 2, 2000, 'the echo graph');
      const during = countResources();
      expect(during.peerConnections).toBe(2);
      expect(during.audioContexts).toBe(1);
      expect(during.liveTracks).toBeGreaterThanOrEqual(3);
      expect(during.listeners).toBeGreaterThan(baseline.listeners);
      expect(during.intervals).toBeGreaterThan(baseline.intervals);
    }
    if (i % 10 === 9) call.sendDigits('1');
    call.hangup();
  }
  const elapsed = performance.now() - started;
  await until(
    () => {
      const c = countResources();
      return (
        c.peerConnections === 0 &&
        c.audioContexts === 0 &&
        c.liveTracks === 0 &&
        c.audioNodesConnected === 0 &&
        c.listeners === baseline.listeners &&
        c.timeouts === baseline.timeouts
      );
    },
    5000,
    'everything to be released',
  );
  const after = countResources();
  console.log(`leak: ${calls} calls in ${Math.round(elapsed)} ms; baseline ${JSON.stringify(baseline)}; after ${JSON.stringify(after)}`);
  // Each call really made two connections (the phone's and the virtual party's) and one audio context.
  expect(after.peerConnectionsCreated - baseline.peerConnectionsCreated).toBe(calls * 2);
  expect(after.audioContextsCreated - baseline.audioContextsCreated).toBe(calls);
  expect(after).toMatchObject({
    peerConnections: 0,
    audioContexts: 0,
    liveTracks: 0,
    listeners: baseline.listeners,
    intervals: baseline.intervals,
    timeouts: baseline.timeouts,
    webSockets: 0,
  });
  expect(phone.calls).toEqual([]);
  phone.dispose();
  expect(countResources().listeners).toBeLessThan(baseline.listeners); // the line's pagehide listener goes with it
  expect(openBroadcastChannels()).toBe(0);
});
