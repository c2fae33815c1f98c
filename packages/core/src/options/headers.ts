import { HandsetError } from '../errors/HandsetError';
import { freeze } from '../util/freeze';
import type { HeadersInput, SipHeader } from './types';

/** `X-` followed by RFC 3261 token characters, or `User-to-User` (RFC 7433, Call Control's `sip_headers`). */
const headerName = /^(?:X-[A-Za-z0-9!#$%&'*+.^_`|~-]+|User-to-User)$/i;
/** Printable text and tabs only: CR, LF, NUL and other controls would let a value start a new header. */
const headerValue = /^[^\x00-\x08\x0a-\x1f\x7f]*$/;
const maxValueLength = 1024;

/** Validates custom headers (array or record form) and returns them as a frozen array. */
export function validateHeaders(input: HeadersInput | undefined, field = 'customHeaders'): readonly SipHeader[] {
  if (input === undefined) return [];
  if (input === null || typeof input !== 'object') {
    throw new HandsetError('invalid-header', `${field} must be an array of { name, value } or an object of name: value.`);
  }
  const entries: SipHeader[] = Array.isArray(input)
    ? (input as readonly SipHeader[]).map((h) => ({ name: h?.name, value: h?.value }))
    : Object.entries(input).map(([name, value]) => ({ name, value }));
  for (const { name, value } of entries) {
    if (typeof name !== 'string' || !headerName.test(name)) {
      throw new HandsetError(
        'invalid-header',
        `${field}: header name ${JSON.stringify(name)} must be User-to-User, or X- and letters, digits, !#$%&'*+.^_\`|~-.`,
      );
    }
    if (typeof value !== 'string' || !headerValue.test(value)) {
      throw new HandsetError(
        'invalid-header',
        `${field}: the value of ${name} must be one line of text without CR, LF, NUL or other control characters.`,
      );
    }
    if (value.length > maxValueLength) {
      throw new HandsetError(
        'invalid-header',
        `${field}: the value of ${name} is ${value.length} characters; the limit is ${maxValueLength}.`,
      );
    }
  }
  return freeze(entries.map((h) => freeze(h)));
}
