import { HandsetError } from '../errors/HandsetError';
import { getUserMediaWithTimeout } from '../media/getUserMedia';
import type { DeviceInfo, DevicePermission, DevicesSnapshot } from '../phone/PhoneMedia';
import { freeze } from '../util/freeze';
import { DeviceState } from './deviceState';
import { Microphones } from './microphones';
import { Speakers } from './speakers';
import type { Devices, DevicesOptions } from './types';

export * from './types';

const lists = { audioinput: 'microphones', audiooutput: 'speakers', videoinput: 'cameras' } as const;

/**
 * The device manager: the device lists and the permission (here), the microphone on call senders
 * (`Microphones`) and the speakers of outputs (`Speakers`). Creating it touches no browser global;
 * `devicechange` is listened to only while someone subscribes or a sender or output is attached.
 */
export function createDevices(options: DevicesOptions = {}): Devices {
  const state = new DeviceState(options, () => devices.refresh());
  const microphones = new Microphones(state, () => devices.refresh());
  const speakers = new Speakers(state);
  let listening = false;
  let status: PermissionStatus | undefined;

  /** Watches devicechange (and the permission) only while it matters. */
  function sync(): void {
    const wanted = state.listenerCount() + microphones.size + speakers.size > 0;
    const md = state.media();
    if (wanted === listening || !md?.addEventListener) return;
    listening = wanted;
    if (wanted) md.addEventListener('devicechange', onDeviceChange);
    else md.removeEventListener('devicechange', onDeviceChange);
    if (status) status.onchange = wanted ? onDeviceChange : null;
  }
  const onDeviceChange = () => void devices.refresh().catch(() => {});
  const watched = (off: () => void) => {
    sync();
    return () => {
      off();
      sync();
    };
  };

  async function readPermission(): Promise<DevicePermission | undefined> {
    const permissions = options.permissions === undefined ? globalThis.navigator?.permissions : options.permissions;
    try {
      status = await permissions?.query({ name: 'microphone' as PermissionName });
    } catch {
      return undefined; // Firefox and older Safari have no 'microphone' permission to query.
    }
    if (status) status.onchange = listening ? onDeviceChange : null;
    return status?.state;
  }

  const devices: Devices = {
    getSnapshot: () => state.current(),
    subscribe: (listener) => watched(state.on('change', listener)),
    onEvent: (listener) => watched(state.on('event', listener)),

    async refresh() {
      const md = state.media();
      if (!md?.enumerateDevices)
        throw state.fail(new HandsetError('unsupported', 'This browser has no navigator.mediaDevices (is the page served over HTTPS?).'));
      const [found, queried] = await Promise.all([md.enumerateDevices(), readPermission()]);
      state.loaded = true;
      const prev = state.current();
      const patch: { -readonly [K in keyof DevicesSnapshot]?: DevicesSnapshot[K] } = {};
      for (const kind of ['audioinput', 'audiooutput', 'videoinput'] as const) {
        const list = found
          .filter((d) => d.kind === kind && d.deviceId)
          .map(({ deviceId, label, groupId }) => freeze({ deviceId, label, groupId, kind }));
        const old = prev[lists[kind]];
        const same = list.length === old.length && list.every((d, i) => JSON.stringify(d) === JSON.stringify(old[i]));
        patch[lists[kind]] = same ? old : freeze(list);
      }
      const labelled = patch.microphones!.some((d) => d.label);
      patch.permission = labelled ? 'granted' : (queried ?? prev.permission);
      // Ids are only meaningful once listed for real: before permission, browsers hide them.
      const known = labelled || patch.permission === 'granted' || found.some((d) => d.deviceId);
      const gone = (id: string | null, list: readonly DeviceInfo[]) => known && id !== null && !list.some((d) => d.deviceId === id);
      const micGone = gone(prev.microphoneId, patch.microphones!);
      const speakerGone = gone(prev.speakerId, patch.speakers!);
      const ringtoneGone = gone(prev.ringtoneSpeakerId, patch.speakers!);
      if (micGone) patch.microphoneId = null;
      if (speakerGone) patch.speakerId = null;
      if (ringtoneGone) patch.ringtoneSpeakerId = null;
      state.set(patch);
      if (micGone) await microphones.swap('unplugged', null).catch(() => {});
      if (speakerGone) await speakers.move('speaker', 'unplugged');
      if (ringtoneGone) await speakers.move('ringtone', 'unplugged');
      return state.current();
    },

    async requestPermission() {
      try {
        const stream = await getUserMediaWithTimeout(state.media(), { audio: true }, options.timeoutMs ?? 30_000);
        for (const track of stream.getTracks()) track.stop();
      } catch (error) {
        const handsetError = state.fail(error);
        if (handsetError.code === 'media-permission-denied') state.set({ permission: 'denied' });
        throw handsetError;
      }
      state.set({ permission: 'granted', error: null });
      await devices.refresh();
    },

    async selectMicrophone(deviceId) {
      await state.validate('microphones', deviceId, 'selectMicrophone');
      const previous = state.current().microphoneId;
      if (deviceId === previous) return state.persist();
      state.set({ microphoneId: deviceId });
      try {
        await microphones.swap('selected', deviceId);
      } catch (error) {
        state.set({ microphoneId: previous });
        throw error;
      }
      state.persist();
    },
    selectSpeaker: (deviceId) => speakers.select('speaker', deviceId, 'selectSpeaker'),
    selectRingtoneSpeaker: (deviceId) => speakers.select('ringtone', deviceId, 'selectRingtoneSpeaker'),

    async openMicrophone(constraints) {
      try {
        const stream = await microphones.open(state.current().microphoneId, true, constraints);
        state.set({ error: null });
        return stream;
      } catch (error) {
        throw state.fail(error);
      }
    },

    attachSender: (sender, getMuted) => watched(microphones.attach(sender, getMuted)),
    attachOutput: (target, output = 'speaker') => watched(speakers.attach(target, output)),

    dispose() {
      microphones.dispose();
      speakers.dispose();
      state.close();
      sync();
    },
  };
  return devices;
}
