import './support/resources';
import { type Call, createPhone, type DtmfTone, type Phone } from '@handset/core';
import { onTwilioEvent } from '@handset/core/parity';
import { afterEach, expect, test } from 'vitest';
import { sandbox } from '../src';
import { ended, fastTiming, inboundAudio, peakInboundLevel, reach, sleep, uniqueChannel, until } from './support/calls';
import { countResources, openBroadcastChannels } from './support/resources';

// Two phones in one page stand for two tabs: BroadcastChannel delivers between them exactly as between tabs.
const phones: Phone[] = [];
afterEach(async () => {
  for (const phone of phones.splice(0)) phone.dispose();
  await until(() => countResources().peerConnections === 0 && countResources().liveTracks === 0, 3000, 'release');
  expect(openBroadcastChannels()).toBe(0);
});

function tab(channel: string, extension: string, displayName?: string): Phone {
  const phone = createPhone({ line: sandbox({ channel, extension, displayName, timing: fastTiming }) });
  phones.push(phone);
  return phone;
}

function nextIncoming(phone: Phone): Promise<Call> {
  return new Promise((resolve) => phone.once('incoming', resolve));
}

test('registering an extension another tab holds fails with registration-conflict; the holder keeps it', async () => {
  const channel = uniqueChannel();
  const first = tab(channel, 'alice');
  await first.connect();
  const second = tab(channel, 'alice');
  await expect(second.connect()).rejects.toMatchObject({ code: 'registration-conflict' });
  expect(second.registration).toBe('failed');
  expect(second.store.getState().registration.error?.code).toBe('registration-conflict');
  expect(first.registration).toBe('registered');

  // The holder still receives calls.
  const caller = tab(channel, 'carol');
  await caller.connect();
  const ringing = nextIncoming(first);
  const call = caller.call('alice');
  const incoming = await ringing;
  expect(incoming.remote.number).toBe('carol');
  call.hangup();
  expect(await ended(incoming)).toMatchObject({ reason: 'cancelled', by: 'remote' });

  // Two tabs claiming one name at the same moment: exactly one gets it.
  const results = await Promise.allSettled([tab(channel, 'dave').connect(), tab(channel, 'dave').connect()]);
  expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
});

