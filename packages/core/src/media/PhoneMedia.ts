import type { Call } from '../call/Call';
import type { CallSnapshot } from '../call/types';
import type { DevicesSnapshot } from '../devices/devices';
import type { HandsetErrorData } from '../errors/HandsetError';
import type { AcceptOptions, CallOptions } from '../options/types';
import type { QualityLevel, QualitySample, QualityWarningName } from '../quality/types';

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

/** What the phone lets its media kit write. */
export interface PhoneMediaHost {
  setMedia(patch: Partial<MediaSnapshot>): void;
  setQuality(callId: string, quality: CallQualitySnapshot | null): void;
}

/**
 * The contract of a media kit (`browserMedia()` from `@handset/core/media`): devices, audio
 * playback and levels, quality, sounds. Kept apart from the engine so an app pays for it only
 * when it uses it. The kit follows each call through the call's public events.
 */
export interface PhoneMedia {
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
