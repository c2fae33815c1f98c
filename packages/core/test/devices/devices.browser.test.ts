import { afterEach, describe, expect, it } from 'vitest';
import { createDevices, type Devices, type DevicesEvent } from '../../src/devices/devices';
import { type Controllable, controllable, type LoopbackCall, loopbackCall, sleep } from './controllable';

let devices: Devices | undefined;
let call: LoopbackCall | undefined;
const tracks: MediaStreamTrack[] = [];

afterEach(() => {
  call?.close();
  devices?.dispose();
  for (const track of tracks.splice(0)) track.stop();
  call = devices = undefined;
});

async function setup(): Promise<{ ctl: Controllable; devices: Devices; events: DevicesEvent[]; chosen: string }> {
  const ctl = controllable();
  devices = createDevices({ mediaDevices: ctl.mediaDevices });
  const events: DevicesEvent[] = [];
  devices.onEvent((e) => events.push(e));
  await devices.requestPermission();
  const chosen = devices.getSnapshot().microphones.find((d) => d.deviceId !== 'default')!.deviceId;
  await devices.selectMicrophone(chosen);
  return { ctl, devices, events, chosen };
}

/** Waits until `check` is true, or fails after `ms`. */
async function until(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(50);
  }
}

/** Packets sent and received over `ms` of the call. */
async function flow(ms = 1000) {
  const before = await call!.counters();
  await sleep(ms);
  const after = await call!.counters();
  return { sent: after.sent - before.sent, received: after.received - before.received };
}

describe('devices in Chromium (fake media)', () => {
  it('lists labelled devices after requestPermission and opens the chosen microphone as a live track', async () => {
    const { devices, chosen } = await setup();
    const snapshot = devices.getSnapshot();
    expect(snapshot.permission).toBe('granted');
    expect(snapshot.microphones.every((d) => d.label)).toBe(true);
    expect(snapshot.sinkSupported).toBe(true);
    const track = (await devices.openMicrophone()).getAudioTracks()[0]!;
    tracks.push(track);
    expect(track.readyState).toBe('live');
    expect(track.getSettings().deviceId).toBe(chosen);
  });

  it('control: a call whose microphone track is stopped, with nothing attached, stops sending', async () => {
    const { devices } = await setup();
    const track = (await devices.openMicrophone()).getAudioTracks()[0]!;
    call = await loopbackCall(track);
    await until(async () => (await call!.counters()).received > 0);
    track.stop();
    await sleep(300);
    expect((await flow()).sent).toBe(0);
  });

  it('unplugging the selected microphone mid-call replaces the track; the call keeps flowing', async () => {
    const { ctl, devices, events, chosen } = await setup();
    const track = (await devices.openMicrophone()).getAudioTracks()[0]!;
    call = await loopbackCall(track);
    devices.attachSender(call.sender, () => false);
    await until(async () => (await call!.counters()).received > 0);

    ctl.unplug(chosen, [track]);
    await until(() => events.some((e) => e.type === 'microphone-changed'));
    const next = call.sender.track!;
    tracks.push(next);
    expect(next).not.toBe(track);
    expect(next.readyState).toBe('live');
    expect(next.enabled).toBe(true);
    expect(next.getSettings().deviceId).not.toBe(chosen);
    expect(events).toEqual([{ type: 'microphone-changed', reason: 'unplugged', deviceId: next.getSettings().deviceId }]);
    expect(devices.getSnapshot().microphoneId).toBeNull();
    expect(call.caller.connectionState).toBe('connected');
    const { sent, received } = await flow();
    expect(sent).toBeGreaterThan(25); // 50 packets/s at 20 ms ptime
    expect(received).toBeGreaterThan(25);
  });

  it('keeps the mute state through a mid-call selection and an unplug', async () => {
    const { ctl, devices, events, chosen } = await setup();
    const track = (await devices.openMicrophone()).getAudioTracks()[0]!;
    call = await loopbackCall(track);
    let muted = true;
    track.enabled = false;
    devices.attachSender(call.sender, () => muted);

    const other = devices.getSnapshot().microphones.find((d) => d.deviceId !== 'default' && d.deviceId !== chosen)!.deviceId;
    await devices.selectMicrophone(other);
    const selected = call.sender.track!;
    expect(selected.getSettings().deviceId).toBe(other);
    expect(selected.enabled).toBe(false);
    expect(track.readyState).toBe('ended');

    muted = false;
    selected.enabled = true;
    ctl.unplug(other, [selected]);
    await until(() => events.length === 2);
    tracks.push(call.sender.track!);
    expect(call.sender.track!.enabled).toBe(true);
    expect(events.map((e) => e.type === 'microphone-changed' && e.reason)).toEqual(['selected', 'unplugged']);
    expect((await flow()).sent).toBeGreaterThan(25);
  });

  it("moves an <audio> element to 'default'; a speaker Chromium refuses keeps the default and reports speaker-error", async () => {
    const { ctl, devices, events } = await setup();
    ctl.extra.push({ deviceId: 'bogus', kind: 'audiooutput', label: 'Unplugged Headset', groupId: 'g' } as MediaDeviceInfo);
    await devices.refresh();
    const audio = new Audio();
    devices.attachOutput(audio);
    await devices.selectSpeaker('default');
    expect(audio.sinkId).toBe('default');
    await devices.selectSpeaker('bogus');
    expect(audio.sinkId).toBe('default');
    const error = events.find((e) => e.type === 'speaker-error');
    expect(error).toMatchObject({ type: 'speaker-error', output: 'speaker', error: { code: 'media-not-found' } });
    expect(devices.getSnapshot().error?.code).toBe('media-not-found');
  });
});
