export * from '../devices/devices';
export * from '../levels';
export * from '../quality';
export * from '../sounds/SoundPlayer';
export { type RingbackPreset, ringbackPresets } from '../sounds/tones';
export { type BrowserMedia, type BrowserMediaOptions, browserMedia } from './browserMedia';
export { getUserMediaWithTimeout, toMediaError } from './getUserMedia';
export { type PreflightOptions, type PreflightReport, preflight } from './preflight';
export { createRemoteAudio, type RemoteAudio } from './remoteAudio';
