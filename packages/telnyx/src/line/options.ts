import { HandsetError } from '@handset/core';

/** How the Telnyx line logs in: a login token (a JWT from Telnyx's telephony credentials API), or a SIP login and password. */
export type TelnyxCredentials =
  | { readonly loginToken: string; readonly login?: never; readonly password?: never }
  | { readonly login: string; readonly password: string; readonly loginToken?: never };

export type TelnyxLineOptions = TelnyxCredentials & {
  /** Telnyx's signalling URL; default the SDK's (wss://rtc.telnyx.com). A ws:// or wss:// URL. */
  readonly host?: string;
  /** ICE servers for every call unless a call gives its own; default the SDK's (Telnyx STUN/TURN and Google STUN). */
  readonly iceServers?: readonly RTCIceServer[];
  /** Keep calls across a page reload (the SDK re-attaches them on connect). Default true. */
  readonly recoverCalls?: boolean;
};

const text = (value: unknown) => typeof value === 'string' && /^\S{1,8192}$/.test(value);
const fail = (code: 'invalid-option' | 'invalid-token', message: string): never => {
  throw new HandsetError(code, `telnyx(): ${message}.`);
};

/** Checks the line's options before anything is opened: bad credentials never reach a socket. */
export function checkLineOptions(options: TelnyxLineOptions): TelnyxLineOptions {
  const { loginToken, login, password, host } = (options ?? {}) as Record<string, unknown>;
  const byToken = loginToken !== undefined;
  if (byToken ? login !== undefined || password !== undefined : !(text(login) && typeof password === 'string' && password)) {
    fail('invalid-option', 'give { loginToken } or { login, password }');
  }
  if (byToken && !text(loginToken)) fail('invalid-token', 'loginToken must be one string without spaces');
  if (host !== undefined && !/^wss?:\/\/\S+$/.test(String(host))) fail('invalid-option', 'host must be a ws:// or wss:// URL');
  return options;
}

/** When a JWT login token expires (its `exp`, ms since the epoch); undefined for anything else. */
export function tokenExpiry(loginToken: string | undefined): number | undefined {
  try {
    const exp = JSON.parse(atob((loginToken?.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/'))).exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
