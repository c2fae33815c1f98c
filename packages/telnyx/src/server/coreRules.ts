/**
 * The dial fields that overlap the browser's call options, checked by the very functions the browser
 * uses (`@handset/core`), so one rule and one error code hold on both sides. The core names its options
 * (callerName, clientState, ...); the messages are re-issued under Call Control's field names.
 */
import {
  type CallOptionName,
  type CallOptions,
  type EngineErrorCode,
  HandsetError,
  isHandsetError,
  validateCallOptions,
  validateDestination,
  validateHeaders,
} from '@handset/core';
import { describe, type FieldCheck } from './checks';

const noLineOptions: ReadonlySet<string> = new Set();

/** The core's error with another message (same code; the core's error kept as the cause). */
function reissued(error: unknown, message: (original: string) => string): unknown {
  if (!isHandsetError(error)) return error;
  return new HandsetError(error.code as EngineErrorCode, message(error.message), { cause: error });
}

/** The core's error, its message speaking of `field` instead of the core's option name. */
const renamed = (error: unknown, option: string, field: string) =>
  reissued(error, (message) => (message.startsWith(option) ? `${field}${message.slice(option.length)}` : `${field}: ${message}`));

/** Checks a dial field with the core's check of the browser call option it corresponds to. */
export const asCallOption =
  (option: CallOptionName): FieldCheck =>
  (value, field) => {
    try {
      validateCallOptions({ [option]: value } as CallOptions, noLineOptions);
    } catch (error) {
      throw renamed(error, option, field);
    }
    return value;
  };

function destination(value: unknown, field: string): string {
  try {
    return validateDestination(value);
  } catch (error) {
    throw reissued(error, (message) => `${field}: ${message}`);
  }
}

/**
 * `to`: each destination as the browser dials it (+E.164, separators allowed and removed, or a sip: URI).
 * Call Control also takes an array of them (the browser dials one); the body carries the normalised form.
 */
export const destinations: FieldCheck = (value, field) => {
  if (!Array.isArray(value)) return destination(value, field);
  if (value.length === 0) {
    throw new HandsetError('invalid-destination', `${field} is an empty array: give at least one +E.164 number or sip: URI.`);
  }
  return value.map((each, index) => destination(each, `${field}[${index}]`));
};

/** RFC 3261 token characters. */
const sipToken = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
/** Names the core's header check takes as they are. */
const coreHeaderName = /^(?:X-.+|User-to-User)$/i;

function headerList(value: unknown, field: string): readonly { name?: unknown; value?: unknown }[] {
  // The browser also takes a record of name: value; Call Control's wire form is the array only.
  if (!Array.isArray(value))
    throw new HandsetError('invalid-header', `${field} must be an array of { name, value }; got ${describe(value)}.`);
  return value.map((header: unknown) => (typeof header === 'object' && header !== null ? header : {}));
}

/**
 * `custom_headers`. Differs from the browser: Call Control takes any SIP header name (its own example is
 * `head_1`), where the browser's SDK carries X- names only. So the name is checked here as a SIP token, and
 * the value by the core's rule (one line, no control characters, at most 1024 characters), asked under an
 * X- name the core accepts.
 */
export const customHeaders: FieldCheck = (value, field) => {
  headerList(value, field).forEach(({ name, value: text }, index) => {
    if (typeof name !== 'string' || !sipToken.test(name)) {
      throw new HandsetError(
        'invalid-header',
        `${field}[${index}]: header name ${describe(name)} must be a SIP token: letters, digits and !#$%&'*+.^_\`|~-.`,
      );
    }
    const asked = coreHeaderName.test(name) ? name : `X-${name}`;
    try {
      validateHeaders([{ name: asked, value: text as string }], field);
    } catch (error) {
      throw reissued(error, (message) => message.replace(asked, name));
    }
  });
  return value;
};

/** `sip_headers`: the core's header rule, and Telnyx's own limit: "Currently only User-to-User header is supported". */
export const sipHeaders: FieldCheck = (value, field) => {
  const list = headerList(value, field);
  list.forEach(({ name }, index) => {
    if (typeof name !== 'string' || name.toLowerCase() !== 'user-to-user') {
      throw new HandsetError(
        'invalid-header',
        `${field}[${index}]: Telnyx supports only the User-to-User header here; got ${describe(name)}.`,
      );
    }
  });
  validateHeaders(list as { name: string; value: string }[], field);
  return value;
};

/**
 * `preferred_codecs`. Differs from the browser in shape only: Call Control takes one comma-separated
 * string ("G722,PCMU,OPUS"), the browser an array; each name is checked by the core's codec rule.
 */
export const preferredCodecs: FieldCheck = (value, field) => {
  const want = 'a comma-separated string of codec names such as "G722,PCMU,OPUS"';
  if (typeof value !== 'string') throw new HandsetError('invalid-option', `${field} must be ${want}; got ${describe(value)}.`);
  try {
    validateCallOptions({ preferredCodecs: value.split(',') }, noLineOptions);
  } catch (error) {
    throw reissued(error, () => `${field} must be ${want}; got ${describe(value)}.`);
  }
  return value;
};

/** `transcription_config` is passed through, but its `client_state` (in the reference's example) gets the same base64 rule. */
export const transcriptionConfig: FieldCheck = (value, field) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HandsetError('invalid-option', `${field} must be an object; got ${describe(value)}.`);
  }
  const state = (value as { client_state?: unknown }).client_state;
  if (state !== undefined) asCallOption('clientState')(state, `${field}.client_state`);
  return value;
};
