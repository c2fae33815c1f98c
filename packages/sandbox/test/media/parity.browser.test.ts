import type { Call } from '@handset/core';
import { record, routeSender } from '@handset/core/media';
import { expect, test } from 'vitest';
import { peakInboundLevel, reach, sleep, until } from '../support/calls';
import { useMediaPhones } from './support';

const { mediaPhone, audioContext, silentStream } = useMediaPhones();

/** A live 440 Hz tone. */
function toneStream(): MediaStream {
  const context = audioContext();
  const destination = context.createMediaStreamDestination();
  const oscillator = new OscillatorNode(context, { frequency: 440 });
  oscillator.connect(new GainNode(context, { gain: 0.5 })).connect(destination);
  oscillator.start();
  return destination.stream;
}

function audioSender(call: Call): RTCRtpSender {
  const sender = call.peerConnection?.getSenders().find((s) => s.track?.kind === 'audio');
  if (!sender) throw new Error('no audio sender');
  return sender;
}

/** Loudest absolute sample of a channel, optionally between two times in seconds. */
function peakOf(buffer: AudioBuffer, channel: number, from = 0, to = buffer.duration): number {
  let peak = 0;
  const data = buffer.getChannelData(channel).subarray(Math.floor(from * buffer.sampleRate), Math.floor(to * buffer.sampleRate));
  for (const sample of data) peak = Math.max(peak, Math.abs(sample));
  return peak;
}

test('record(): a recording of an echo call is a non-empty, playable Blob whose duration matches the call', async () => {
  const { phone, media } = await mediaPhone();
  const call = phone.call('echo');
  const events: string[] = [];
  call.on('recording', (state) => events.push(state));
  await reach(call, 'active');
  const recording = media.record(call);
  const started = performance.now();
  expect(recording.state).toBe('recording');
  await sleep(3000);
  const blob = await recording.stop();
  const seconds = (performance.now() - started) / 1000;
  expect(recording.state).toBe('stopped');
  expect(events).toEqual(['recording', 'stopped']);
  call.hangup();
  expect(blob.size).toBeGreaterThan(1000);
  expect(blob.type).toMatch(/^audio\/webm/);
  const decoded = await audioContext().decodeAudioData(await blob.arrayBuffer());
  expect(decoded.duration).toBeGreaterThan(seconds - 0.6);
  expect(decoded.duration).toBeLessThan(seconds + 0.6);
  expect(Math.abs(decoded.duration - (call.snapshot.endedAt! - call.snapshot.answeredAt!) / 1000)).toBeLessThan(1);
  expect(peakOf(decoded, 0)).toBeGreaterThan(0.01); // the beeps of the fake microphone, and their echo
});

test('record({ stereo: true }): our side on the left, the far side on the right; it stops by itself when the call ends', async () => {
  const { phone } = await mediaPhone();
  const call = phone.call('echo', { localStream: silentStream() });
  await reach(call, 'active');
  const sender = audioSender(call);
  const tone = toneStream().getAudioTracks()[0]!;
  await sender.replaceTrack(tone); // we send a tone; the echo sends it back a second later
  const recording = record(call, { stereo: true }); // the standalone function, with a context of its own
  const states: string[] = [];
  recording.subscribe((state) => states.push(state));
  await sleep(3000);
  call.hangup();
  expect(recording.state).toBe('stopped');
  const blob = await recording.stop();
  expect(states).toEqual(['recording', 'stopped']);
  const decoded = await audioContext().decodeAudioData(await blob.arrayBuffer());
  expect(decoded.numberOfChannels).toBe(2);
  expect(decoded.duration).toBeGreaterThan(1.8);
  expect(peakOf(decoded, 0)).toBeGreaterThan(0.05);
  expect(peakOf(decoded, 1)).toBeGreaterThan(0.05);
  // The channels are apart: the echo reaches the right channel about a second after the tone on the left.
  expect(peakOf(decoded, 0, 0.2, 0.6)).toBeGreaterThan(0.05);
  expect(peakOf(decoded, 1, 0.2, 0.6)).toBeLessThan(0.02);
  tone.stop();
});

test('record() refuses a call without media (invalid-state) and a browser without MediaRecorder (unsupported)', async () => {
  const { phone } = await mediaPhone();
  const call = phone.call('echo');
  expect(() => record(call)).toThrow(expect.objectContaining({ code: 'invalid-state' }));
  await reach(call, 'active');
  const original = globalThis.MediaRecorder;
  try {
    // @ts-expect-error: a browser without MediaRecorder
    delete globalThis.MediaRecorder;
    expect(() => record(call)).toThrow(expect.objectContaining({ code: 'unsupported', message: expect.stringContaining('MediaRecorder') }));
  } finally {
    globalThis.MediaRecorder = original;
  }
  call.hangup();
});

