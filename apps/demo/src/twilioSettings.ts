import { type HandsetError, isHandsetError } from '@handset/core';
import { type TwilioLineOptions, twilio } from '@handset/twilio';

/**
 * The Twilio line's one setting: where this app's server hands out access tokens (as in Twilio's quickstarts,
 * a `GET /token` answering `{ "token": "…" }` or the token as text). The token itself is kept in memory only.
 */
export interface TwilioSettings {
  readonly tokenUrl: string;
}

/** Resolves the token URL against this page (a path such as `/token` is this app's own server). */
function tokenUrlOf(settings: TwilioSettings): URL | null {
  try {
    const url = new URL(settings.tokenUrl, location.href);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

/** The token URL, checked: a message for the person, or null when it is fine. */
export function validateTwilioSettings(settings: TwilioSettings): string | null {
  if (!settings.tokenUrl)
    return 'Enter the address where your server hands out Twilio access tokens, like https://example.com/token or /token.';
  if (!tokenUrlOf(settings)) return 'The token URL is a web address (https://…) or a path on this site (/token).';
  return null;
}

export function normaliseTwilioSettings(settings: TwilioSettings): TwilioSettings {
  return { tokenUrl: settings.tokenUrl.trim() };
}

export function readTwilio(value: unknown): TwilioSettings | null {
  if (typeof value !== 'object' || value === null) return null;
  const { tokenUrl } = value as Record<string, unknown>;
  const settings = { tokenUrl: typeof tokenUrl === 'string' ? tokenUrl : '' };
  return validateTwilioSettings(settings) ? null : settings;
}

/** Why no token came from the token URL (the line's own `invalid-token` / `token-expired` say what was wrong with one). */
export type TokenFetchFailure = 'unreachable' | 'refused' | 'no-token';

export class TokenFetchError extends Error {
  constructor(
    readonly failure: TokenFetchFailure,
    readonly status?: number,
  ) {
    super(`token URL: ${failure}${status ? ` (HTTP ${status})` : ''}`);
  }
}

/**
 * Fetches a token from the token URL and checks it with `twilio({ token })`, which opens nothing: a token that
 * is not a JWT throws `invalid-token`, an expired one `token-expired`. Whether Twilio accepts its signature is
 * only known when the phone connects.
 */
export async function fetchTwilioToken(settings: TwilioSettings): Promise<string> {
  const url = tokenUrlOf(settings);
  if (!url) throw new TokenFetchError('unreachable');
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json, text/plain' } });
  } catch {
    throw new TokenFetchError('unreachable');
  }
  if (!response.ok) throw new TokenFetchError('refused', response.status);
  const text = (await response.text()).trim();
  let token = text;
  try {
    const body: unknown = JSON.parse(text);
    token =
      typeof body === 'object' && body !== null && typeof (body as { token?: unknown }).token === 'string'
        ? (body as { token: string }).token
        : '';
  } catch {}
  if (!token) throw new TokenFetchError('no-token');
  twilio(twilioLineOptions(token));
  return token;
}

/** The options of `twilio({...})`: the kit plays the ringtone on the chosen device, as on the other lines. */
export function twilioLineOptions(token: string): TwilioLineOptions {
  return { token, sounds: 'kit' };
}

/** The identity a Twilio access token was minted for (its Voice grant's `identity`), for the header. */
export function tokenIdentity(token: string | undefined): string {
  try {
    const payload = JSON.parse(atob((token?.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/')));
    const identity = payload?.grants?.identity;
    return typeof identity === 'string' ? identity : '';
  } catch {
    return '';
  }
}

/** A failure of `fetchTwilioToken` as a typed error for `describeError`. */
export function tokenError(error: unknown): HandsetError | TokenFetchError {
  if (error instanceof TokenFetchError || isHandsetError(error)) return error;
  return new TokenFetchError('unreachable');
}
