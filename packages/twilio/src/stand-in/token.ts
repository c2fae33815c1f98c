import { createHmac, timingSafeEqual } from 'node:crypto';
import { HandsetError } from '@handset/core';

/**
 * Test access tokens shaped like Twilio's (an HS256 JWT with `grants.identity` and a voice grant),
 * signed with a test key. The SDK never decodes the token itself: it sends it in `listen` and reads
 * `identity` and `ttl` back from the server's `connected` frame, so the stand-in decides what it
 * accepts, as Twilio does server-side.
 */
export const TEST_SIGNING_KEY = 'handset-twilio-stand-in-test-key';

export interface TestTokenOptions {
  readonly identity: string;
  /** Seconds until `exp`, from now; negative for an already expired token. Default 3600. */
  readonly ttlSecs?: number;
  readonly key?: string;
  readonly accountSid?: string;
  readonly apiKeySid?: string;
  readonly outgoingApplicationSid?: string;
  readonly incomingAllow?: boolean;
  /** "now" in seconds since epoch; default the clock. */
  readonly nowSecs?: number;
}

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

function signature(key: string, signingInput: string): Buffer {
  return createHmac('sha256', key).update(signingInput).digest();
}

export function testToken(options: TestTokenOptions): string {
  if (typeof options.identity !== 'string' || options.identity.length === 0) {
    throw new HandsetError('invalid-option', 'testToken: `identity` must be a non-empty string.');
  }
  if (options.ttlSecs !== undefined && !Number.isFinite(options.ttlSecs)) {
    throw new HandsetError('invalid-option', 'testToken: `ttlSecs` must be a finite number of seconds.');
  }
  const now = options.nowSecs ?? Math.floor(Date.now() / 1000);
  const apiKeySid = options.apiKeySid ?? 'SK00000000000000000000000000000000';
  const header = { alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' };
  const claims = {
    jti: `${apiKeySid}-${now}`,
    iss: apiKeySid,
    sub: options.accountSid ?? 'AC00000000000000000000000000000000',
    iat: now,
    exp: now + (options.ttlSecs ?? 3600),
    grants: {
      identity: options.identity,
      voice: {
        incoming: { allow: options.incomingAllow ?? true },
        outgoing: { application_sid: options.outgoingApplicationSid ?? 'AP00000000000000000000000000000000' },
      },
    },
  };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  return `${signingInput}.${base64url(signature(options.key ?? TEST_SIGNING_KEY, signingInput))}`;
}

export type TokenVerdict =
  | { readonly ok: true; readonly identity: string; readonly expiresAt: number }
  /** 20101: not a JWT, bad signature or no identity; 20104: past `exp`. */
  | { readonly ok: false; readonly code: 20101 | 20104; readonly message: string };

/** Checks a token as the stand-in's gateway: signature (when a key is given), `exp`, identity. */
export function checkToken(token: unknown, key: string | null, nowMs = Date.now()): TokenVerdict {
  const invalid = (why: string): TokenVerdict => ({ ok: false, code: 20101, message: `Invalid Access Token: ${why}` });
  if (typeof token !== 'string') return invalid('missing');
  const parts = token.split('.');
  if (parts.length !== 3) return invalid('not a JWT');
  const [head = '', body = '', sig = ''] = parts;
  let claims: { exp?: unknown; grants?: { identity?: unknown } };
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    JSON.parse(Buffer.from(head, 'base64url').toString('utf8'));
  } catch {
    return invalid('undecodable');
  }
  if (key !== null) {
    const expected = signature(key, `${head}.${body}`);
    const given = Buffer.from(sig, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return invalid('bad signature');
  }
  if (typeof claims.exp !== 'number') return invalid('no exp');
  const identity = claims.grants?.identity;
  if (typeof identity !== 'string' || identity.length === 0) return invalid('no identity grant');
  if (claims.exp * 1000 <= nowMs) return { ok: false, code: 20104, message: 'Access Token expired or expiration date invalid' };
  return { ok: true, identity, expiresAt: claims.exp * 1000 };
}
