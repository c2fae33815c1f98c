import type { CallEnd } from '@handset/core';

/** A final SIP response to our INVITE, as the core's end reason. */
export function endFromSipCode(code: number, reasonPhrase?: string): Omit<CallEnd, 'by'> {
  const message = reasonPhrase ? `${code} ${reasonPhrase}` : String(code);
  switch (code) {
    case 486:
    case 600:
      return { reason: 'busy', sipCode: code, message };
    case 603:
    case 403:
      return { reason: 'rejected', sipCode: code, message };
    case 408:
    case 480:
      return { reason: 'no-answer', sipCode: code, message };
    case 487:
      return { reason: 'cancelled', sipCode: code, message };
    default:
      return { reason: 'failed', sipCode: code, message };
  }
}
