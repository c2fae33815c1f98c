import type { HandsetError } from '../errors/HandsetError';
import type { DevicesSnapshot } from '../phone/PhoneMedia';

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
