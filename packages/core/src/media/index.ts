export * from '../levels';
export * from '../quality';
export { type BrowserMedia, type BrowserMediaOptions, browserMedia } from './browserMedia';
export { getUserMediaWithTimeout, toMediaError } from './getUserMedia';
export { createRemoteAudio, type RemoteAudio } from './remoteAudio';
