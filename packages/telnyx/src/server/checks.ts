/**
 * Checks for the dial fields the browser has no counterpart for (ids, enums, URLs, recording and
 * streaming settings). Each throws `invalid-option` naming the field, in the core's message style.
 */
import { HandsetError } from '@handset/core';

/** A check returns the value to send (the same value unless it normalises it). */
export type FieldCheck = (value: unknown, field: string) => unknown;

export function refuse(field: string, want: string, value: unknown): never {
  throw new HandsetError('invalid-option', `${field} must be ${want}; got ${describe(value)}.`);
}

/** A short, safe picture of a refused value (never the whole of a long string). */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40));
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : String(value);
}

export const text: FieldCheck = (value, field) =>
  typeof value === 'string' && value.length > 0 ? value : refuse(field, 'a non-empty string', value);

export const boolean: FieldCheck = (value, field) => (typeof value === 'boolean' ? value : refuse(field, 'true or false', value));

export const integerIn =
  (min: number, max: number): FieldCheck =>
  (value, field) =>
    Number.isInteger(value) && (value as number) >= min && (value as number) <= max
      ? value
      : refuse(field, `a whole number from ${min} to ${max}`, value);

/** Length in characters (code points), as a person counts a file name. */
export const textOfLength =
  (min: number, max: number): FieldCheck =>
  (value, field) =>
    typeof value === 'string' && [...value].length >= min && [...value].length <= max
      ? value
      : refuse(field, `a string of ${min} to ${max} characters`, value);

/** One of the reference's values, compared exactly (Telnyx documents them as case sensitive). */
export const oneOf =
  (values: readonly (string | number)[]): FieldCheck =>
  (value, field) =>
    values.includes(value as string | number)
      ? value
      : refuse(field, `one of ${values.map((each) => JSON.stringify(each)).join(', ')}`, value);

/** An absolute URL with one of the given schemes (a file's type is Telnyx's to check: a URL need not end in .wav). */
export const urlWith =
  (...schemes: readonly string[]): FieldCheck =>
  (value, field) => {
    if (typeof value === 'string' && URL.canParse(value) && schemes.includes(new URL(value).protocol.slice(0, -1))) return value;
    return refuse(field, `an absolute ${schemes.join(' or ')} URL`, value);
  };

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const uuid: FieldCheck = (value, field) =>
  typeof value === 'string' && uuidPattern.test(value)
    ? value
    : refuse(field, 'a UUID such as "f5586561-8ff0-4291-a0ac-84fe544797bd"', value);

/** A configuration object whose fields the reference does not list: it must be an object, sent as given. */
export const plainObject: FieldCheck = (value, field) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? value : refuse(field, 'an object', value);
