import type { Call } from '../call/Call';
import type { DtmfTiming } from '../call/dtmf';
import { HandsetError } from '../errors/HandsetError';
import type { Line, RegistrationState } from '../line/Line';
import type { CallOptions } from '../options/types';
import { integerIn } from '../options/validateCallOptions';
import type { PhoneMedia } from './PhoneMedia';

export interface PhoneOptions {
  /** The provider adapter: `sandbox()`, `sip({...})`, ... */
  readonly line: Line;
  /** Options applied to every outgoing call unless the call gives its own. */
  readonly callDefaults?: Omit<CallOptions, 'id' | 'on'>;
  /** DTMF tone and gap length in milliseconds. */
  readonly dtmf?: Partial<DtmfTiming>;
  /** Refuse a call whose options the line cannot honour, instead of reporting them on the call. */
  readonly strictOptions?: boolean;
  /** How many ended calls the store keeps for display. Default 10. */
  readonly keepEndedCalls?: number;
  /** The media kit: `browserMedia()` from `@handset/core/media` (devices, audio, levels, quality, sounds). */
  readonly media?: PhoneMedia;
  /**
   * The browser's `navigator.mediaDevices` unless given. Used only without a media kit; the kit
   * adds device selection, a timeout for unanswered prompts and typed errors.
   */
  readonly mediaDevices?: Pick<MediaDevices, 'getUserMedia'>;
}

export type PhoneEvents = {
  registration: [state: RegistrationState, previous: RegistrationState];
  registered: [];
  unregistered: [];
  /** Token lines: the access token expires soon; call `phone.updateToken()` with a fresh one (Twilio's `tokenWillExpire`). */
  tokenWillExpire: [expiresAt: number | null];
  /** A new incoming call, ringing (or waiting, when another call is live). */
  incoming: [call: Call];
  /** Any new call, either direction. */
  call: [call: Call];
  error: [error: HandsetError];
};

const lineMethods = ['start', 'register', 'unregister', 'dispose', 'dial'] as const;

/** Refuses, before anything starts, options that are not an object or a line that lacks the contract's methods. */
export function validatePhoneOptions(options: PhoneOptions): void {
  if (typeof options !== 'object' || options === null)
    throw new HandsetError('invalid-option', 'createPhone() needs an options object with a line.');
  const line = options.line as Partial<Line> | undefined;
  const missing = lineMethods.filter((name) => typeof line?.[name] !== 'function');
  if (!line || missing.length > 0) {
    throw new HandsetError(
      'invalid-option',
      `options.line must implement the Line contract; missing: ${missing.join(', ')}. Use sandbox() or sip({...}).`,
    );
  }
  if (options.keepEndedCalls !== undefined) integerIn(0, 1000)(options.keepEndedCalls, 'keepEndedCalls');
}
