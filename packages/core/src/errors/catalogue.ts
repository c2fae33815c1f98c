/**
 * Every error handset can raise, in one place. Each entry says what happened,
 * why it usually happens, and what a person can do about it (Twilio's error shape).
 */
export interface ErrorEntry {
  readonly message: string;
  readonly causes: readonly string[];
  readonly solutions: readonly string[];
}

export const errorCatalogue = {
  // Input refused before anything is sent.
  'invalid-destination': {
    message: 'The destination is not a number or address this line can call.',
    causes: ['The number is not in E.164 form (+ country code, then up to 14 digits).', 'A SIP URI is malformed.'],
    solutions: ['Dial an E.164 number such as +14155550123, or a URI such as sip:alice@example.com.'],
  },
  'invalid-option': {
    message: 'A call option has a value handset does not accept.',
    causes: ['An option has the wrong type or is out of range.', 'An option name is misspelt.'],
    solutions: ['Check the option named in the message against the CallOptions documentation.'],
  },
  'invalid-caller-name': {
    message: 'The caller name is not allowed.',
    causes: ['It is longer than 128 characters.', 'It contains characters other than letters, digits, spaces and -_~!.+'],
    solutions: ['Shorten the name and remove markup, quotes and control characters.'],
  },
  'invalid-caller-number': {
    message: 'The caller number is not an E.164 number.',
    causes: ['The number lacks a leading + and country code, or has more than 15 digits.'],
    solutions: ['Give the caller number as E.164, for example +14155550123.'],
  },
  'invalid-header': {
    message: 'A custom SIP header is not allowed.',
    causes: [
      'Its name does not start with X- or contains characters outside an HTTP token.',
      'Its value contains CR, LF, NUL or another control character (header injection).',
    ],
    solutions: ['Name custom headers X-Something and keep their values on one line of printable text.'],
  },
  'invalid-client-state': {
    message: 'The client state is not valid base64.',
    causes: ['The string was not base64-encoded, or is padded wrongly.'],
    solutions: ['Encode the state with btoa() (or Buffer.from(s).toString("base64")) before passing it.'],
  },
  'custom-data-too-large': {
    message: 'The custom data is larger than 200 bytes.',
    causes: ['More than 200 bytes of UTF-8 were given.'],
    solutions: ['Send a short key instead and look the rest up on your server.'],
  },
  'invalid-dtmf': {
    message: 'The DTMF string contains a character that cannot be sent.',
    causes: ['Only 0-9 * # A-D and the pauses w, p and , are dialable.'],
    solutions: ['Remove the character named in the message.'],
  },
  'invalid-sip-code': {
    message: 'The SIP response code is not a final error response.',
    causes: ['Reject codes must be whole numbers from 400 to 699.'],
    solutions: ['Use 486 (busy), 603 (decline) or another 4xx-6xx code.'],
  },
  'invalid-message': {
    message: 'The message cannot be sent.',
    causes: ['The content is empty, not serialisable, or the content type is malformed.'],
    solutions: ['Send a string or a JSON-serialisable object with a type/subtype content type.'],
  },
  // Commands that the call or phone cannot take now.
  'invalid-state': {
    message: 'The call cannot do that in its current state.',
    causes: ['The command is not allowed in this state (for example hold() while ringing).'],
    solutions: ['Check call.state before the command, or wait for the state event that allows it.'],
  },
  'not-connected': {
    message: 'The phone is not registered.',
    causes: ['connect() was not called, has not finished, or registration failed.'],
    solutions: ['await phone.connect() before placing calls, and watch the registration state.'],
  },
  'phone-disposed': {
    message: 'The phone has been disposed.',
    causes: ['dispose() was called on this phone.'],
    solutions: ['Create a new phone with createPhone().'],
  },
  'duplicate-call-id': {
    message: 'A call with this id already exists.',
    causes: ['The id option repeats the id of a call that is still known to the phone.'],
    solutions: ['Leave id unset to have one generated, or use a unique value.'],
  },
  'option-unsupported': {
    message: 'The line cannot honour an option that was given.',
    causes: ['This provider has no equivalent for the option.'],
    solutions: ['Remove the option, or use a line that supports it. Set strictOptions to refuse such calls.'],
  },
  unsupported: {
    message: 'This browser or line does not support the feature.',
    causes: ['A browser API is missing, or the line has no such capability.'],
    solutions: ['Hide the control that needs the feature, or use a browser or line that has it.'],
  },
  // Microphone and camera.
  'media-permission-denied': {
    message: 'The browser blocked the microphone.',
    causes: ['The permission prompt was refused, or the site is blocked in the browser settings.', 'The page is not served over HTTPS.'],
    solutions: ['Click the camera/microphone icon in the address bar, allow the microphone, then try again.'],
  },
  'media-not-found': {
    message: 'No microphone was found.',
    causes: ['No microphone is plugged in, or the chosen one was unplugged.'],
    solutions: ['Plug in a microphone or headset and choose it in the settings.'],
  },
  'media-busy': {
    message: 'The microphone is in use or cannot be opened.',
    causes: ['Another application holds the microphone exclusively.', 'The device driver failed.'],
    solutions: ['Close other apps using the microphone (meetings, recorders), or choose another one.'],
  },
  'media-constraints': {
    message: 'The chosen microphone cannot satisfy the requested settings.',
    causes: ['The device id no longer exists, or a constraint cannot be met.'],
    solutions: ['Choose another microphone, or reset the device selection to the default.'],
  },
  'media-timeout': {
    message: 'The microphone did not open in time.',
    causes: ['The permission prompt was dismissed or left unanswered.'],
    solutions: ['Answer the browser prompt for microphone access, then try again.'],
  },
  // Failures reported by lines.
  'registration-failed': {
    message: 'Registration with the server failed.',
    causes: ['Wrong credentials.', 'The server is unreachable or refused the registration.'],
    solutions: ['Check the username and password, and that the server address is reachable.'],
  },
  'registration-conflict': {
    message: 'The name is already registered elsewhere.',
    causes: ['Another tab or device holds this extension.'],
    solutions: ['Choose another name, or close the other tab.'],
  },
  'call-failed': {
    message: 'The call failed.',
    causes: ['The far side or the network failed to set up the call.'],
    solutions: ['Try again; if it keeps failing, check the end reason and SIP code.'],
  },
  'media-failed': {
    message: 'The media connection could not be set up.',
    causes: ['ICE failed: no network path between the two sides.', 'A firewall blocks UDP and no TURN server is set.'],
    solutions: ['Add a TURN server to iceServers, or try another network.'],
  },
  'line-error': {
    message: 'The line reported an error.',
    causes: ['The provider or transport reported a problem.'],
    solutions: ['See the cause for details.'],
  },
} as const satisfies Record<string, ErrorEntry>;

export type ErrorCode = keyof typeof errorCatalogue;