test('two tabs: ring, answer, media both ways, hold and unhold on both sides, mute, DTMF, messages, hangup from the callee', async () => {
  const channel = uniqueChannel();
  const alice = tab(channel, 'alice', 'Alice');
  const bob = tab(channel, 'bob', 'Bob');
  await Promise.all([alice.connect(), bob.connect()]);

  const ringing = nextIncoming(alice);
  const outgoing = bob.call('alice', { customHeaders: { 'X-Ticket': '42' } });
  const incoming = await ringing;
  expect(incoming.remote).toEqual({ number: 'bob', name: 'Bob' });
  await reach(outgoing, 'ringing');
  incoming.accept();
  await Promise.all([reach(incoming, 'active'), reach(outgoing, 'active')]);

  const alicePc = incoming.peerConnection as RTCPeerConnection;
  const bobPc = outgoing.peerConnection as RTCPeerConnection;
  await sleep(1200);
  // Media both ways: each side receives audio above silence.
  expect((await inboundAudio(alicePc)).packetsReceived).toBeGreaterThan(20);
  expect((await inboundAudio(bobPc)).packetsReceived).toBeGreaterThan(20);
  expect(await peakInboundLevel(alicePc, 800)).toBeGreaterThan(0.05);
  expect(await peakInboundLevel(bobPc, 800)).toBeGreaterThan(0.05);

  // Hold by the callee: both sides see it.
  const bobSaw: string[] = [];
  outgoing.on('hold', (by) => bobSaw.push(`hold:${by}`));
  outgoing.on('unhold', (by) => bobSaw.push(`unhold:${by}`));
  incoming.hold();
  expect(incoming.state).toBe('held');
  await until(() => outgoing.snapshot.remoteHold, 3000, 'bob to see the remote hold');
  const transceiver = alicePc.getTransceivers()[0] as RTCRtpTransceiver;
  await until(() => transceiver.currentDirection === 'inactive', 3000, 'alice to apply the answer to her hold');
  const heldPackets = (await inboundAudio(bobPc)).packetsReceived;
  await sleep(600);
  expect((await inboundAudio(bobPc)).packetsReceived - heldPackets).toBeLessThan(5); // nothing flows while held
  incoming.unhold();
  await until(() => !outgoing.snapshot.remoteHold, 3000, 'bob to see the unhold');
  expect(incoming.state).toBe('active');
  // Bob hears the resume with the offer; Alice's transceiver turns sendrecv when his answer is applied, a moment later.
  await until(() => transceiver.currentDirection === 'sendrecv', 3000, 'alice to apply the answer to her resume');
  expect(bobSaw).toEqual(['hold:remote', 'unhold:remote']);

  // Hold by the caller, seen by the callee.
  outgoing.hold();
  await until(() => incoming.snapshot.remoteHold, 3000, 'alice to see the remote hold');
  outgoing.unhold();
  await until(() => !incoming.snapshot.remoteHold, 3000, 'alice to see the unhold');
  expect([incoming.state, outgoing.state]).toEqual(['active', 'active']);

  // Mute is real: bob's track is disabled and alice hears silence.
  await sleep(800);
  expect(await peakInboundLevel(alicePc, 800)).toBeGreaterThan(0.05);
  outgoing.mute();
  expect(bobPc.getSenders()[0]?.track?.enabled).toBe(false);
  await sleep(600);
  expect(await peakInboundLevel(alicePc, 1000)).toBeLessThan(0.01);
  outgoing.mute(false);

  // DTMF, messages and INFO cross over.
  const digits: DtmfTone[] = [];
  incoming.on('dtmf', (digit) => digits.push(digit));
  const received: unknown[] = [];
  outgoing.on('messageReceived', (message) => received.push(message.content));
  const sent: unknown[] = [];
  incoming.on('messageSent', (message) => sent.push(message.content));
  const infos: string[] = [];
  incoming.on('info', (type, body, headers) => infos.push(`${type} ${body} ${JSON.stringify(headers)}`));
  outgoing.sendDigits('5*');
  incoming.sendMessage({ content: { hello: 'bob' } });
  outgoing.sendInfo('application/x-note', 'ping', { 'X-Ticket': '42' });
  await until(() => digits.length === 2 && received.length === 1 && sent.length === 1 && infos.length === 1, 3000, 'in-call signals');
  expect(digits).toEqual(['5', '*']);
  expect(received).toEqual([{ hello: 'bob' }]);
  expect(sent).toEqual([{ hello: 'bob' }]);
  expect(infos).toEqual(['application/x-note ping [{"name":"X-Ticket","value":"42"}]']);

  // The callee hangs up.
  incoming.hangup();
  expect(await ended(outgoing)).toMatchObject({ reason: 'hangup', by: 'remote' });
  expect(incoming.end).toMatchObject({ reason: 'hangup', by: 'local' });
  expect([alicePc.signalingState, bobPc.signalingState]).toEqual(['closed', 'closed']);
});

test('two tabs: the caller cancels while ringing; a rejected call ends busy or rejected', async () => {
  const channel = uniqueChannel();
  const alice = tab(channel, 'alice');
  const bob = tab(channel, 'bob');
  await Promise.all([alice.connect(), bob.connect()]);

  let ringing = nextIncoming(alice);
  const cancelled = bob.call('alice');
  let incoming = await ringing;
  let cancelEvents = 0;
  onTwilioEvent(incoming, 'cancel', () => cancelEvents++);
  cancelled.hangup();
  expect(cancelled.end).toMatchObject({ reason: 'cancelled', by: 'local' });
  expect(await ended(incoming)).toMatchObject({ reason: 'cancelled', by: 'remote' });
  expect(cancelEvents).toBe(1);

  ringing = nextIncoming(alice);
  const busy = bob.call('alice');
  incoming = await ringing;
  incoming.reject();
  expect(await ended(busy)).toMatchObject({ reason: 'busy', sipCode: 486, by: 'remote' });

  ringing = nextIncoming(alice);
  const declined = bob.call('alice');
  incoming = await ringing;
  incoming.reject(603);
  expect(await ended(declined)).toMatchObject({ reason: 'rejected', sipCode: 603, by: 'remote' });
});
