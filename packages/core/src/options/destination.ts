import { HandsetError } from '../errors/HandsetError';

const e164 = /^\+[1-9]\d{1,14}$/;
/** Separators people type in numbers; removed before the E.164 check. */
const separators = /[\s().-]/g;
/** sip:/sips: then user@host or host, optional port, params and headers; no spaces, quotes or controls. */
const sipUri = /^sips?:(?:[^\s@<>"\x00-\x1f\x7f]+@)?[A-Za-z0-9.-]+(?:\[[0-9a-fA-F:.]+\])?(?::\d{1,5})?(?:[;?][^\s<>"\x00-\x1f\x7f]*)?$/i;

export function isE164(value: string): boolean {
  return e164.test(value);
}

/** Normalises "+1 (415) 555-0123" to "+14155550123"; returns null when it is not E.164. */
export function normaliseE164(value: string): string | null {
  if (!value.startsWith('+')) return null;
  const compact = value.replace(separators, '');
  return e164.test(compact) ? compact : null;
}

/**
 * Checks a destination: E.164 (separators allowed), a sip:/sips: URI, or whatever the
 * line says it can dial. Returns the normalised destination or throws `invalid-destination`.
 */
export function validateDestination(raw: unknown, lineAccepts?: (destination: string) => boolean): string {
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw new HandsetError('invalid-destination', 'The destination is empty: dial an E.164 number such as +14155550123 or a sip: URI.');
  }
  const value = raw.trim();
  const number = normaliseE164(value);
  if (number) return number;
  if (/^sips?:/i.test(value)) {
    if (sipUri.test(value)) return value;
    throw new HandsetError(
      'invalid-destination',
      `"${printable(value)}" is not a valid SIP URI: use sip:user@host (no spaces, quotes or line breaks).`,
    );
  }
  if (lineAccepts?.(value)) return value;
  throw new HandsetError(
    'invalid-destination',
    `"${printable(value)}" is not a number this line can call: use E.164 with the country code (+14155550123) or a sip: URI.`,
  );
}

/** Shows control characters as escapes so an error message cannot carry them. */
function printable(value: string): string {
  return JSON.stringify(value.slice(0, 64)).slice(1, -1);
}
