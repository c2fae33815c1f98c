import { describe, expect, it } from 'vitest';
import { createDevices, type DevicesEvent, type DevicesOptions } from '../../src/devices/devices';
import { HandsetError, isHandsetError } from '../../src/errors/HandsetError';
import { explainError } from '../../src/parity';
import { device, FakeMediaDevices, FakeOutput, FakeSender, FakeTrack, memoryStorage, settle } from './fakes';

function setup(options: Partial<DevicesOptions> = {}, md = new FakeMediaDevices()) {
  const devices = createDevices({ mediaDevices: md as unknown as MediaDevices, permissions: null, ...options });
  const events: DevicesEvent[] = [];
  return { md, devices, events, offEvents: devices.onEvent((e) => events.push(e)) };
}

async function rejection(promise: Promise<unknown>): Promise<HandsetError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HandsetError);
  return error as HandsetError;
}

describe('createDevices: snapshot and lists', () => {
  it('touches no browser global at creation or when read', () => {
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    const touched: string[] = [];
    Object.defineProperty(globalThis, 'navigator', {
      configurable: true,
      get: () => void touched.push('navigator'),
    });
    try {
      const devices = createDevices();
      devices.getSnapshot();
      expect(touched).toEqual([]);
      devices.dispose();
    } finally {
      if (saved) Object.defineProperty(globalThis, 'navigator', saved);
      else delete (globalThis as { navigator?: unknown }).navigator;
    }
  });

  it('starts empty with permission unknown, and lists devices by kind after refresh()', async () => {
    const { devices } = setup();
    expect(devices.getSnapshot()).toMatchObject({
      microphones: [],
      speakers: [],
      cameras: [],
      permission: 'unknown',
      sinkSupported: false,
    });
    const snapshot = await devices.refresh();
    expect(snapshot.microphones.map((d) => d.deviceId)).toEqual(['mic-default', 'mic-headset']);
    expect(snapshot.speakers.map((d) => d.label)).toEqual(['Built-in Speakers', 'Headset Earphones']);
    expect(snapshot.cameras).toEqual([{ deviceId: 'cam-1', label: 'FaceTime HD Camera', groupId: 'group-cam-1', kind: 'videoinput' }]);
    expect(snapshot.permission).toBe('granted'); // labels are only given with permission
    expect(Object.isFrozen(snapshot) && Object.isFrozen(snapshot.microphones) && Object.isFrozen(snapshot.microphones[0])).toBe(true);
  });

  it('keeps the same snapshot (and lists) when nothing changed, so selectors stay stable', async () => {
    const { devices } = setup();
    let changes = 0;
    devices.subscribe(() => changes++);
    const first = await devices.refresh();
    const second = await devices.refresh();
    expect(second).toBe(first);
    expect(changes).toBe(1);
  });

  it('hides the id-less placeholders browsers list before permission, and reads the permission API', async () => {
    const md = new FakeMediaDevices([device('audioinput', '', ''), device('audiooutput', '', '')]);
    const permissions = { query: async () => ({ state: 'prompt', onchange: null }) as unknown as PermissionStatus };
    const { devices } = setup({ permissions }, md);
    const snapshot = await devices.refresh();
    expect(snapshot.microphones).toEqual([]);
    expect(snapshot.permission).toBe('prompt');
  });

  it('watches devicechange only while someone subscribes or something is attached', async () => {
    const { md, devices, offEvents } = setup();
    expect(md.devicechangeListeners).toBe(1); // the onEvent listener of setup()
    offEvents();
    expect(md.devicechangeListeners).toBe(0);
    const off = devices.subscribe(() => {});
    const detach = devices.attachSender(new FakeSender(new FakeTrack('mic-default')) as unknown as RTCRtpSender, () => false);
    expect(md.devicechangeListeners).toBe(1);
    off();
    expect(md.devicechangeListeners).toBe(1);
    detach();
    expect(md.devicechangeListeners).toBe(0);
  });

  it('refreshes the lists on devicechange', async () => {
    const { md, devices } = setup();
    await devices.refresh();
    md.plug(device('audioinput', 'mic-usb', 'USB Microphone'));
    await settle();
    expect(devices.getSnapshot().microphones.map((d) => d.deviceId)).toEqual(['mic-default', 'mic-headset', 'mic-usb']);
  });
});

