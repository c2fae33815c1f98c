import { type EndReason, HandsetError } from '@handset/core';
import { endReasonOf } from '@handset/core/line-kit';

/**
 * handset's error for a Voximplant login failure (`AuthResult.code`): 401 wrong password or token, 701 token
 * expired (the codes of the Web SDK's docs); anything else (404: no such user) fails the registration.
 */
export function loginError(code: unknown): HandsetError {
  const providerCode = typeof code === 'number' ? code : undefined;
  const handset = providerCode === 701 ? 'token-expired' : providerCode === 401 ? 'invalid-token' : 'registration-failed';
  return new HandsetError(handset, `Voximplant login: ${providerCode}`, { providerCode });
}

/**
 * Why a call ended from the SDK's `Failed` event (code, reason): busy, rejected or unanswered by their SIP
 * codes; 409 "Connection Closed" (the SDK fails every call when its socket closes) is the network; the rest
 * failed, and come with a typed `call-failed` error that keeps Voximplant's code.
 */
export function failureOf(code: number, reason: string): { reason: EndReason; sipCode?: number; message: string; error?: HandsetError } {
  const message = `Voximplant ${code}: ${reason}`;
  const sipCode = code >= 300 && code < 700 ? code : undefined;
  const known = sipCode && endReasonOf(sipCode);
  if (known && known !== 'failed') return { reason: known, sipCode, message };
  if (code === 409) return { reason: 'network', message };
  return {
    reason: 'failed',
    ...(sipCode ? { sipCode } : {}),
    message,
    error: new HandsetError('call-failed', message, { providerCode: code }),
  };
}

/** Voximplant's limit for `sendInfo` and `sendMessage` bodies (VoxEngine `Call` reference). */
export const MAX_BODY_BYTES = 8192;

/** The error for an INFO or message body over Voximplant's 8192 bytes (UTF-8), refused before it is sent; else none. */
export function bodyError(body: string, what: string): HandsetError | undefined {
  const bytes = new TextEncoder().encode(body).length;
  if (bytes > MAX_BODY_BYTES) return new HandsetError('invalid-message', `${what}: ${bytes} bytes (UTF-8), over ${MAX_BODY_BYTES}`);
}
