import type { HandsetError } from '../errors/HandsetError';
import type { QualitySample, QualityWarningName } from './quality';
import type { CallEnd, CallMessage, CallState, DtmfTone, SipHeader } from './types';

/** Every event a Call emits, with Twilio's names where Twilio has one. */
export type CallEvents = {
  state: [state: CallState, previous: CallState];
  ringing: [hasEarlyMedia: boolean];
  /** The call is answered and media flows (Twilio's `accept`), for both directions. */
  accept: [];
  hold: [by: 'local' | 'remote'];
  unhold: [by: 'local' | 'remote'];
  mute: [muted: boolean];
  reconnecting: [error: HandsetError | undefined];
  reconnected: [];
  dtmf: [digit: DtmfTone];
  messageReceived: [message: CallMessage];
  messageSent: [message: CallMessage];
  /** An INFO from the far side, with its `X-` (and `User-to-User`) headers where the line carries them. */
  info: [mimeType: string, body: string, headers: readonly SipHeader[]];
  /** A DTMF tone left for the far side (one per digit, after its pause). */
  dtmfSent: [digit: DtmfTone];
  /** The line attached media: peer connection and streams are now readable on the call. */
  media: [];
  /** One quality reading a second while answered (needs the media kit). */
  sample: [sample: QualitySample];
  /** Input and output levels, 0..1, once per animation frame while someone listens (needs the media kit). */
  volume: [inputVolume: number, outputVolume: number];
  /** Voice activity on the microphone (media kit `detectVoice()`, Voximplant's `vad()`): speech began / ended. */
  speaking: [];
  silence: [];
  /** A browser recording of the call started or stopped (media kit `record()`). */
  recording: [state: 'recording' | 'stopped'];
  warning: [name: QualityWarningName, sample: QualitySample];
  'warning-cleared': [name: QualityWarningName];
  error: [error: HandsetError];
  ended: [end: CallEnd];
};
