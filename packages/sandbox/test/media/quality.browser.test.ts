import type { Call } from '@handset/core';
import type { QualitySample, QualityWarningName } from '@handset/core/media';
import { expect, test } from 'vitest';
import { reach, sleep } from '../support/calls';
import { useMediaPhones } from './support';

const { mediaPhone } = useMediaPhones();

function collect(call: Call) {
  const samples: QualitySample[] = [];
  const warnings: QualityWarningName[] = [];
  call.on('sample', (s) => samples.push(s));
  call.on('warning', (name) => warnings.push(name));
  return { samples, warnings };
}

async function peak(subscribe: (listener: (level: number) => void) => () => void, ms: number): Promise<number> {
  let max = 0;
  const off = subscribe((level) => {
    max = Math.max(max, level);
  });
  await sleep(ms);
  off();
  return max;
}

test('a call to echo emits a sample every second with rising packet counts and MOS above 4, and keeps a summary', async () => {
  const { phone } = await mediaPhone();
  const call = phone.call('echo');
  const { samples } = collect(call);
  await reach(call, 'active');
  await sleep(4600);
  expect(samples.length).toBeGreaterThanOrEqual(4);
  expect(samples.length).toBeLessThanOrEqual(5);
  const totals = samples.map((s) => s.totals.packetsReceived);
  expect(totals).toEqual([...totals].sort((a, b) => a - b));
  expect(new Set(totals).size).toBe(totals.length);
  for (const sample of samples.slice(1)) {
    expect(sample.packetsReceived).toBeGreaterThan(30); // ~50 a second
    expect(sample.mos).toBeGreaterThan(4);
    expect(sample.codecName).toBe('opus');
  }
  const live = phone.store.getState().quality[call.id];
  expect(live?.mos).toBeGreaterThan(4);
  expect(live?.level).toMatch(/excellent|good/);
  expect(live?.warnings).toEqual([]);
  call.hangup();
  expect(phone.store.getState().quality[call.id]).toBeUndefined();
  expect(call.snapshot.quality?.samples).toBe(samples.length);
  expect(call.snapshot.quality?.averageMos).toBeGreaterThan(4);
  expect(call.snapshot.quality?.warningsRaised).toEqual([]);
});

test('a microphone muted for 10 s raises no constant-audio-input-level; a silent one unmuted does', async () => {
  const [muted, silent] = await Promise.all([mediaPhone(), mediaPhone()]);
  const context = new AudioContext();
  const silence = context.createMediaStreamDestination(); // a live track carrying digital silence
  try {
    const mutedCall = muted.phone.call('echo');
    const silentCall = silent.phone.call('echo', { localStream: silence.stream });
    const mutedSeen = collect(mutedCall);
    const silentSeen = collect(silentCall);
    await Promise.all([reach(mutedCall, 'active'), reach(silentCall, 'active')]);
    mutedCall.mute();
    await sleep(10_500);
    expect(mutedSeen.samples.length).toBeGreaterThanOrEqual(9);
    expect(mutedSeen.warnings).not.toContain('constant-audio-input-level');
    expect(mutedSeen.warnings).not.toContain('low-bytes-sent');
    expect(silentSeen.warnings).toContain('constant-audio-input-level');
    expect(silent.phone.store.getState().quality[silentCall.id]?.warnings).toContain('constant-audio-input-level');
    silentCall.hangup();
    expect(silentCall.snapshot.quality?.warningsRaised).toContain('constant-audio-input-level');
  } finally {
    await context.close();
  }
});

test('levels: the beeping fake microphone is above silence, a muted one reads zero, the echo comes back', async () => {
  const { phone, media } = await mediaPhone();
  const call = phone.call('echo');
  await reach(call, 'active');
  const input = media.callMeter(call, 'input');
  const output = media.callMeter(call, 'output');
  expect(input).not.toBeNull();
  expect(output).not.toBeNull();
  expect(await peak((l) => input!.subscribe(l), 1500)).toBeGreaterThan(0.05);
  expect(await peak((l) => output!.subscribe(l), 2500)).toBeGreaterThan(0.05);
  call.mute();
  expect(await peak((l) => input!.subscribe(l), 800)).toBe(0);
});

test("Twilio's volume event is delivered while it has a listener", async () => {
  const { phone } = await mediaPhone();
  const call = phone.call('echo');
  await reach(call, 'active');
  const volumes: Array<[number, number]> = [];
  call.on('volume', (input, output) => volumes.push([input, output]));
  await sleep(3000);
  expect(volumes.length).toBeGreaterThan(15); // on frames with a new level (every 43 ms at most), once the next sample sees the listener
  expect(Math.max(...volumes.map(([input]) => input))).toBeGreaterThan(0.05);
});

test('a level meter works on a microphone track before any call', async () => {
  const { media } = await mediaPhone();
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const meter = media.meter(stream.getAudioTracks()[0] as MediaStreamTrack);
  try {
    expect(await peak((l) => meter.subscribe(l), 1500)).toBeGreaterThan(0.05);
  } finally {
    meter.dispose();
    for (const track of stream.getTracks()) track.stop();
  }
});