describe('createDevices: permission', () => {
  it('requestPermission opens the microphone, closes it, and lists devices', async () => {
    const { md, devices } = setup();
    await devices.requestPermission();
    expect(md.tracks).toHaveLength(1);
    expect(md.tracks[0]!.readyState).toBe('ended');
    expect(devices.getSnapshot()).toMatchObject({ permission: 'granted', error: null });
    expect(devices.getSnapshot().microphones).toHaveLength(2);
  });

  it.each([
    ['NotAllowedError', 'media-permission-denied'],
    ['NotFoundError', 'media-not-found'],
    ['NotReadableError', 'media-busy'],
    ['OverconstrainedError', 'media-constraints'],
  ] as const)('a %s becomes a typed %s error, kept in the snapshot as data', async (name, code) => {
    const { md, devices } = setup();
    md.failWith = name;
    const error = await rejection(devices.requestPermission());
    expect(error.code).toBe(code);
    expect(explainError(error).solutions[0]).toBeTruthy();
    expect(devices.getSnapshot().error).toEqual(error.toJSON());
    expect(devices.getSnapshot().permission).toBe(name === 'NotAllowedError' ? 'denied' : 'unknown');
  });

  it('a prompt that is never answered times out with media-timeout', async () => {
    const { md, devices } = setup({ timeoutMs: 30 });
    md.failWith = 'hang';
    expect((await rejection(devices.requestPermission())).code).toBe('media-timeout');
  });
});

describe('createDevices: selection', () => {
  it('refuses an unknown id with invalid-option naming the ids it knows', async () => {
    const { devices } = setup();
    const error = await rejection(devices.selectMicrophone('nope'));
    expect(error.code).toBe('invalid-option');
    expect(error.message).toContain('"mic-headset"');
    expect(devices.getSnapshot().microphoneId).toBeNull();
  });

  it('selects devices, resets to the default with null, and opens the chosen microphone exactly', async () => {
    const { md, devices } = setup();
    await devices.selectMicrophone('mic-headset');
    expect(devices.getSnapshot().microphoneId).toBe('mic-headset');
    const stream = await devices.openMicrophone({ echoCancellation: true });
    expect(md.requests.at(-1)).toEqual({ audio: { echoCancellation: true, deviceId: { exact: 'mic-headset' } } });
    expect((stream.getAudioTracks()[0] as unknown as FakeTrack).deviceId).toBe('mic-headset');
    await devices.selectMicrophone(null);
    await devices.openMicrophone();
    expect(md.requests.at(-1)).toEqual({ audio: true });
  });

  it('openMicrophone falls back to the default when the chosen microphone is gone', async () => {
    const { md, devices } = setup();
    await devices.selectMicrophone('mic-headset');
    md.devices = md.devices.filter((d) => d.deviceId !== 'mic-headset'); // gone, no devicechange yet
    const stream = await devices.openMicrophone();
    expect((stream.getAudioTracks()[0] as unknown as FakeTrack).deviceId).toBe('mic-default');
  });

  it('remembers selections across instances only when storage is given', async () => {
    const storage = memoryStorage();
    const first = setup({ storage }).devices;
    await first.selectMicrophone('mic-headset');
    await first.selectRingtoneSpeaker('spk-headset').catch(() => {}); // sinks unsupported here: not stored
    const second = setup({ storage }).devices;
    expect(second.getSnapshot().microphoneId).toBe('mic-headset');
    expect(JSON.parse(storage.items.get('handset:devices')!)).toEqual({
      microphoneId: 'mic-headset',
      speakerId: null,
      ringtoneSpeakerId: null,
    });
    const third = setup().devices;
    expect(third.getSnapshot().microphoneId).toBeNull();
  });

  it('drops a remembered device that is no longer there once devices are listed', async () => {
    const storage = memoryStorage();
    storage.setItem('handset:devices', JSON.stringify({ microphoneId: 'mic-old', speakerId: null, ringtoneSpeakerId: null }));
    const { devices } = setup({ storage });
    expect(devices.getSnapshot().microphoneId).toBe('mic-old');
    await devices.refresh();
    expect(devices.getSnapshot().microphoneId).toBeNull();
  });
});

