import { type EndReason, HandsetError } from '@handset/core';

/**
 * handset's error for a Voximplant login failure (`AuthResult.code`): 401 wrong password or token, 701 token
 * expired (the codes of the Web SDK's docs); anything else (404: no such user) fails the registration.
 */
export function loginError(code: unknown): HandsetError {
  const providerCode = typeof code === 'number' ? code : undefined;
  const handset = providerCode === 701 ? 'token-expired' : providerCode === 401 ? 'invalid-token' : 'registration-failed';
  return new HandsetError(handset, `Voximplant login: ${providerCode}`, { providerCode });
}

/** SIP-style codes of the SDK's `Failed` call event that are ordinary ends, not failures. */
const endings: Record<number, EndReason> = {
  408: 'no-answer',
  480: 'no-answer',
  486: 'busy',
  487: 'cancelled',
  600: 'busy',
  603: 'rejected',
};

/**
 * Why a call ended from the SDK's `Failed` event (code, reason): busy, rejected or unanswered by their SIP
 * codes; 409 "Connection Closed" (the SDK fails every call when its socket closes) is the network; the rest
 * failed, and come with a typed `call-failed` error that keeps Voximplant's code.
 */
export function failureOf(code: number, reason: string): { reason: EndReason; sipCode?: number; message: string; error?: HandsetError } {
  const message = `Voximplant ${code}: ${reason}`;
  const known = endings[code];
  if (known) return { reason: known, sipCode: code, message };
  if (code === 409) return { reason: 'network', message };
  const sipCode = code >= 300 && code < 700 ? code : undefined;
  return {
    reason: 'failed',
    ...(sipCode ? { sipCode } : {}),
    message,
    error: new HandsetError('call-failed', message, { providerCode: code }),
  };
}

/** Voximplant's limit for `sendInfo` and `sendMessage` bodies (VoxEngine `Call` reference). */
export const MAX_BODY_BYTES = 8192;

/** An INFO or message body over Voximplant's 8192 bytes is refused before it is sent. */
export function checkBody(body: string, what: string): void {
  const bytes = new TextEncoder().encode(body).length;
  if (bytes > MAX_BODY_BYTES) {
    throw new HandsetError('invalid-message', `${what}: ${bytes} bytes (UTF-8), over ${MAX_BODY_BYTES}`);
  }
}
