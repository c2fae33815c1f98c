import type { CallEnd, CallSnapshot, HandsetErrorData } from '@handset/core';
import type { LineKind } from './settings';
import { TokenFetchError } from './twilioSettings';
import { describeVoximplantError } from './voximplantSettings';

/**
 * What a person reads when something fails: what happened, and what to do about it. `line`: the line the
 * phone is on, where the same code means something else on another provider (a refused sign-in).
 */
export function describeError(
  error: Pick<HandsetErrorData, 'code' | 'message' | 'providerCode'> | null | undefined,
  line: LineKind = 'sandbox',
): string {
  if (!error) return 'Something went wrong.';
  if (line === 'telnyx') {
    const telnyx = describeTelnyxError(error);
    if (telnyx) return telnyx;
  }
  if (line === 'twilio') {
    const twilio = describeTwilioError(error);
    if (twilio) return twilio;
  }
  if (line === 'voximplant') {
    const voximplant = describeVoximplantError(error);
    if (voximplant) return voximplant;
  }
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

/**
 * Telnyx's sign-in failures: a refused login token (46001 with a token), a refused user name and password
 * (46001), and a signalling server that cannot be reached (45001/45002 while the SDK retries, 45003 when it gives up).
 */
function describeTelnyxError(error: Pick<HandsetErrorData, 'code' | 'message' | 'providerCode'>): string | null {
  switch (error.code) {
    case 'invalid-token':
    case 'token-expired':
      return 'Telnyx refused the login token: it is wrong or has expired. Create a new one for your credential connection, paste it in Settings, then try again.';
    case 'registration-failed':
      if (error.providerCode === 46001)
        return 'Wrong user name or password: Telnyx refused them. Check the SIP user name and password of your credential connection in Settings, then try again.';
      if (error.providerCode === 45003) return telnyxUnreachableMessage;
      return 'The phone could not sign in to Telnyx. Check the login details and the server in Settings, then try again.';
    case 'line-error':
      // 45001 "Unable to connect to server", 45002 "Connection to server lost": the SDK keeps retrying.
      return error.providerCode === 45001 || error.providerCode === 45002 ? telnyxUnreachableMessage : null;
    default:
      return null;
  }
}

/** Twilio's token failures, as the Twilio line reports them (its codes keep Twilio's 20101, 20104, …). */
function describeTwilioError(error: Pick<HandsetErrorData, 'code' | 'message' | 'providerCode'>): string | null {
  switch (error.code) {
    case 'token-expired':
      return 'The Twilio access token from your token URL has expired. Check that your server mints fresh tokens (and that this computer’s clock is right), then try again.';
    case 'invalid-token':
      return 'Twilio refused the access token from your token URL. Check the token URL in Settings and your server’s Twilio account SID, API key and secret, then try again.';
    case 'line-error':
      // 31005 connection error, 31009 no transport, 53000 signalling connection error: the SDK keeps retrying.
      return [31005, 31009, 53000].includes(Number(error.providerCode))
        ? 'Twilio cannot be reached: the connection to Twilio failed. Check your network connection (a firewall may block wss://*.twilio.com); the phone keeps trying.'
        : null;
    default:
      return null;
  }
}

/** Why the token URL gave no usable token: its own failures, or the Twilio line's verdict on what it gave. */
export function describeTokenFailure(error: unknown): string {
  if (error instanceof TokenFetchError) {
    if (error.failure === 'refused')
      return `The token URL refused to give a token (HTTP ${error.status}). Check that you are signed in to your app and that the token URL is right.`;
    if (error.failure === 'no-token')
      return 'The token URL answered without a token. It should answer { "token": "…" } (or the token as text), as in Twilio’s quickstart.';
    return 'The token URL cannot be reached. Check the address in Settings and your network connection, then try again.';
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'token-expired') return describeError(error as HandsetErrorData, 'twilio');
  if (code === 'invalid-token')
    return 'The token URL answered with something that is not a Twilio access token (a JWT). Check that it is your server’s token endpoint.';
  return 'The token URL did not give a token the Twilio line can use.';
}

const telnyxUnreachableMessage =
  'The Telnyx server cannot be reached. Check the server address in Settings (empty for Telnyx’s own) and your network connection, then try again.';

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
