import { browserMedia, type DevicesEvent } from '@handset/core/media';
import { expect, test } from 'vitest';
import { controllable } from '../../../core/test/devices/controllable';
import { reach, sleep, uniqueChannel, until } from '../support/calls';
import { useMediaPhones } from './support';

const { mediaPhone } = useMediaPhones();

async function outboundPackets(pc: RTCPeerConnection): Promise<number> {
  for (const stats of (await pc.getStats()).values()) if (stats.type === 'outbound-rtp' && stats.kind === 'audio') return stats.packetsSent;
  return 0;
}

test('unplugging the selected microphone mid-call keeps the call active on the default one, still sending and still muted', async () => {
  const devices = controllable();
  const media = browserMedia({ devices: { mediaDevices: devices.mediaDevices } });
  const phone = (await mediaPhone(media)).phone;
  const stopWatching = media.watchDevices();
  await media.devices.requestPermission();
  const chosen = media.devices.getSnapshot().microphones.find((m) => m.deviceId !== 'default');
  expect(chosen).toBeDefined();
  await media.devices.selectMicrophone(chosen!.deviceId);
  expect(phone.store.getState().media.devices?.microphoneId).toBe(chosen!.deviceId);

  const call = phone.call('echo');
  await reach(call, 'active');
  const pc = call.peerConnection as RTCPeerConnection;
  const sender = pc.getSenders().find((s) => s.track?.kind === 'audio') as RTCRtpSender;
  const before = sender.track as MediaStreamTrack;
  expect(before.getSettings().deviceId).toBe(chosen!.deviceId);
  call.mute();
  const events: DevicesEvent[] = [];
  media.devices.onEvent((e) => events.push(e));

  devices.unplug(chosen!.deviceId, [before]);
  await until(() => events.some((e) => e.type === 'microphone-changed'), 5000, 'the microphone to be replaced');
  expect(events[0]).toMatchObject({ type: 'microphone-changed', reason: 'unplugged' });
  expect(sender.track).not.toBe(before);
  expect(sender.track?.readyState).toBe('live');
  expect(sender.track?.enabled).toBe(false); // still muted
  expect(call.state).toBe('active');
  const sent = await outboundPackets(pc);
  await sleep(1000);
  expect((await outboundPackets(pc)) - sent).toBeGreaterThan(25);
  stopWatching();
});

test("choosing another microphone mid-call keeps the call's own audio constraints", async () => {
  const devices = controllable();
  const media = browserMedia({ devices: { mediaDevices: devices.mediaDevices } });
  const phone = (await mediaPhone(media)).phone;
  await media.devices.requestPermission();
  const call = phone.call('echo', { audio: { echoCancellation: false, autoGainControl: false } });
  await reach(call, 'active');
  const sender = (call.peerConnection as RTCPeerConnection).getSenders().find((s) => s.track?.kind === 'audio') as RTCRtpSender;
  const before = sender.track as MediaStreamTrack;
  expect(before.getSettings()).toMatchObject({ echoCancellation: false, autoGainControl: false });
  const other = media.devices
    .getSnapshot()
    .microphones.find((m) => m.deviceId !== before.getSettings().deviceId && m.deviceId !== 'default');
  expect(other).toBeDefined();
  await media.devices.selectMicrophone(other!.deviceId);
  await until(() => sender.track !== before, 5000, 'the microphone to be swapped');
  expect(sender.track?.getSettings()).toMatchObject({ deviceId: other!.deviceId, echoCancellation: false, autoGainControl: false });
});

test('ringback plays while an outgoing call rings without early media, and stops on early media or answer', async () => {
  const media = browserMedia();
  const phone = (await mediaPhone(media)).phone;
  const ringing = phone.call('noanswer', { timeoutSecs: 5 });
  await reach(ringing, 'ringing');
  expect(media.sounds.call.getSnapshot().ringback).toBe(true);
  ringing.hangup();
  expect(media.sounds.call.getSnapshot().ringback).toBe(false);

  const early = phone.call('early');
  await until(() => early.snapshot.earlyMedia, 5000, 'early media');
  expect(media.sounds.call.getSnapshot().ringback).toBe(false);
  await reach(early, 'active');
  expect(media.sounds.call.getSnapshot().ringback).toBe(false);
});

test('an incoming call rings until it is answered', async () => {
  const channel = uniqueChannel();
  const callerMedia = browserMedia();
  const calleeMedia = browserMedia();
  const caller = (await mediaPhone(callerMedia, { channel, extension: 'alice' })).phone;
  const callee = (await mediaPhone(calleeMedia, { channel, extension: 'bob' })).phone;
  const incoming = new Promise<import('@handset/core').Call>((resolve) => callee.on('incoming', resolve));
  const outgoing = caller.call('bob');
  const call = await incoming;
  expect(calleeMedia.sounds.ringtone.getSnapshot().ringtone).toBe(true);
  call.accept();
  expect(calleeMedia.sounds.ringtone.getSnapshot().ringtone).toBe(false);
  await reach(outgoing, 'active');
  outgoing.hangup();
});
