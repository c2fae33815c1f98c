import { createHash, randomBytes } from 'node:crypto';

/** Voximplant's login failure codes (Web SDK docs, `AuthResult.code`) that the stand-in returns. */
export const LoginCode = {
  invalidPassword: 401,
  invalidUsername: 404,
  tokenExpired: 701,
} as const;

export interface StandInUser {
  /** Fully qualified: `name@app.account.voximplant.com`. */
  readonly username: string;
  readonly password: string;
  readonly displayName?: string;
}

/** What the SDK receives as `AuthResult.tokens` (its `LoginTokens`): lifetimes in seconds. */
export interface LoginTokens {
  readonly accessToken: string;
  readonly accessExpire: number;
  readonly refreshToken: string;
  readonly refreshExpire: number;
}

interface Issued {
  readonly username: string;
  readonly expiresAt: number;
}

export type Verdict = { readonly ok: true; readonly user: StandInUser } | { readonly ok: false; readonly code: number };

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/** The short user name the one-time-key hash is made of: `alice` of `alice@app.account.voximplant.com`. */
function shortName(username: string): string {
  return username.split('@')[0] ?? username;
}

/**
 * The one-time-key hash as Voximplant documents it ("automated login"):
 * `MD5(key + "|" + MD5(user + ":voximplant.com:" + password))`, with the short user name.
 */
export function oneTimeKeyHash(key: string, username: string, password: string): string {
  return md5(`${key}|${md5(`${shortName(username)}:voximplant.com:${password}`)}`);
}

/**
 * The users of the stand-in's application and the tokens it has issued: password, token and
 * one-time-key logins, and refresh. Tokens are opaque random strings, as Voximplant's are.
 */
export class Account {
  private readonly users = new Map<string, StandInUser>();
  private readonly accessTokens = new Map<string, Issued>();
  private readonly refreshTokens = new Map<string, Issued>();
  private readonly oneTimeKeys = new Map<string, string>();

  constructor(
    users: readonly StandInUser[],
    private readonly lifetimes: { readonly accessSecs: number; readonly refreshSecs: number },
  ) {
    for (const user of users) this.users.set(user.username, user);
  }

  user(username: string): StandInUser | undefined {
    return this.users.get(username);
  }

  checkPassword(username: string, password: unknown): Verdict {
    const user = this.users.get(username);
    if (!user) return { ok: false, code: LoginCode.invalidUsername };
    return password === user.password ? { ok: true, user } : { ok: false, code: LoginCode.invalidPassword };
  }

  checkAccessToken(username: string, token: unknown): Verdict {
    const user = this.users.get(username);
    if (!user) return { ok: false, code: LoginCode.invalidUsername };
    const issued = typeof token === 'string' ? this.accessTokens.get(token) : undefined;
    if (!issued || issued.username !== username) return { ok: false, code: LoginCode.invalidPassword };
    return issued.expiresAt > Date.now() ? { ok: true, user } : { ok: false, code: LoginCode.tokenExpired };
  }

  /** A fresh one-time key for `username` (null for an unknown user); the next one-time login must use it. */
  oneTimeKey(username: string): string | null {
    if (!this.users.has(username)) return null;
    const key = randomBytes(16).toString('hex');
    this.oneTimeKeys.set(username, key);
    return key;
  }

  checkOneTimeHash(username: string, hash: unknown): Verdict {
    const user = this.users.get(username);
    if (!user) return { ok: false, code: LoginCode.invalidUsername };
    const key = this.oneTimeKeys.get(username);
    this.oneTimeKeys.delete(username);
    if (!key || hash !== oneTimeKeyHash(key, username, user.password)) return { ok: false, code: LoginCode.invalidPassword };
    return { ok: true, user };
  }

  /** Trades a refresh token for new tokens; the old refresh token is spent. */
  refresh(username: string, refreshToken: unknown): LoginTokens | number {
    const issued = typeof refreshToken === 'string' ? this.refreshTokens.get(refreshToken) : undefined;
    if (!issued || issued.username !== username) return LoginCode.invalidPassword;
    this.refreshTokens.delete(refreshToken as string);
    if (issued.expiresAt <= Date.now()) return LoginCode.tokenExpired;
    return this.issue(username);
  }

  issue(username: string, accessSecs = this.lifetimes.accessSecs): LoginTokens {
    const accessToken = randomBytes(24).toString('base64url');
    const refreshToken = randomBytes(24).toString('base64url');
    const now = Date.now();
    this.accessTokens.set(accessToken, { username, expiresAt: now + accessSecs * 1000 });
    this.refreshTokens.set(refreshToken, { username, expiresAt: now + this.lifetimes.refreshSecs * 1000 });
    return { accessToken, accessExpire: accessSecs, refreshToken, refreshExpire: this.lifetimes.refreshSecs };
  }
}
