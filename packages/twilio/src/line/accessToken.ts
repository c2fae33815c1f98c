import { HandsetError } from '@handset/core';
import { jwtExpiry } from '@handset/core/line-kit';

/**
 * Checks an access token before the SDK sees it, so a missing, malformed or expired token is a typed error
 * and no socket is opened. The signature is Twilio's to check; here only the JWT's shape and `exp` are read.
 * Returns when it expires, ms since the epoch.
 */
export function checkAccessToken(token: unknown): number {
  const expiresAt = jwtExpiry(token);
  if (expiresAt === undefined) throw new HandsetError('invalid-token', 'Not a Twilio access token (JWT with exp).');
  if (expiresAt <= Date.now()) throw new HandsetError('token-expired', 'Twilio access token expired.', { providerCode: 20104 });
  return expiresAt;
}
