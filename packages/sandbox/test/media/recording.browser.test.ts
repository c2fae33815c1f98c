import type { Call } from '@handset/core';
import { type BrowserMedia, detectVoice, type Recording, record } from '@handset/core/media';
import { afterEach, expect, test } from 'vitest';
import { wavTone } from '../../../../tools/testing/wavTone';
import { peakInboundLevel, reach, sleep, until } from '../support/calls';
import { useMediaPhones } from './support';

// Call Control's recording options (`record_track`, `record_max_length`, `record_timeout_secs`,
// `record_custom_file_name`) and `audio_url`, on echo calls of the sandbox line (the far side sends back
// what it hears about a second later). Durations and content are checked by decoding the recordings.

const { mediaPhone, audioContext, silentStream } = useMediaPhones();
const urls: string[] = [];
afterEach(() => {
  for (const url of urls.splice(0)) URL.revokeObjectURL(url);
});

/** A live 440 Hz tone that starts silent: `on()` and `off()` switch it. */
function switchedTone(): { stream: MediaStream; on(): void; off(): void } {
  const context = audioContext();
  const destination = context.createMediaStreamDestination();
  const oscillator = new OscillatorNode(context, { frequency: 440 });
  const gain = new GainNode(context, { gain: 0 });
  oscillator.connect(gain).connect(destination);
  oscillator.start();
  return {
    stream: destination.stream,
    on: () => gain.gain.setValueAtTime(0.5, context.currentTime),
    off: () => gain.gain.setValueAtTime(0, context.currentTime),
  };
}

function blobUrl(blob: Blob): string {
  const url = URL.createObjectURL(blob);
  urls.push(url);
  return url;
}

async function decode(blob: Blob): Promise<AudioBuffer> {
  return audioContext().decodeAudioData(await blob.arrayBuffer());
}

/** Loudest absolute sample of a channel, optionally between two times in seconds. */
function peakOf(buffer: AudioBuffer, channel: number, from = 0, to = buffer.duration): number {
  let peak = 0;
  const data = buffer.getChannelData(channel).subarray(Math.floor(from * buffer.sampleRate), Math.floor(to * buffer.sampleRate));
  for (const sample of data) peak = Math.max(peak, Math.abs(sample));
  return peak;
}

