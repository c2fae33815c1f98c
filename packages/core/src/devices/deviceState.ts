import { HandsetError } from '../errors/HandsetError';
import { toMediaError } from '../media/getUserMedia';
import type { DevicesSnapshot } from '../phone/PhoneMedia';
import { Emitter } from '../util/Emitter';
import { freeze } from '../util/freeze';
import type { DevicesEvent, DevicesOptions, MediaDevicesLike } from './types';

type StateEvents = { change: [DevicesSnapshot]; event: [DevicesEvent] };
type Selection = 'microphoneId' | 'speakerId' | 'ringtoneSpeakerId';

/**
 * The device manager's snapshot and events, shared by its parts (device lists, microphone swap, speaker
 * routing): one immutable snapshot, changed only by `set`, and the choices kept in `options.storage`.
 */
export class DeviceState extends Emitter<StateEvents> {
  #snapshot: DevicesSnapshot | undefined;
  /** The devices have been listed once (before, ids cannot be checked). */
  loaded = false;
  readonly #key: string;

  constructor(
    readonly options: DevicesOptions,
    /** Lists the devices (the manager's `refresh`), for a check that needs the list. */
    private readonly refresh: () => Promise<unknown>,
  ) {
    super();
    this.#key = options.storageKey ?? 'handset:devices';
  }

  media(): MediaDevicesLike | undefined {
    return this.options.mediaDevices ?? globalThis.navigator?.mediaDevices;
  }

  current(): DevicesSnapshot {
    this.#snapshot ??= this.#initial();
    return this.#snapshot;
  }

  set(patch: Partial<DevicesSnapshot>): void {
    const prev = this.current();
    if ((Object.keys(patch) as (keyof DevicesSnapshot)[]).every((k) => patch[k] === prev[k])) return;
    this.#snapshot = freeze({ ...prev, ...patch });
    this.emit('change', this.#snapshot);
  }

  send(event: DevicesEvent): void {
    this.emit('event', freeze(event));
  }

  /** A media failure as the snapshot's error, returned to be thrown. */
  fail(error: unknown): HandsetError {
    const handsetError = toMediaError(error);
    this.set({ error: handsetError.toJSON() });
    return handsetError;
  }

  persist(): void {
    const { microphoneId, speakerId, ringtoneSpeakerId } = this.current();
    try {
      this.options.storage?.setItem(this.#key, JSON.stringify({ microphoneId, speakerId, ringtoneSpeakerId }));
    } catch {}
  }

  /** Refuses an id that is not listed (null, the default, is always fine), listing the devices first if never done. */
  async validate(kind: 'microphones' | 'speakers', deviceId: string | null, name: string): Promise<void> {
    if (!this.loaded) await this.refresh();
    const list = this.current()[kind];
    if (deviceId === null || list.some((d) => d.deviceId === deviceId)) return;
    const ids = list.map((d) => JSON.stringify(d.deviceId)).join(', ');
    throw new HandsetError(
      'invalid-option',
      `${name}(${JSON.stringify(deviceId)}): no such device. Choose a deviceId from getSnapshot().${kind}` +
        (ids ? ` (${ids})` : ' (empty: call requestPermission() first)') +
        ', or null for the default.',
    );
  }

  close(): void {
    this.closeEmitter();
  }

  #initial(): DevicesSnapshot {
    let saved: Partial<Record<Selection, unknown>> = {};
    try {
      saved = JSON.parse(this.options.storage?.getItem(this.#key) ?? '{}') ?? {};
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
      sinkSupported: this.options.sinkSupported ?? (typeof HTMLMediaElement === 'function' && 'setSinkId' in HTMLMediaElement.prototype),
      error: null,
    });
  }
}
