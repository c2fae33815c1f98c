export * from '../devices/devices';
export { mediaError, mediaErrorCatalogue } from '../errors/mediaErrors';
export * from '../levels';
export * from '../quality';
export * from '../sounds/SoundPlayer';
export { type RingbackPreset, ringbackPresets } from '../sounds/tones';
export { type BrowserMedia, type BrowserMediaOptions, browserMedia } from './browserMedia';
export {
  detectVoice,
  type Playback,
  type PlaybackOptions,
  type PlaybackSource,
  type Recording,
  type RecordingState,
  type RecordOptions,
  record,
  routeSender,
  startPlayback,
  stopPlayback,
  type VoiceActivity,
  type VoiceActivityOptions,
} from './callAudio';
export { getUserMediaWithTimeout, toMediaError } from './getUserMedia';
export { type PreflightOptions, type PreflightReport, preflight } from './preflight';
export { createRemoteAudio, type RemoteAudio } from './remoteAudio';
export { type MediaStoreWriter, mediaStoreWriter } from './storeWriter';
