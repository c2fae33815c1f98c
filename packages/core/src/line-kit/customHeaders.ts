import type { SipHeader } from '../options/types';

/**
 * The custom headers (`X-…` and `User-to-User`, the ones the core lets an app send) of an SDK's plain header
 * object (`{ 'X-Ticket': '7', 'VI-CallData': … }`), as the core takes them; everything else, and anything that is
 * not a string, is left out.
 */
export function customHeaders(headers: unknown): SipHeader[] {
  if (typeof headers !== 'object' || headers === null) return [];
  return Object.entries(headers as Record<string, unknown>)
    .filter(([name, value]) => typeof value === 'string' && /^(x-|user-to-user$)/i.test(name))
    .map(([name, value]) => ({ name, value: value as string }));
}
