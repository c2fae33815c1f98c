import type { CallEnd, CallSnapshot, HandsetErrorData } from '@handset/core';

/** What a person reads when something fails: what happened, and what to do about it. */
export function describeError(error: Pick<HandsetErrorData, 'code' | 'message'> | null | undefined): string {
  if (!error) return 'Something went wrong.';
  switch (error.code) {
    case 'media-permission-denied':
      return 'Your microphone is blocked for this page. Allow the microphone in the browser’s address bar (the camera/microphone icon), then try again.';
    case 'media-not-found':
      return 'No microphone was found. Plug one in (or check it is switched on), choose it in Settings, then try again.';
    case 'media-busy':
      return 'The microphone could not be opened: another app may be using it. Close that app or choose another microphone in Settings.';
    case 'media-constraints':
      return 'The chosen microphone is not available any more. Choose another one (or “System default”) in Settings.';
    case 'media-timeout':
      return 'The microphone did not open in time. Answer the browser’s permission prompt, then try again.';
    case 'audio-blocked':
      return 'The browser is not playing sound yet. Click anywhere on the page to turn sound on.';
    case 'registration-conflict':
      return 'Another tab already uses this extension. Choose a different extension in Settings, or close the other tab and try again.';
    case 'registration-failed':
      return describeRegistrationFailure(error.message);
    case 'not-connected':
      return 'The phone is not connected yet. Wait until it shows “Online”, then call again.';
    case 'invalid-destination':
      return invalidNumberMessage;
    case 'media-failed':
      return 'No audio path could be set up to the other side (the network blocks it). Try another network.';
    case 'unsupported':
      return `This browser cannot do that: ${error.message}`;
    default:
      return error.message;
  }
}

/**
 * Why the phone could not sign in, from the line's message: the SIP line says 401/403/407 when the server
 * refused the credentials, 404 when it does not know the user, and "Gave up after N attempts" when the
 * server could not be reached within its retry policy.
 */
function describeRegistrationFailure(message: string): string {
  if (/\b(401|403|407)\b/.test(message))
    return 'Wrong password: the SIP server refused your user name and password. Check the SIP address and password in Settings, then try again.';
  if (/\b404\b/.test(message)) return 'The SIP server does not know this address. Check the SIP address (sip:user@domain) in Settings.';
  if (/gave up after|could not be re-established|lost/i.test(message))
    return 'The SIP server cannot be reached. Check the server address in Settings and your network connection, then try again.';
  return 'The phone could not sign in: check the user name, password and server in Settings, or whether the server is reachable.';
}

export const invalidSipDestinationMessage =
  'That is not an address we can call. Enter a SIP address (sip:bob@example.com), a user name at your domain (bob), or a phone number with its country code (+1 415 555 0123).';

export const invalidNumberMessage =
  'That is not a number we can dial. Enter a phone number with its country code (like +1 415 555 0123), a sandbox number such as echo, or another tab’s extension.';

/** The end of an outgoing call, told as a failure, or null when it simply ended. */
export function describeFailedCall(call: CallSnapshot): string | null {
  const end: CallEnd | null = call.end;
  if (!end) return null;
  const who = call.remote.name || call.remote.number;
  const code = end.sipCode ? ` (SIP ${end.sipCode})` : '';
  if (call.error?.code.startsWith('media-')) return `Call to ${who} failed. ${describeError(call.error)}`;
  switch (end.reason) {
    case 'busy':
      return `${who} is busy${code}. Try again later.`;
    case 'rejected':
      return call.direction === 'outgoing' && end.by !== 'local' ? `${who} declined the call${code}.` : null;
    case 'no-answer':
      return `${who} did not answer.`;
    case 'timeout':
      return `${who} did not respond. Check the number or try again later.`;
    case 'network':
      return `The call with ${who} was cut off: the connection was lost and could not be restored.`;
    case 'failed': {
      const reason = end.message ?? call.error?.message ?? 'the call could not be set up';
      return `Call to ${who} failed: ${reason}${end.message?.includes(String(end.sipCode)) ? '' : code}`;
    }
    default:
      return null;
  }
}
