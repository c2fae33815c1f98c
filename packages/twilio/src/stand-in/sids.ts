import { randomBytes } from 'node:crypto';

/** A Twilio-shaped SID: two letters and 32 hex digits (CA… for calls, KX… for voice events). */
export function sid(prefix: 'CA' | 'KX' | 'AC'): string {
  return `${prefix}${randomBytes(16).toString('hex')}`;
}

/** An opaque signalling reconnect token, as Twilio hands out in `answer` and incoming `invite`. */
export function reconnectToken(): string {
  return randomBytes(24).toString('base64url');
}
