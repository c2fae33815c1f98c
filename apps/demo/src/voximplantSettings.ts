import type { HandsetErrorData } from '@handset/core';
import type { VoximplantLineOptions } from '@handset/voximplant';

/**
 * The Voximplant account: a user's fully qualified name with its password or an access token (from your
 * server, made with Voximplant's Management API). The password and token live in this tab only (memory and
 * sessionStorage).
 */
export interface VoximplantSettings {
  /** `user@application.account.voximplant.com`. */
  readonly username: string;
  readonly password: string;
  readonly token: string;
  /** A fixed signalling host instead of Voximplant's balancer: for a local stand-in only, empty otherwise. */
  readonly server: string;
}

export type VoximplantField = keyof VoximplantSettings;
export type VoximplantErrors = Partial<Record<VoximplantField, string>>;
export const voximplantFields: readonly VoximplantField[] = ['username', 'password', 'token', 'server'];
export const emptyVoximplant: VoximplantSettings = { username: '', password: '', token: '', server: '' };

export function normaliseVoximplantSettings(input: VoximplantSettings): VoximplantSettings {
  return { username: input.username.trim(), password: input.password, token: input.token.trim(), server: input.server.trim() };
}

/** The options of `voximplant({...})` for these settings. */
export function voximplantLineOptions(settings: VoximplantSettings): VoximplantLineOptions {
  const init = settings.server ? { init: { serverIp: settings.server } } : {};
  const auth = settings.token ? { token: settings.token } : { password: settings.password };
  return { username: settings.username, ...auth, ...init };
}

/** Voximplant's user names are fully qualified: user, application, account, then voximplant.com. */
const fullName = /^[^@\s]+@[^@\s.]+\.[^@\s.]+\.voximplant\.com$/i;

/** The Voximplant account, checked with messages a person can act on (never repeating the password or token). */
export function validateVoximplantSettings(input: VoximplantSettings): VoximplantErrors {
  const { username, password, token, server } = input;
  const errors: { -readonly [K in VoximplantField]?: string } = {};
  if (!username) errors.username = 'Enter your Voximplant user name, like alice@myapp.myaccount.voximplant.com.';
  else if (!fullName.test(username))
    errors.username =
      'Write the full user name: user, application and account, like alice@myapp.myaccount.voximplant.com (Voximplant’s control panel shows it).';
  if (password && token) errors.password = 'Give a password or an access token, not both. Clear the one you do not use.';
  else if (!password && !token) errors.password = 'Enter the user’s password, or paste an access token below.';
  else if (token && /\s/.test(token)) errors.token = 'That is not an access token: paste it in one piece, without spaces.';
  if (server && !/^[a-z0-9.-]+(:\d{1,5})?$/i.test(server))
    errors.server = 'The server is a host name (and port) without wss://, like 127.0.0.1:8443. Leave it empty for Voximplant’s own.';
  return errors;
}

export function readVoximplant(value: unknown): VoximplantSettings | null {
  if (typeof value !== 'object' || value === null) return null;
  const { username, password, token, server } = value as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const settings = { username: text(username), password: text(password), token: text(token), server: text(server) };
  return Object.keys(validateVoximplantSettings(settings)).length === 0 ? settings : null;
}

/**
 * The Voximplant line's sign-in failures in words: 401 a refused password or token, 701 an expired token,
 * 404 an unknown user; a refusal without a code is a cloud that could not be reached.
 */
export function describeVoximplantError(error: Pick<HandsetErrorData, 'code' | 'message' | 'providerCode'>): string | null {
  switch (error.code) {
    case 'invalid-token':
      return 'Wrong password or access token: Voximplant refused them. Check the user name and the password (or token) in Settings, then try again.';
    case 'token-expired':
      return 'The Voximplant access token has expired. Get a new one from your server, paste it in Settings, then try again.';
    case 'registration-failed':
      if (error.providerCode === 404)
        return 'Voximplant does not know this user. Check the full user name (user@application.account.voximplant.com) in Settings.';
      if (error.providerCode === undefined)
        return 'Voximplant cannot be reached. Check your network connection (a firewall may block wss://*.voximplant.com), then try again.';
      return 'The phone could not sign in to Voximplant. Check the login details in Settings, then try again.';
    default:
      return null;
  }
}
