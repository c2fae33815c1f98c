import type { HandsetError } from '../errors/HandsetError';
import type { DtmfTone } from '../line/Line';
import type { CallEnd, CallMessage, CallState } from './types';

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
  info: [mimeType: string, body: string];
  error: [error: HandsetError];
  ended: [end: CallEnd];
  /** Twilio aliases: `cancel` when the caller gave up on an incoming call, `reject` when we rejected it, `disconnect` on every end. */
  cancel: [];
  reject: [];
  disconnect: [end: CallEnd];
};
