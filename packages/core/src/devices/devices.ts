import { HandsetError, isHandsetError } from '../errors/HandsetError';
import { mediaError } from '../errors/mediaErrors';
import { getUserMediaWithTimeout, toMediaError } from '../media/getUserMedia';
import type { DeviceInfo, DevicePermission, DevicesSnapshot } from '../phone/PhoneMedia';
import { Emitter } from '../util/Emitter';
import { freeze } from '../util/freeze';

export type { DeviceInfo, DevicePermission, DevicesSnapshot } from '../phone/PhoneMedia';

export type AudioOutput = 'speaker' | 'ringtone';

export type DevicesEvent =
  /** A call's microphone track was replaced; `deviceId` is the device now in use. */
  | { readonly type: 'microphone-changed'; readonly reason: 'unplugged' | 'selected'; readonly deviceId: string }
  /** Attached outputs now play on `deviceId` ('' is the default). */
  | { readonly type: 'speaker-changed'; readonly reason: 'unplugged' | 'selected'; readonly output: AudioOutput; readonly deviceId: string }
  /** Non-fatal: an output refused the speaker and kept playing where it was (the default, unless chosen before). */
  | { readonly type: 'speaker-error'; readonly output: AudioOutput; readonly error: HandsetError };

export type MediaDevicesLike = Pick<MediaDevices, 'enumerateDevices' | 'getUserMedia' | 'addEventListener' | 'removeEventListener'>;

/** Anything whose output device can be chosen: an <audio>/<video> element, an AudioContext, a SoundPlayer. */
export interface SinkTarget {
  readonly sinkId?: string;
  setSinkId(sinkId: string): Promise<unknown>;
}

export type SenderLike = Pick<RTCRtpSender, 'track' | 'replaceTrack'>;

export interface DevicesOptions {
  /** Default: `navigator.mediaDevices`, read when first needed. */
  readonly mediaDevices?: MediaDevicesLike;
  /** Default: `navigator.permissions`, read when first needed; null to skip the query. */
  readonly permissions?: Pick<Permissions, 'query'> | null;
  /** Opt-in: remember the chosen devices here (e.g. `localStorage`). */
  readonly storage?: Pick<Storage, 'getItem' | 'setItem'>;
  /** Default 'handset:devices'. */
  readonly storageKey?: string;
  /** How long to wait for the microphone. Default 30 000 ms. */
  readonly timeoutMs?: number;
  /** Default: whether `HTMLMediaElement.prototype` has `setSinkId`. */
  readonly sinkSupported?: boolean;
}

export interface Devices {
  getSnapshot(): DevicesSnapshot;
  /** Snapshot changes; while anyone listens (or a sender/output is attached) `devicechange` is watched. */
  subscribe(listener: (snapshot: DevicesSnapshot) => void): () => void;
  onEvent(listener: (event: DevicesEvent) => void): () => void;
  /** Lists the devices again and reads the permission; a chosen device that is gone falls back to the default. */
  refresh(): Promise<DevicesSnapshot>;
  /** Opens and closes the microphone so the browser asks, then lists devices with labels. Rejects with a media-* HandsetError. */
  requestPermission(): Promise<void>;
  /** Rejects with 'invalid-option' for an id not listed; swaps the microphone of attached senders. */
  selectMicrophone(deviceId: string | null): Promise<void>;
  /** Rejects with 'unsupported' where speakers cannot be chosen, 'invalid-option' for an id not listed. */
  selectSpeaker(deviceId: string | null): Promise<void>;
  selectRingtoneSpeaker(deviceId: string | null): Promise<void>;
  /** A stream of the chosen microphone, or of the default one when the chosen one is gone. */
  openMicrophone(constraints?: MediaTrackConstraints): Promise<MediaStream>;
  /** Keeps a call's microphone on the chosen device (and alive through unplugging); returns detach. */
  attachSender(sender: SenderLike, getMuted: () => boolean): () => void;
  /** Keeps a target on the chosen speaker ('speaker') or ringtone speaker ('ringtone'); returns detach. */
  attachOutput(target: SinkTarget, output?: AudioOutput): () => void;
  dispose(): void;
}

type HubEvents = { change: [DevicesSnapshot]; event: [DevicesEvent] };
class Hub extends Emitter<HubEvents> {
  send<E extends keyof HubEvents>(event: E, ...args: HubEvents[E]): void {
    this.emit(event, ...args);
  }
  close(): void {
    this.closeEmitter();
  }
}

const lists = { audioinput: 'microphones', audiooutput: 'speakers', videoinput: 'cameras' } as const;
type Selection = 'microphoneId' | 'speakerId' | 'ringtoneSpeakerId';

/**
 * The device manager. Creating it touches no browser global; `devicechange` is listened to only
 * while someone subscribes or a sender or output is attached.
 */
