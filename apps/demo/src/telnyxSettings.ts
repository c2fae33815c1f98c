import { isHandsetError } from '@handset/core';
import { type TelnyxLineOptions, telnyx } from '@handset/telnyx';

/**
 * The Telnyx account: a login token (a JWT from Telnyx's telephony credentials API) or a SIP connection's
 * user name and password. The token and password live in this tab only (memory and sessionStorage).
 */
export interface TelnyxSettings {
  /** Telnyx's signalling server; empty for Telnyx's own (wss://rtc.telnyx.com). */
  readonly server: string;
  readonly loginToken: string;
  readonly login: string;
  readonly password: string;
}

export type TelnyxField = keyof TelnyxSettings;
export type TelnyxErrors = Partial<Record<TelnyxField, string>>;
export const telnyxFields: readonly TelnyxField[] = ['server', 'loginToken', 'login', 'password'];
export const emptyTelnyx: TelnyxSettings = { server: '', loginToken: '', login: '', password: '' };

export function normaliseTelnyxSettings(input: TelnyxSettings): TelnyxSettings {
  return { server: input.server.trim(), loginToken: input.loginToken.trim(), login: input.login.trim(), password: input.password };
}

/** The options of `telnyx({...})` for these settings. */
export function telnyxLineOptions(settings: TelnyxSettings): TelnyxLineOptions {
  const host = settings.server ? { host: settings.server } : {};
  return settings.loginToken
    ? { loginToken: settings.loginToken, ...host }
    : { login: settings.login, password: settings.password, ...host };
}

/**
 * The Telnyx account, checked with messages a person can act on (never repeating the token or password).
 * `telnyx({...})` is asked last: it opens nothing, and what passes here is what the line accepts.
 */
export function validateTelnyxSettings(input: TelnyxSettings): TelnyxErrors {
  const { server, loginToken, login, password } = input;
  const errors: { -readonly [K in TelnyxField]?: string } = {};
  if (server && !/^wss?:\/\/[^\s/]+/i.test(server))
    errors.server = 'The server address starts with wss:// (or ws:// for a server on this computer). Leave it empty for Telnyx’s own.';
  if (loginToken && (login || password))
    errors.loginToken = 'Give a login token or a user name and password, not both. Clear the one you do not use.';
  else if (!loginToken && !login && !password)
    errors.loginToken = 'Paste your login token, or fill in your SIP connection’s user name and password below.';
  else if (!loginToken) {
    if (!login) errors.login = 'Enter the SIP user name of your Telnyx credential connection.';
    else if (!/^\S{1,128}$/.test(login)) errors.login = 'A user name has no spaces (up to 128 characters).';
    if (!password) errors.password = 'Enter the password of that SIP user.';
  }
  if (Object.keys(errors).length > 0) return errors;
  try {
    telnyx(telnyxLineOptions(input));
  } catch (error) {
    // The line names no field (one short message for all), so the code and what was given say which it is.
    const code = isHandsetError(error) ? error.code : '';
    if (code === 'invalid-token') errors.loginToken = 'That is not a login token: paste it in one piece, without spaces.';
    else if (server) errors.server = 'The Telnyx line cannot use that server address.';
    else errors.login = 'The Telnyx line cannot use that user name and password.';
  }
  return errors;
}

export function readTelnyx(value: unknown): TelnyxSettings | null {
  if (typeof value !== 'object' || value === null) return null;
  const { server, loginToken, login, password } = value as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const settings = { server: text(server), loginToken: text(loginToken), login: text(login), password: text(password) };
  return Object.keys(validateTelnyxSettings(settings)).length === 0 ? settings : null;
}