describe('createDevices: microphone during a call', () => {
  async function inCall(muted = false) {
    const ctx = setup();
    await ctx.devices.selectMicrophone('mic-headset');
    const sender = new FakeSender(new FakeTrack('mic-headset'));
    const state = { muted };
    ctx.devices.attachSender(sender as unknown as RTCRtpSender, () => state.muted);
    return { ...ctx, sender, state, original: sender.track! };
  }

  it('switches to the default microphone when the selected one is unplugged, keeping mute, stopping the old track', async () => {
    const { md, devices, events, sender, original } = await inCall(true);
    md.unplug('mic-headset');
    await settle();
    expect(sender.replaced).toHaveLength(1);
    expect(sender.track!.deviceId).toBe('mic-default');
    expect(sender.track!.enabled).toBe(false); // still muted
    expect(original.readyState).toBe('ended');
    expect(md.requests.at(-1)).toEqual({ audio: true });
    expect(events).toEqual([{ type: 'microphone-changed', reason: 'unplugged', deviceId: 'mic-default' }]);
    expect(devices.getSnapshot().microphoneId).toBeNull();
  });

  it('switches when the track ends by itself (the default device pulled)', async () => {
    const { md, devices, events, sender } = await inCall();
    await devices.selectMicrophone(null);
    const before = sender.track!;
    md.devices = md.devices.filter((d) => d.deviceId !== before.deviceId);
    before.end();
    await settle();
    expect(sender.track).not.toBe(before);
    expect(sender.track!.readyState).toBe('live');
    expect(sender.track!.enabled).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'microphone-changed', reason: 'unplugged' });
  });

  it('does nothing to the call when another device is unplugged', async () => {
    const { md, sender, events } = await inCall();
    md.unplug('cam-1');
    await settle();
    expect(sender.replaced).toEqual([]);
    expect(events).toEqual([]);
  });

  it('selectMicrophone swaps the track without renegotiation and says so', async () => {
    const { md, devices, events, sender, original, state } = await inCall();
    state.muted = true;
    await devices.selectMicrophone('mic-default');
    expect(md.requests.at(-1)).toEqual({ audio: { deviceId: { exact: 'mic-default' } } });
    expect(sender.track!.deviceId).toBe('mic-default');
    expect(sender.track!.enabled).toBe(false);
    expect(original.readyState).toBe('ended');
    expect(events).toEqual([{ type: 'microphone-changed', reason: 'selected', deviceId: 'mic-default' }]);
  });

  it('a failed swap keeps the old track and the old selection, and rejects with a typed error', async () => {
    const { md, devices, sender, original } = await inCall();
    md.failWith = 'NotReadableError';
    const error = await rejection(devices.selectMicrophone('mic-default'));
    expect(error.code).toBe('media-busy');
    expect(sender.track).toBe(original);
    expect(original.readyState).toBe('live');
    expect(devices.getSnapshot().microphoneId).toBe('mic-headset');
  });

  it('a refused replaceTrack stops the new track and keeps the old one', async () => {
    const { md, devices, sender, original } = await inCall();
    sender.failWith = new DOMException('closed', 'InvalidStateError');
    await rejection(devices.selectMicrophone('mic-default'));
    expect(sender.track).toBe(original);
    expect(md.tracks.at(-1)!.readyState).toBe('ended');
  });

  it('leaves a detached sender alone', async () => {
    const ctx = setup();
    await ctx.devices.selectMicrophone('mic-headset');
    const sender = new FakeSender(new FakeTrack('mic-headset'));
    ctx.devices.attachSender(sender as unknown as RTCRtpSender, () => false)();
    ctx.md.unplug('mic-headset');
    await settle();
    expect(sender.replaced).toEqual([]);
  });
});

