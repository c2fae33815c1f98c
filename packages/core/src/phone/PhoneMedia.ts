import type { Call } from '../call/Call';
import type { QualityLevel, QualitySample, QualityWarningName } from '../call/quality';
import type { CallSnapshot } from '../call/types';
import type { HandsetErrorData } from '../errors/HandsetError';
import type { LineCapabilities, LineDevices } from '../line/Line';
import type { AcceptOptions, CallOptions } from '../options/types';

/*
 * The store's media and quality slices are declared here, by the engine's contract with a media kit, and written
 * only by the kit (through PhoneMediaHost): the engine never imports the kit.
 */

/** One device, as the kit lists it. */
export interface DeviceInfo {
  readonly deviceId: string;
  readonly label: string;
  readonly groupId: string;
  readonly kind: MediaDeviceKind;
}

export type DevicePermission = 'unknown' | 'prompt' | 'granted' | 'denied';

/** Devices as plain, frozen data; a new object on every change, the same one otherwise. */
export interface DevicesSnapshot {
  /** Empty until the first `refresh()`; without permission, browsers list no usable ids and no labels. */
  readonly microphones: readonly DeviceInfo[];
  readonly speakers: readonly DeviceInfo[];
  readonly cameras: readonly DeviceInfo[];
  readonly permission: DevicePermission;
  /** The chosen devices; null is the browser's default. */
  readonly microphoneId: string | null;
  readonly speakerId: string | null;
  readonly ringtoneSpeakerId: string | null;
  /** Whether the browser can route audio to a chosen speaker (`HTMLMediaElement.setSinkId`); hide speaker pickers when false. */
  readonly sinkSupported: boolean;
  /** The last failure, cleared by the next successful `requestPermission()` or `openMicrophone()`. */
  readonly error: HandsetErrorData | null;
}

/** Media state of the whole phone, as the store keeps it. */
export interface MediaSnapshot {
  /** The browser refused to play the ringtone (autoplay policy): show a visible cue; it resumes on the next click. */
  readonly ringtoneBlocked: boolean;
  /** The browser refused to play a call's audio: same remedy. */
  readonly audioBlocked: boolean;
  /** The shared AudioContext could not be resumed. */
  readonly audioError: HandsetErrorData | null;
  /** Device lists, permission and selection; null until the media kit reads them. */
  readonly devices: DevicesSnapshot | null;
}

/** Live quality of one call, as the store keeps it (apart from the call's snapshot, so 1 Hz samples re-render only readers of quality). */
export interface CallQualitySnapshot {
  readonly sample: QualitySample | null;
  readonly mos: number | null;
  readonly level: QualityLevel | null;
  readonly warnings: readonly QualityWarningName[];
}

/** The store's two slices that only the media kit writes. */
export interface MediaSlices {
  /** Devices, playback refusals (with the media kit). */
  readonly media: MediaSnapshot;
  /** Live quality by call id (with the media kit); removed when the call ends. */
  readonly quality: Readonly<Record<string, CallQualitySnapshot>>;
}

/** What the phone lets its media kit write, and what it tells the kit of its line. */
export interface PhoneMediaHost {
  /** Who owns the media and plays the sounds, and where device choices go when the line's SDK owns them. */
  readonly line: { readonly capabilities: Pick<LineCapabilities, 'media' | 'sounds'>; readonly devices?: LineDevices | undefined };
  /** Writes the kit's own slices of the phone's store (`media`, `quality`), from the current state. */
  update(change: (state: MediaSlices) => Partial<MediaSlices>): void;
}

/**
 * The contract of a media kit (`browserMedia()` from `@handset/core/media`): devices, audio
 * playback and levels, quality, sounds. Kept apart from the engine so an app pays for it only
 * when it uses it. The kit follows each call through the call's public events.
 */
export interface PhoneMedia {
  /** Call options the kit honours itself for lines whose media it owns (e.g. a per-call `speakerId`). */
  readonly honours?: readonly string[];
  /** Called once when the phone is created: store the host, touch nothing else. */
  attach(host: PhoneMediaHost): void;
  /** Opens the microphone for a line; replaces the phone's plain getUserMedia. */
  getLocalStream(constraints: { audio: boolean | MediaTrackConstraints; video?: boolean | MediaTrackConstraints }): Promise<MediaStream>;
  /** A new call, with the options it was placed with (none for an incoming call). */
  addCall(call: Call, options: Readonly<CallOptions>): void;
  /** An incoming call is being accepted with these options (`remoteElement`, `micId`, ...). */
  acceptCall?(call: Call, options: Readonly<AcceptOptions>): void;
  /** The call is ending: release what it used and return what its ended snapshot keeps. */
  endCall(call: Call): Partial<CallSnapshot> | undefined;
  dispose(): void;
}
