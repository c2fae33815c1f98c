import type { EngineErrorCode } from './catalogue';

/** Why each engine error usually happens and what a person can do about it: [cause, solution] (Twilio's error shape). */
export const errorExplanations = {
  // Input refused before anything is sent.
  'invalid-destination': ['Not E.164 nor a SIP URI.', 'Dial +14155550123 or sip:alice@example.com.'],
  'invalid-option': ['Wrong type, out of range, or misspelt.', 'Check the option named in the message.'],
  'invalid-caller-name': ['Over 128 characters, or not letters, digits, spaces, -_~!.+', 'Shorten it; remove markup and line breaks.'],
  'invalid-caller-number': ['No + and country code, or over 15 digits.', 'Use E.164, e.g. +14155550123.'],
  'invalid-header': [
    'Name not an X- token, or CR/LF/NUL in the value (header injection).',
    'Name it X-Something; keep the value on one line.',
  ],
  'invalid-client-state': ['Not encoded, or wrongly padded.', 'Encode it with btoa() first.'],
  'custom-data-too-large': ['More than 200 bytes of UTF-8.', 'Send a short key instead.'],
  'invalid-dtmf': ['Only 0-9 * # A-D and pauses w p , are dialable.', 'Remove the character named in the message.'],
  'invalid-sip-code': ['Reject codes are whole numbers from 400 to 699.', 'Use 486 (busy) or 603 (decline).'],
  'invalid-message': ['Empty content or a malformed content type.', 'Send a string or JSON with a type/subtype.'],
  // Commands the call or phone cannot take now.
  'invalid-state': ['Not allowed in this state (e.g. hold() while ringing).', 'Check call.state, or wait for its state event.'],
  'not-connected': ['connect() was not called, has not finished, or failed.', 'await phone.connect() first.'],
  'phone-disposed': ['dispose() was called.', 'Create a new phone.'],
  'duplicate-call-id': ["The id option repeats a live call's id.", 'Leave id unset, or make it unique.'],
  'option-unsupported': ['This provider has no equivalent.', 'Remove it, or use another line.'],
  unsupported: ['A browser API or line capability is missing.', 'Hide the control that needs it.'],
  // Failures reported by lines.
  'registration-failed': ['Wrong credentials, or the server is unreachable.', 'Check the username, password and server.'],
  'token-expired': ['It was not renewed in time after tokenWillExpire.', 'Fetch a new token and call phone.updateToken().'],
  'invalid-token': ['Malformed, wrongly signed, or for another account.', 'Mint a new token on your server.'],
  'registration-conflict': ['Another tab or device holds it.', 'Choose another name, or close the other tab.'],
  'call-failed': ['The far side or the network could not set it up.', 'Try again; the end reason and SIP code say more.'],
  'media-failed': ['ICE failed: no path, or UDP blocked without TURN.', 'Add a TURN server to iceServers.'],
  'line-error': ['The provider or transport reported a problem.', 'See the error cause.'],
} as const satisfies Record<EngineErrorCode, readonly [cause: string, solution: string]>;
