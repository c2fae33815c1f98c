import { HandsetError } from '@handset/core';

/**
 * Checks an access token before the SDK sees it, so a missing, malformed or expired token is a typed error
 * and no socket is opened. The signature is Twilio's to check; here only the JWT's shape and `exp` are read.
 * Returns when it expires, ms since the epoch.
 */
export function checkAccessToken(token: unknown): number {
  const parts = typeof token === 'string' ? token.split('.') : [];
  let exp: unknown;
  try {
    exp = parts.length === 3 && JSON.parse(atob((parts[1] as string).replace(/-/g, '+').replace(/_/g, '/'))).exp;
  } catch {
    exp = undefined;
  }
  if (typeof exp !== 'number') {
    throw new HandsetError('invalid-token', 'Not a Twilio access token (JWT with exp).');
  }
  if (exp * 1000 <= Date.now()) {
    throw new HandsetError('token-expired', 'Twilio access token expired.', { providerCode: 20104 });
  }
  return exp * 1000;
}