export function createDevices(options: DevicesOptions = {}): Devices {
  const hub = new Hub();
  const senders = new Map<SenderLike, { getMuted: () => boolean; unwatch: () => void }>();
  const outputs = new Map<SinkTarget, AudioOutput>();
  const key = options.storageKey ?? 'handset:devices';
  let snapshot: DevicesSnapshot | undefined;
  let loaded = false;
  let listening = false;
  let status: PermissionStatus | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  const media = () => options.mediaDevices ?? globalThis.navigator?.mediaDevices;
  const current = (): DevicesSnapshot => (snapshot ??= initial());
  const set = (patch: Partial<DevicesSnapshot>) => {
    const prev = current();
    if ((Object.keys(patch) as (keyof DevicesSnapshot)[]).every((k) => patch[k] === prev[k])) return;
    hub.send('change', (snapshot = freeze({ ...prev, ...patch })));
  };
  const fail = (error: unknown): HandsetError => {
    const handsetError = toMediaError(error);
    set({ error: handsetError.toJSON() });
    return handsetError;
  };
  /** Runs swaps one after another, so a devicechange and a selection never race on a sender. */
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task);
    queue = run.catch(() => {});
    return run;
  };

  function initial(): DevicesSnapshot {
    let saved: Partial<Record<Selection, unknown>> = {};
    try {
      saved = JSON.parse(options.storage?.getItem(key) ?? '{}') ?? {};
    } catch {}
    const id = (value: unknown) => (typeof value === 'string' ? value : null);
    return freeze({
      microphones: freeze([]),
      speakers: freeze([]),
      cameras: freeze([]),
      permission: 'unknown',
      microphoneId: id(saved.microphoneId),
      speakerId: id(saved.speakerId),
      ringtoneSpeakerId: id(saved.ringtoneSpeakerId),
      sinkSupported: options.sinkSupported ?? (typeof HTMLMediaElement === 'function' && 'setSinkId' in HTMLMediaElement.prototype),
      error: null,
    });
  }

  function persist(): void {
    const { microphoneId, speakerId, ringtoneSpeakerId } = current();
    try {
      options.storage?.setItem(key, JSON.stringify({ microphoneId, speakerId, ringtoneSpeakerId }));
    } catch {}
  }

  /** Watches devicechange (and the permission) only while it matters. */
  function sync(): void {
    const wanted = hub.listenerCount() + senders.size + outputs.size > 0;
    const md = media();
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

  async function validate(kind: 'microphones' | 'speakers', deviceId: string | null, name: string): Promise<void> {
    if (!loaded) await devices.refresh();
    const list = current()[kind];
    if (deviceId === null || list.some((d) => d.deviceId === deviceId)) return;
    const ids = list.map((d) => JSON.stringify(d.deviceId)).join(', ');
    throw new HandsetError(
      'invalid-option',
      `${name}(${JSON.stringify(deviceId)}): no such device. Choose a deviceId from getSnapshot().${kind}` +
        (ids ? ` (${ids})` : ' (empty: call requestPermission() first)') +
        ', or null for the default.',
    );
  }

  /** getUserMedia for one microphone (null: the default), optionally falling back to the default. */
  async function open(deviceId: string | null, fallback: boolean, constraints?: MediaTrackConstraints): Promise<MediaStream> {
    const get = (id: string | null) =>
      getUserMediaWithTimeout(
        media(),
        { audio: id ? { ...constraints, deviceId: { exact: id } } : (constraints ?? true) },
        options.timeoutMs ?? 30_000,
      );
    try {
      return await get(deviceId);
    } catch (error) {
      if (!deviceId || !fallback || !(isHandsetError(error, 'media-not-found') || isHandsetError(error, 'media-constraints'))) throw error;
      return get(null);
    }
  }

  /** Gives each sender a fresh track of the device, keeping its mute state; stops the old tracks. */
  function swap(reason: 'unplugged' | 'selected', deviceId: string | null, targets?: SenderLike[]): Promise<void> {
    return serial(async () => {
      const chosen = (targets ?? [...senders.keys()]).filter((s) => senders.has(s));
      if (!chosen.length) return;
      // The new microphone keeps the call's own constraints (echoCancellation: false, say), on another device.
      const { deviceId: _old, ...kept } = chosen[0]?.track?.getConstraints?.() ?? {};
      const track = (await open(deviceId, reason === 'unplugged', Object.keys(kept).length ? kept : undefined)).getAudioTracks()[0]!;
      let used = false;
      for (const sender of chosen) {
        const entry = senders.get(sender);
        if (!entry) continue;
        const next = used ? track.clone() : track;
        used = true;
        next.enabled = !entry.getMuted();
        const old = sender.track;
        try {
          await sender.replaceTrack(next);
        } catch (error) {
          next.stop();
          throw error;
        }
        entry.unwatch();
        entry.unwatch = watch(sender, next);
        if (old !== next) old?.stop();
      }
      if (!used) track.stop();
      else hub.send('event', freeze({ type: 'microphone-changed', reason, deviceId: track.getSettings?.().deviceId ?? deviceId ?? '' }));
    }).catch((error) => {
      throw fail(error);
    });
  }

  /** A track that ends by itself (its device was pulled, even the default one) is replaced. */
  function watch(sender: SenderLike, track: MediaStreamTrack | null): () => void {
    const onEnded = () =>
      void devices
        .refresh()
        .catch(() => {})
        .then(() => (sender.track === track ? swap('unplugged', current().microphoneId, [sender]) : undefined))
        .catch(() => {});
    track?.addEventListener('ended', onEnded);
    return () => track?.removeEventListener('ended', onEnded);
  }

  async function applySink(target: SinkTarget, output: AudioOutput): Promise<boolean> {
    const id = current()[output === 'speaker' ? 'speakerId' : 'ringtoneSpeakerId'] ?? '';
    if (target.sinkId === id || (!id && target.sinkId === undefined)) return true;
    try {
      await target.setSinkId(id);
      return true;
    } catch (error) {
      const named = (error as { name?: string } | null)?.name ?? 'Error';
      const handsetError = mediaError(
        isHandsetError(error) ? error.code : toMediaError(error).code,
        `The ${output} output could not be moved to device ${JSON.stringify(id)} (${named}); it keeps playing where it was.`,
        { cause: error },
      );
      set({ error: handsetError.toJSON() });
      hub.send('event', freeze({ type: 'speaker-error', output, error: handsetError }));
      return false;
    }
  }

  async function moveOutputs(output: AudioOutput, reason: 'unplugged' | 'selected'): Promise<void> {
    const targets = [...outputs].filter(([, o]) => o === output).map(([t]) => t);
    if (!targets.length) return;
    const results = await Promise.all(targets.map((t) => applySink(t, output)));
    const deviceId = current()[output === 'speaker' ? 'speakerId' : 'ringtoneSpeakerId'] ?? '';
    if (results.some(Boolean)) hub.send('event', freeze({ type: 'speaker-changed', reason, output, deviceId }));
  }

  async function selectSink(output: AudioOutput, deviceId: string | null, name: string): Promise<void> {
    if (!current().sinkSupported) {
      throw new HandsetError(
        'unsupported',
        `${name}(): this browser cannot choose the audio output (no setSinkId); hide the speaker picker.`,
      );
    }
    await validate('speakers', deviceId, name);
    set({ [output === 'speaker' ? 'speakerId' : 'ringtoneSpeakerId']: deviceId });
    persist();
    await moveOutputs(output, 'selected');
  }

  const devices: Devices = {
    getSnapshot: current,
    subscribe: (listener) => watched(hub.on('change', listener)),
    onEvent: (listener) => watched(hub.on('event', listener)),

    async refresh() {
      const md = media();
      if (!md?.enumerateDevices)
        throw fail(new HandsetError('unsupported', 'This browser has no navigator.mediaDevices (is the page served over HTTPS?).'));
      const [found, queried] = await Promise.all([md.enumerateDevices(), readPermission()]);
      loaded = true;
      const prev = current();
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
      set(patch);
      if (micGone) await swap('unplugged', null).catch(() => {});
      if (speakerGone) await moveOutputs('speaker', 'unplugged');
      if (ringtoneGone) await moveOutputs('ringtone', 'unplugged');
      return current();
    },

    async requestPermission() {
      try {
        const stream = await getUserMediaWithTimeout(media(), { audio: true }, options.timeoutMs ?? 30_000);
        for (const track of stream.getTracks()) track.stop();
      } catch (error) {
        const handsetError = fail(error);
        if (handsetError.code === 'media-permission-denied') set({ permission: 'denied' });
        throw handsetError;
      }
      set({ permission: 'granted', error: null });
      await devices.refresh();
    },

    async selectMicrophone(deviceId) {
      await validate('microphones', deviceId, 'selectMicrophone');
      const previous = current().microphoneId;
      if (deviceId === previous) return persist();
      set({ microphoneId: deviceId });
      try {
        await swap('selected', deviceId);
      } catch (error) {
        set({ microphoneId: previous });
        throw error;
      }
      persist();
    },
    selectSpeaker: (deviceId) => selectSink('speaker', deviceId, 'selectSpeaker'),
    selectRingtoneSpeaker: (deviceId) => selectSink('ringtone', deviceId, 'selectRingtoneSpeaker'),

    async openMicrophone(constraints) {
      try {
        const stream = await open(current().microphoneId, true, constraints);
        set({ error: null });
        return stream;
      } catch (error) {
        throw fail(error);
      }
    },

    attachSender(sender, getMuted) {
      senders.get(sender)?.unwatch();
      senders.set(sender, { getMuted, unwatch: watch(sender, sender.track) });
      return watched(() => {
        senders.get(sender)?.unwatch();
        senders.delete(sender);
      });
    },

    attachOutput(target, output = 'speaker') {
      outputs.set(target, output);
      if (current().sinkSupported) void applySink(target, output);
      return watched(() => void outputs.delete(target));
    },

    dispose() {
      for (const { unwatch } of senders.values()) unwatch();
      senders.clear();
      outputs.clear();
      hub.close();
      sync();
    },
  };
  return devices;
}
