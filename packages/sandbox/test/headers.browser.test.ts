import './support/resources';
import { type Call, createPhone, type Phone } from '@handset/core';
import { browserMedia } from '@handset/core/media';
import { callParameters } from '@handset/core/parity';
import { afterEach, expect, test } from 'vitest';
import { sandbox } from '../src';
import { fastTiming, reach, uniqueChannel, until } from './support/calls';

// Two phones in one page stand for two tabs. What one side sends with accept, reject and hangup reaches the other.
const phones: Phone[] = [];
afterEach(() => {
  for (const phone of phones.splice(0)) phone.dispose();
});

async function pair(media = false): Promise<[Phone, Phone]> {
  const channel = uniqueChannel();
  const make = (extension: string) => {
    const phone = createPhone({
      line: sandbox({ channel, extension, timing: fastTiming }),
      ...(media ? { media: browserMedia({ quality: false }) } : {}),
    });
    phones.push(phone);
    return phone;
  };
  const both: [Phone, Phone] = [make('alice'), make('bob')];
  await Promise.all(both.map((phone) => phone.connect()));
  return both;
}

const nextIncoming = (phone: Phone) => new Promise<Call>((resolve) => phone.once('incoming', resolve));

test("an incoming call carries the caller's X- headers, the dialled To and customData; accept headers reach the caller", async () => {
  const [alice, bob] = await pair();
  const ringing = nextIncoming(bob);
  const call = alice.call('bob', { customHeaders: { 'X-Ticket': '42' }, customData: 'order=7' });
  const incoming = await ringing;
  expect(incoming.snapshot.remoteHeaders).toEqual([{ name: 'X-Ticket', value: '42' }]);
  expect(incoming.snapshot.to).toBe('bob');
  expect(callParameters(incoming).To).toBe('bob');
  expect(incoming.customData).toBe('order=7');
  incoming.accept({ customHeaders: { 'X-Agent': 'bob-7' } });
  await reach(call, 'active');
  expect(call.snapshot.remoteHeaders).toEqual([{ name: 'X-Agent', value: 'bob-7' }]);
  expect(call.snapshot.dtmfPath).toBe('rfc4733'); // the sandbox sends DTMF in the media, which the snapshot says
  call.hangup();
});

test("reject headers reach the caller's end; hangup headers reach the far side's end", async () => {
  const [alice, bob] = await pair();
  let ringing = nextIncoming(bob);
  const rejected = alice.call('bob');
  (await ringing).reject(603, { 'X-Reason': 'after-hours' });
  await reach(rejected, 'ended');
  expect(rejected.end).toMatchObject({ reason: 'rejected', sipCode: 603, headers: [{ name: 'X-Reason', value: 'after-hours' }] });

  ringing = nextIncoming(bob);
  const call = alice.call('bob');
  const incoming = await ringing;
  incoming.accept();
  await reach(call, 'active');
  call.hangup({ 'X-Wrap-Up': 'sale' });
  await reach(incoming, 'ended');
  expect(incoming.end).toMatchObject({ reason: 'hangup', by: 'remote', headers: [{ name: 'X-Wrap-Up', value: 'sale' }] });
});

test("a per-call speakerId plays that call's far side on that output, whatever the phone's speaker choice", async () => {
  const [alice, bob] = await pair(true);
  const outputs = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'audiooutput' && d.deviceId !== 'default');
  const speaker = outputs[0]?.deviceId;
  expect(speaker, 'Chromium with fake devices lists audio outputs').toBeTruthy();
  const remoteElement = document.createElement('audio');
  const ringing = nextIncoming(bob);
  const call = alice.call('bob', { speakerId: speaker as string, remoteElement });
  (await ringing).accept();
  await reach(call, 'active');
  expect(call.snapshot.unsupportedOptions).toEqual([]);
  await until(() => remoteElement.sinkId === speaker, 3000, 'the call to play on its own speaker');
  call.hangup();
});