describe('createDevices: speakers', () => {
  it("answers 'unsupported' where the browser cannot choose an output", async () => {
    const { devices } = setup({ sinkSupported: false });
    expect(devices.getSnapshot().sinkSupported).toBe(false);
    expect((await rejection(devices.selectSpeaker('spk-headset'))).code).toBe('unsupported');
  });

  it('moves attached outputs to the chosen speaker; the ringtone output follows its own choice', async () => {
    const { devices, events } = setup({ sinkSupported: true });
    const call = new FakeOutput();
    const ringer = new FakeOutput();
    devices.attachOutput(call);
    devices.attachOutput(ringer, 'ringtone');
    await devices.selectSpeaker('spk-headset');
    expect(call.sinkId).toBe('spk-headset');
    expect(ringer.calls).toEqual([]);
    await devices.selectRingtoneSpeaker('spk-default');
    expect(ringer.sinkId).toBe('spk-default');
    expect(call.sinkId).toBe('spk-headset');
    expect(events).toEqual([
      { type: 'speaker-changed', reason: 'selected', output: 'speaker', deviceId: 'spk-headset' },
      { type: 'speaker-changed', reason: 'selected', output: 'ringtone', deviceId: 'spk-default' },
    ]);
    await expect(devices.selectSpeaker('bogus')).rejects.toSatisfy((e) => isHandsetError(e, 'invalid-option'));
  });

  it('applies the chosen speaker to an output attached later', async () => {
    const { devices } = setup({ sinkSupported: true });
    await devices.selectSpeaker('spk-headset');
    const late = new FakeOutput();
    devices.attachOutput(late);
    await settle();
    expect(late.sinkId).toBe('spk-headset');
  });

  it('a refused setSinkId keeps the output where it was and reports a non-fatal speaker-error', async () => {
    const { devices, events } = setup({ sinkSupported: true });
    const output = new FakeOutput(['spk-headset']);
    devices.attachOutput(output);
    await devices.selectSpeaker('spk-headset'); // resolves: not fatal
    expect(output.sinkId).toBe('');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'speaker-error', output: 'speaker' });
    const error = (events[0] as Extract<DevicesEvent, { type: 'speaker-error' }>).error;
    expect(error.code).toBe('media-not-found');
    expect(error.message).toContain('spk-headset');
    expect(devices.getSnapshot().error?.code).toBe('media-not-found');
  });

  it('returns outputs (call and ringtone) to the default when their speaker is unplugged', async () => {
    const { md, devices, events } = setup({ sinkSupported: true });
    const output = new FakeOutput();
    const ringer = new FakeOutput();
    devices.attachOutput(output);
    devices.attachOutput(ringer, 'ringtone');
    await devices.selectSpeaker('spk-headset');
    await devices.selectRingtoneSpeaker('spk-headset');
    events.length = 0;
    md.unplug('spk-headset');
    await settle();
    expect([output.sinkId, ringer.sinkId]).toEqual(['', '']);
    expect(devices.getSnapshot()).toMatchObject({ speakerId: null, ringtoneSpeakerId: null });
    expect(events).toEqual([
      { type: 'speaker-changed', reason: 'unplugged', output: 'speaker', deviceId: '' },
      { type: 'speaker-changed', reason: 'unplugged', output: 'ringtone', deviceId: '' },
    ]);
  });
});

describe('createDevices: dispose', () => {
  it('stops listening and drops listeners', async () => {
    const { md, devices } = setup();
    let changes = 0;
    devices.subscribe(() => changes++);
    devices.attachSender(new FakeSender(new FakeTrack('mic-default')) as unknown as RTCRtpSender, () => false);
    devices.dispose();
    expect(md.devicechangeListeners).toBe(0);
    await devices.refresh();
    expect(changes).toBe(0);
  });
});
