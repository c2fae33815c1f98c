/**
 * Every error the engine can raise, in one place: what happened, why it usually happens, and
 * what a person can do about it (Twilio's error shape). Kept as [message, cause, solution]
 * tuples because this table ships in every bundle; the media kit's errors are in its own
 * catalogue (`mediaErrors.ts`), shipped with the kit.
 */
export type ErrorEntry = readonly [message: string, cause: string, solution: string];

export const errorCatalogue = {
  // Input refused before anything is sent.
  'invalid-destination': ['The destination cannot be dialled.', 'Not E.164 nor a SIP URI.', 'Dial +14155550123 or sip:alice@example.com.'],
  'invalid-option': ['An option is invalid.', 'Wrong type, out of range, or misspelt.', 'Check the option named in the message.'],
  'invalid-caller-name': [
    'The caller name is not allowed.',
    'Over 128 characters, or not letters, digits, spaces, -_~!.+',
    'Shorten it; remove markup and line breaks.',
  ],
  'invalid-caller-number': [
    'The caller number is not E.164.',
    'No + and country code, or over 15 digits.',
    'Use E.164, e.g. +14155550123.',
  ],
  'invalid-header': [
    'A custom SIP header is not allowed.',
    'Name not an X- token, or CR/LF/NUL in the value (header injection).',
    'Name it X-Something; keep the value on one line.',
  ],
  'invalid-client-state': ['The client state is not base64.', 'Not encoded, or wrongly padded.', 'Encode it with btoa() first.'],
  'custom-data-too-large': ['The custom data is over 200 bytes.', 'More than 200 bytes of UTF-8.', 'Send a short key instead.'],
  'invalid-dtmf': [
    'The DTMF string has an unsendable character.',
    'Only 0-9 * # A-D and pauses w p , are dialable.',
    'Remove the character named in the message.',
  ],
  'invalid-sip-code': ['Not a SIP error code.', 'Reject codes are whole numbers from 400 to 699.', 'Use 486 (busy) or 603 (decline).'],
  'invalid-message': [
    'The message cannot be sent.',
    'Empty content or a malformed content type.',
    'Send a string or JSON with a type/subtype.',
  ],
  // Commands the call or phone cannot take now.
  'invalid-state': [
    'The call cannot do that now.',
    'Not allowed in this state (e.g. hold() while ringing).',
    'Check call.state, or wait for its state event.',
  ],
  'not-connected': [
    'The phone is not registered.',
    'connect() was not called, has not finished, or failed.',
    'await phone.connect() first.',
  ],
  'phone-disposed': ['The phone has been disposed.', 'dispose() was called.', 'Create a new phone.'],
  'duplicate-call-id': [
    'A live call already has this id.',
    "The id option repeats a live call's id.",
    'Leave id unset, or make it unique.',
  ],
  'option-unsupported': ['The line cannot honour an option given.', 'This provider has no equivalent.', 'Remove it, or use another line.'],
  unsupported: [
    'Not supported by this browser or line.',
    'A browser API or line capability is missing.',
    'Hide the control that needs it.',
  ],
  // Failures reported by lines.
  'registration-failed': [
    'Registration failed.',
    'Wrong credentials, or the server is unreachable.',
    'Check the username, password and server.',
  ],
  'registration-conflict': [
    'The name is already registered elsewhere.',
    'Another tab or device holds it.',
    'Choose another name, or close the other tab.',
  ],
  'call-failed': [
    'The call failed.',
    'The far side or the network could not set it up.',
    'Try again; the end reason and SIP code say more.',
  ],
  'media-failed': [
    'The media connection could not be set up.',
    'ICE failed: no path, or UDP blocked without TURN.',
    'Add a TURN server to iceServers.',
  ],
  'line-error': ['The line reported an error.', 'The provider or transport reported a problem.', 'See the error cause.'],
} as const satisfies Record<string, ErrorEntry>;

/** Codes of the engine's catalogue. */
export type EngineErrorCode = keyof typeof errorCatalogue;
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