test('startPlayback(): a tone played into an echo call comes back on the inbound level; stop() puts the microphone back', async () => {
  const { phone, media } = await mediaPhone();
  const call = phone.call('echo', { localStream: silentStream() });
  await reach(call, 'active');
  const pc = call.peerConnection!;
  const sender = audioSender(call);
  const microphone = sender.track;
  await sleep(500);
  expect(await peakInboundLevel(pc, 800)).toBeLessThan(0.01); // a silent microphone: nothing comes back

  const playback = await media.startPlayback(call, toneStream(), { mix: true });
  expect(playback.playing).toBe(true);
  expect(sender.track).not.toBe(microphone);
  // The echo is one second late, and later on a loaded machine: wait for the tone, within a bound.
  await until(async () => (await peakInboundLevel(pc, 300)) > 0.05, 8000, 'the tone to come back');

  await media.stopPlayback(call);
  await playback.ended;
  expect(playback.playing).toBe(false);
  expect(sender.track).toBe(microphone);
  // The silent microphone again: the echo goes quiet once the last of the tone has come back.
  await until(async () => (await peakInboundLevel(pc, 800)) < 0.01, 8000, 'the echo to go quiet');
  call.hangup();
});

test('startPlayback(): an AudioBuffer without mix replaces the microphone; a microphone swap during playback goes into the mix', async () => {
  const { phone, media } = await mediaPhone();
  const call = phone.call('echo', { localStream: silentStream() });
  await reach(call, 'active');
  const pc = call.peerConnection!;
  const sender = audioSender(call);
  const context = audioContext();
  const buffer = context.createBuffer(1, context.sampleRate, context.sampleRate);
  const data = buffer.getChannelData(0);
  for (let i = 0; i < data.length; i++) data[i] = 0.5 * Math.sin((2 * Math.PI * 440 * i) / context.sampleRate);
  const playback = await media.startPlayback(call, buffer, { loop: true, mix: false });
  const mixed = sender.track;
  expect(await peakInboundLevel(pc, 1500)).toBeGreaterThan(0.05);

  // The devices module swaps the microphone through the route: the sender keeps the mix.
  const newMicrophone = silentStream().getAudioTracks()[0]!;
  await routeSender(call, sender).replaceTrack(newMicrophone);
  expect(sender.track).toBe(mixed);
  await playback.stop();
  expect(sender.track).toBe(newMicrophone);
  call.hangup();
});

test('playback of a non-looping buffer ends by itself, and every playback stops when the call ends', async () => {
  const { phone, media } = await mediaPhone();
  const call = phone.call('echo', { localStream: silentStream() });
  await reach(call, 'active');
  const context = audioContext();
  const short = context.createBuffer(1, context.sampleRate / 4, context.sampleRate);
  const once = await media.startPlayback(call, short);
  await once.ended;
  expect(once.playing).toBe(false);
  const looping = await media.startPlayback(call, short, { loop: true });
  call.hangup();
  await looping.ended;
  expect(looping.playing).toBe(false);
});

test('detectVoice(): speaking for the beeping fake microphone, silence for a silent track', async () => {
  const [beeping, silent] = await Promise.all([mediaPhone(), mediaPhone()]);
  const beepCall = beeping.phone.call('echo');
  const silentCall = silent.phone.call('echo', { localStream: silentStream() });
  const beepEvents: string[] = [];
  const silentEvents: string[] = [];
  beepCall.on('speaking', () => beepEvents.push('speaking'));
  beepCall.on('silence', () => beepEvents.push('silence'));
  silentCall.on('speaking', () => silentEvents.push('speaking'));
  silentCall.on('silence', () => silentEvents.push('silence'));
  await Promise.all([reach(beepCall, 'active'), reach(silentCall, 'active')]);
  const beepVad = beeping.media.detectVoice(beepCall, { hangMs: 300 });
  silent.media.detectVoice(silentCall, { hangMs: 300 });
  await until(() => beepEvents.includes('speaking') && silentEvents.includes('silence'), 5000, 'speaking and silence');
  await sleep(1500);
  expect(beepEvents).toContain('speaking');
  expect(beepVad.speaking).not.toBeNull();
  expect(silentEvents).toEqual(['silence']);
  beepCall.hangup();
  silentCall.hangup();
});
