/**
 * Every error the engine can raise, in one place: what happened, as the message an error carries when its
 * thrower gives none. Why it usually happens and what to do about it (Twilio's `causes` and `solutions`) are in
 * `explanations.ts`, shipped with `@handset/core/parity` (`explainError()`) so that they cost the base nothing;
 * the media kit's errors are in its own catalogue (`mediaErrors.ts`), shipped with the kit.
 */
export const errorMessages = {
  // Input refused before anything is sent.
  'invalid-destination': 'The destination cannot be dialled.',
  'invalid-option': 'An option is invalid.',
  'invalid-caller-name': 'The caller name is not allowed.',
  'invalid-caller-number': 'The caller number is not E.164.',
  'invalid-header': 'A custom SIP header is not allowed.',
  'invalid-client-state': 'The client state is not base64.',
  'custom-data-too-large': 'The custom data is over 200 bytes.',
  'invalid-dtmf': 'The DTMF string has an unsendable character.',
  'invalid-sip-code': 'Not a SIP error code.',
  'invalid-message': 'The message cannot be sent.',
  // Commands the call or phone cannot take now.
  'invalid-state': 'The call cannot do that now.',
  'not-connected': 'The phone is not registered.',
  'phone-disposed': 'The phone has been disposed.',
  'duplicate-call-id': 'A live call already has this id.',
  'option-unsupported': 'The line cannot honour an option given.',
  unsupported: 'Not supported by this browser or line.',
  // Failures reported by lines.
  'registration-failed': 'Registration failed.',
  'token-expired': 'The access token has expired.',
  'invalid-token': 'The access token was refused.',
  'registration-conflict': 'The name is already registered elsewhere.',
  'call-failed': 'The call failed.',
  'media-failed': 'The media connection could not be set up.',
  'line-error': 'The line reported an error.',
} as const satisfies Record<string, string>;

/** Codes of the engine's catalogue. */
export type EngineErrorCode = keyof typeof errorMessages;
/** Codes of the media kit's catalogue (`@handset/core/media`); lines may raise them through `mediaError()`. */
export type MediaErrorCode =
  | 'media-permission-denied'
  | 'media-not-found'
  | 'media-busy'
  | 'media-constraints'
  | 'media-timeout'
  | 'audio-blocked'
  | 'stats-failed';
export type ErrorCode = EngineErrorCode | MediaErrorCode;
