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

/** Checks the line's options before anything is opened: bad credentials never reach a socket. */
export function checkLineOptions(options: TelnyxLineOptions): TelnyxLineOptions {
  const { loginToken, login, password, host } = (options ?? {}) as Record<string, unknown>;
  const code =
    loginToken === undefined
      ? !(text(login) && password && typeof password === 'string') && 'invalid-option'
      : login !== undefined || password !== undefined
        ? 'invalid-option'
        : !text(loginToken) && 'invalid-token';
  // One message for every case (it is shipped to browsers): what to give, and the host's form.
  if (code || (host !== undefined && !/^wss?:\/\/\S+$/.test(host as string))) {
    throw new HandsetError(code || 'invalid-option', 'telnyx(): give { loginToken } or { login, password }; host a ws(s) URL.');
  }
  return options;
}