/** Resolves when the recording stops by itself, with the milliseconds it took from now. */
function stoppedBySelf(recording: Recording, timeoutMs: number): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still ${recording.state} after ${timeoutMs} ms`)), timeoutMs);
    recording.subscribe((state) => {
      if (state !== 'stopped') return;
      clearTimeout(timer);
      resolve(performance.now() - started);
    });
  });
}

function audioSender(call: Call): RTCRtpSender {
  const sender = call.peerConnection?.getSenders().find((s) => s.track?.kind === 'audio');
  if (!sender) throw new Error('no audio sender');
  return sender;
}

test("record({ track }): 'outbound' is what we send, 'inbound' what the far side sends back, 'both' the two; one track is mono", async () => {
  const { phone, media } = await mediaPhone();
  const tone = switchedTone();
  const call = phone.call('echo', { localStream: tone.stream });
  await reach(call, 'active');
  await sleep(300);
  const outbound = media.record(call, { track: 'outbound' });
  const inbound = media.record(call, { track: 'inbound', stereo: true }); // Call Control: one track ignores the channels setting
  const both = media.record(call, { track: 'both' });
  tone.on(); // a tone for 0.8 s; the echo brings it back about a second later
  await sleep(800);
  tone.off();
  await sleep(2700);
  const [ours, theirs, mixed] = await Promise.all([decode(await outbound.stop()), decode(await inbound.stop()), decode(await both.stop())]);
  call.hangup();
  for (const decoded of [ours, theirs, mixed]) {
    expect(decoded.numberOfChannels).toBe(1);
    expect(decoded.duration).toBeGreaterThan(3);
  }
  // Our side: the tone at once, then nothing (the echo coming back is not in it).
  expect(peakOf(ours, 0, 0.15, 0.65)).toBeGreaterThan(0.1);
  expect(peakOf(ours, 0, 1.3, ours.duration)).toBeLessThan(0.01);
  // The far side: nothing while we send the tone, then its echo.
  expect(peakOf(theirs, 0, 0, 0.7)).toBeLessThan(0.01);
  expect(peakOf(theirs, 0, 1.1, 2.3)).toBeGreaterThan(0.05);
  // Both: the tone and its echo.
  expect(peakOf(mixed, 0, 0.15, 0.65)).toBeGreaterThan(0.1);
  expect(peakOf(mixed, 0, 1.1, 2.3)).toBeGreaterThan(0.05);
});

test('record({ maxLengthSecs }): stops by itself at the limit, and the recording is at most that long', async () => {
  const { phone, media } = await mediaPhone();
  const call = phone.call('echo');
  const events: string[] = [];
  call.on('recording', (state) => events.push(state));
  await reach(call, 'active');
  const recording = media.record(call, { maxLengthSecs: 2 });
  const tookMs = await stoppedBySelf(recording, 10_000);
  expect(recording.state).toBe('stopped');
  expect(tookMs).toBeGreaterThan(1950);
  expect(tookMs).toBeLessThan(3000);
  expect(events).toEqual(['recording', 'stopped']);
  const blob = await recording.stop(); // the same recording, once it stopped by itself
  expect(blob).toBe(await recording.stop());
  expect(call.state).toBe('active'); // the call goes on
  const decoded = await decode(blob);
  expect(decoded.duration).toBeGreaterThan(1.6);
  expect(decoded.duration).toBeLessThanOrEqual(2.1);
  call.hangup();
});

test('record({ silenceTimeoutSecs }): no stop before voice is heard; after voice, stops once silence lasts that long', async () => {
  const { phone, media } = await mediaPhone();
  const tone = switchedTone();
  const call = phone.call('echo', { localStream: tone.stream });
  await reach(call, 'active');
  const recording = media.record(call, { track: 'outbound', silenceTimeoutSecs: 1 });
  await sleep(2000); // silence from the start: the timer waits for voice
  expect(recording.state).toBe('recording');
  tone.on();
  await sleep(1000);
  expect(recording.state).toBe('recording');
  tone.off();
  const tookMs = await stoppedBySelf(recording, 6000);
  expect(tookMs).toBeGreaterThan(950);
  expect(tookMs).toBeLessThan(2500);
  expect(call.state).toBe('active');
  const decoded = await decode(await recording.stop());
  expect(decoded.duration).toBeGreaterThan(3.6);
  expect(decoded.duration).toBeLessThan(5.2);
  expect(peakOf(decoded, 0, 0, 1.8)).toBeLessThan(0.01);
  expect(peakOf(decoded, 0, 2.2, 2.8)).toBeGreaterThan(0.1);
  expect(peakOf(decoded, 0, 3.3, decoded.duration)).toBeLessThan(0.01);
  call.hangup();
});

test('detectVoice(), as silenceTimeoutSecs uses it: with a meter that reports only changes, the hang time counts from the fall', async () => {
  let report: (level: number) => void = () => {};
  const meter = {
    subscribe(listener: (level: number) => void) {
      report = listener;
      return () => {};
    },
  };
  const vad = detectVoice(meter, { hangMs: 400 });
  report(1); // loud, then steady: no reading for a while
  expect(vad.speaking).toBe(true);
  await sleep(800);
  report(0); // it falls under the threshold now
  await sleep(200);
  expect(vad.speaking).toBe(true); // not silence at once: the hang time starts at the fall
  await until(() => vad.speaking === false, 2000, 'silence after the hang time');
  vad.stop();
});

test('record({ silenceTimeoutSecs, stereo }): the two sides are heard together; the far side talking keeps it going', async () => {
  const { phone } = await mediaPhone();
  const tone = switchedTone();
  const call = phone.call('echo', { localStream: tone.stream });
  await reach(call, 'active');
  const recording = record(call, { stereo: true, silenceTimeoutSecs: 0.7 }); // the standalone function, a context of its own
  tone.on();
  await sleep(600);
  tone.off();
  // Our side is silent from 0.6 s, but the echo of the tone comes back from about 1 s to 1.6 s.
  const tookMs = await stoppedBySelf(recording, 6000);
  expect(tookMs).toBeGreaterThan(1400);
  expect(tookMs).toBeLessThan(3500);
  const decoded = await decode(await recording.stop());
  expect(decoded.numberOfChannels).toBe(2);
  expect(peakOf(decoded, 0)).toBeGreaterThan(0.1);
  expect(peakOf(decoded, 1)).toBeGreaterThan(0.05);
  call.hangup();
});

test('record({ fileName }): the recording is a File of that name', async () => {
  const { phone, media } = await mediaPhone();
  const call = phone.call('echo');
  await reach(call, 'active');
  const recording = media.record(call, { fileName: 'support-call_42.webm' });
  await sleep(1200);
  const file = await recording.stop();
  call.hangup();
  expect(file).toBeInstanceOf(File);
  expect((file as File).name).toBe('support-call_42.webm');
  expect(file.type).toMatch(/^audio\/webm/);
  expect((await decode(file)).duration).toBeGreaterThan(0.8);
  // Without a name it stays a plain Blob.
  const call2 = phone.call('echo');
  await reach(call2, 'active');
  const plain = await media.record(call2).stop();
  expect(plain).not.toBeInstanceOf(File);
  call2.hangup();
});

test('record() refuses bad options with invalid-option before anything starts (before the media check, too)', async () => {
  const { phone, media } = await mediaPhone();
  const call = phone.call('echo');
  const events: string[] = [];
  call.on('recording', (state) => events.push(state));
  const bad: Array<[Record<string, unknown>, string]> = [
    [{ track: 'left' }, 'track'],
    [{ track: 'dual' }, 'track'],
    [{ maxLengthSecs: -1 }, 'maxLengthSecs'],
    [{ maxLengthSecs: 43201 }, 'maxLengthSecs'],
    [{ maxLengthSecs: Number.NaN }, 'maxLengthSecs'],
    [{ maxLengthSecs: '10' }, 'maxLengthSecs'],
    [{ silenceTimeoutSecs: -0.5 }, 'silenceTimeoutSecs'],
    [{ silenceTimeoutSecs: Number.POSITIVE_INFINITY }, 'silenceTimeoutSecs'],
    [{ fileName: '' }, 'fileName'],
    [{ fileName: 'x'.repeat(41) }, 'fileName'],
    [{ fileName: '../etc/passwd' }, 'fileName'],
    [{ fileName: 'a\r\nb' }, 'fileName'],
    [{ fileName: 42 }, 'fileName'],
  ];
  // Not answered yet: the options are checked first.
  expect(() => record(call, { track: 'left' } as never)).toThrow(expect.objectContaining({ code: 'invalid-option' }));
  await reach(call, 'active');
  const sender = audioSender(call);
  const microphone = sender.track;
  for (const [options, name] of bad) {
    expect(() => media.record(call, options as never), JSON.stringify(options)).toThrow(
      expect.objectContaining({ name: 'HandsetError', code: 'invalid-option', message: expect.stringContaining(name) }),
    );
  }
  // Limits of the ranges are accepted; 0 is Call Control's "no limit".
  const edge = media.record(call, { maxLengthSecs: 0, silenceTimeoutSecs: 0, fileName: 'x'.repeat(40), track: 'both' });
  await sleep(600);
  expect(events).toEqual(['recording']); // only the valid one started
  expect(sender.track).toBe(microphone);
  expect((await edge.stop()).size).toBeGreaterThan(0);
  call.hangup();
});

test("audio_url: startPlayback(call, url) on 'accept' plays a WAV file into the call; the far side hears it, and it ends with the file", async () => {
  const { phone, media } = await mediaPhone();
  const url = blobUrl(new Blob([wavTone(2)], { type: 'audio/wav' }));
  const call = phone.call('echo', { localStream: silentStream() });
  // Call Control plays audio_url "when the call is answered": here, on the call's accept event.
  const playing = new Promise<Awaited<ReturnType<BrowserMedia['startPlayback']>>>((resolve, reject) =>
    call.on('accept', () => media.startPlayback(call, url).then(resolve, reject)),
  );
  await reach(call, 'active');
  const playback = await playing;
  const started = performance.now();
  expect(playback.playing).toBe(true);
  const pc = call.peerConnection!;
  // The tone, echoed back by the far side a second later (later still on a loaded machine).
  await until(async () => (await peakInboundLevel(pc, 300)) > 0.05, 6000, 'the tone to come back');
  await playback.ended; // a 2 s file, not looping: it stops by itself
  const lastedMs = performance.now() - started;
  expect(lastedMs).toBeGreaterThan(1800);
  expect(lastedMs).toBeLessThan(3500);
  expect(playback.playing).toBe(false);
  // The echo is a second late (later on a loaded machine): then it goes quiet, the file having ended.
  await until(async () => (await peakInboundLevel(pc, 300)) < 0.01, 8000, 'the echo to go quiet');
  call.hangup();
});

test('audio_url: a data: URL plays too; an URL that is not audio is refused and the microphone stays', async () => {
  const { phone, media } = await mediaPhone();
  const call = phone.call('echo', { localStream: silentStream() });
  await reach(call, 'active');
  const pc = call.peerConnection!;
  const sender = audioSender(call);
  const microphone = sender.track;
  const notAudio = blobUrl(new Blob(['<html>not a sound</html>'], { type: 'text/html' }));
  await expect(media.startPlayback(call, notAudio)).rejects.toMatchObject({ name: 'HandsetError', code: 'unsupported' });
  expect(sender.track).toBe(microphone);
  const bytes = wavTone(1);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  const playback = await media.startPlayback(call, `data:audio/wav;base64,${btoa(binary)}`, { loop: true });
  expect(sender.track).not.toBe(microphone);
  await until(async () => (await peakInboundLevel(pc, 300)) > 0.05, 6000, 'the tone to come back');
  await playback.stop();
  expect(sender.track).toBe(microphone);
  call.hangup();
});
