/**
 * Browser call audio beyond playing and metering, one feature a file: the microphone route (who owns the
 * sender's track), audio played into the call (`startPlayback`, hold music or a recorded message), recording
 * (`record`) and voice activity (`detectVoice`, Voximplant's `vad()`).
 */
export { routeSender } from './micRoute';
export { type Playback, type PlaybackOptions, type PlaybackSource, startPlayback, stopPlayback } from './playback';
export { type Recording, type RecordingState, type RecordOptions, record } from './recording';
export { detectVoice, type VoiceActivity, type VoiceActivityOptions } from './voiceActivity';
