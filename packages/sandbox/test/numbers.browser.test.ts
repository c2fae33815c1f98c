import './support/resources';
import type { CallMessage, DtmfTone, Phone } from '@handset/core';
import { afterEach, expect, test } from 'vitest';
import { ended, inboundAudio, reach, recordStates, sandboxPhone, until } from './support/calls';
import { countResources } from './support/resources';

let phone: Phone | null = null;
afterEach(async () => {
  phone?.dispose();
  phone = null;
  // Whatever the number did, both ends are released afterwards.
  await until(
    () => {
      const c = countResources();
      return c.peerConnections === 0 && c.audioContexts === 0 && c.liveTracks === 0 && c.intervals === 0;
    },
    3000,
    `every connection, audio context, track and interval to be released (${JSON.stringify(countResources())})`,
  );
});

test('busy: ends busy with 486, never answered', async () => {
  phone = await sandboxPhone();
  const call = phone.call('busy');
  const states = recordStates(call);
  expect(await ended(call)).toEqual({ reason: 'busy', by: 'remote', sipCode: 486, message: '486 Busy Here' });
  expect(states).not.toContain('active');
  expect(call.answeredAt).toBeNull();
});

test('decline: rings, then ends rejected with 603', async () => {
  phone = await sandboxPhone();
  const call = phone.call('decline');
  const states = recordStates(call);
  expect(await ended(call)).toEqual({ reason: 'rejected', by: 'remote', sipCode: 603, message: '603 Decline' });
  expect(states).toEqual(['dialing', 'ringing', 'ended']);
});

test('noanswer: rings until timeoutSecs, then the core ends it no-answer and the line cancels', async () => {
  phone = await sandboxPhone();
  const started = performance.now();
  const call = phone.call('noanswer', { timeoutSecs: 5 });
  const states = recordStates(call);
  const end = await ended(call, 8000);
  const elapsed = performance.now() - started;
  expect(end).toEqual({ reason: 'no-answer', by: 'system' });
  expect(states).toEqual(['dialing', 'ringing', 'ended']);
  expect(elapsed).toBeGreaterThan(4900);
  expect(elapsed).toBeLessThan(6500);
});

test('early: rings with early media flowing before the answer, then answers', async () => {
  phone = await sandboxPhone();
  const call = phone.call('early');
  const ringing: boolean[] = [];
  call.on('ringing', (early) => ringing.push(early));
  await reach(call, 'ringing');
  expect(call.snapshot.earlyMedia).toBe(true);
  const pc = call.peerConnection as RTCPeerConnection;
  // The ringback arrives while the call is still ringing.
  await until(async () => (await inboundAudio(pc)).packetsReceived > 10, 3000, 'early media packets');
  expect(call.state).toBe('ringing');
  await until(async () => (await inboundAudio(pc)).totalAudioEnergy > 0, 3000, 'audible ringback');
  expect(call.state).toBe('ringing');
  await reach(call, 'active');
  expect(ringing).toEqual([true]);
  expect(call.snapshot.earlyMedia).toBe(false);
  call.hangup();
});

test('a number the sandbox does not know ends failed with 404, not a hang', async () => {
  phone = await sandboxPhone({ extension: 'alice' });
  for (const destination of ['+14155550123', 'sip:bob@example.com', 'nobody-here']) {
    const call = phone.call(destination);
    const end = await ended(call, 3000);
    expect(end).toMatchObject({ reason: 'failed', sipCode: 404 });
    expect(end.message).toMatch(/^404 Not Found/);
  }
  const self = phone.call('alice');
  expect(await ended(self, 3000)).toMatchObject({ reason: 'failed', sipCode: 482 });
});

test("ivr: sendDigits('1w2#') arrives as three digits, in order, with the pause honoured", async () => {
  phone = await sandboxPhone();
  const call = phone.call('ivr');
  await reach(call, 'active');
  const pc = call.peerConnection as RTCPeerConnection;
  const sender = pc.getSenders()[0] as RTCRtpSender;
  // The media path: RFC 4733 events leave through the RTCDTMFSender.
  const rtpTones: string[] = [];
  sender.dtmf?.addEventListener('tonechange', (event) => {
    if (event.tone) rtpTones.push(event.tone);
  });
  const messages: { message: CallMessage; at: number }[] = [];
  call.on('messageReceived', (message) => messages.push({ message, at: performance.now() }));
  const energyBefore = (await inboundAudio(pc)).totalAudioEnergy;

  call.sendDigits('1w2#');
  await until(() => messages.length === 3, 5000, 'three IVR replies');
  const digits = messages.map((m) => (m.message.content as { digit: DtmfTone }).digit);
  expect(digits).toEqual(['1', '2', '#']);
  expect(messages.every((m) => m.message.messageType === 'ivr-digit')).toBe(true);
  const [one, two, hash] = messages.map((m) => m.at) as [number, number, number];
  // Tone 100 ms + gap 70 ms between digits; the `w` adds 500 ms between 1 and 2.
  expect(two - one).toBeGreaterThan(600);
  expect(hash - two).toBeLessThan(450);
  await until(() => rtpTones.length === 3, 1000, 'the last RTP tone');
  expect(rtpTones).toEqual(['1', '2', '#']);
  // Each digit is also answered audibly.
  await until(async () => (await inboundAudio(pc)).totalAudioEnergy > energyBefore, 2000, 'the IVR to answer audibly');
  call.hangup();
});
