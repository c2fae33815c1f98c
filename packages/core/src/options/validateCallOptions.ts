import { HandsetError } from '../errors/HandsetError';
import { isE164 } from './destination';
import { validateHeaders } from './headers';
import type { AcceptOptions, CallOptionName, CallOptions, SipHeader } from './types';

const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** Call Control's charset for caller names: letters, digits, spaces and -_~!.+ */
const callerName = /^[\p{L}\p{M}0-9 \-_~!.+]{1,128}$/u;
const maxCustomDataBytes = 200;

export type Check = (value: unknown, name: string) => void;

const fail = (name: string, want: string, value: unknown): never => {
  throw new HandsetError('invalid-option', `${name} must be ${want}; got ${describe(value)}.`);
};
const boolean: Check = (v, n) => typeof v === 'boolean' || fail(n, 'true or false', v);
const text: Check = (v, n) =>
  (typeof v === 'string' && v.length > 0 && v.length <= 256) || fail(n, 'a non-empty string of at most 256 characters', v);
export const integerIn =
  (min: number, max: number): Check =>
  (v, n) =>
    (Number.isInteger(v) && (v as number) >= min && (v as number) <= max) || fail(n, `a whole number from ${min} to ${max}`, v);
const media: Check = (v, n) =>
  typeof v === 'boolean' || (typeof v === 'object' && v !== null) || fail(n, 'true, false or MediaTrackConstraints', v);
const instance =
  (type: string): Check =>
  (v, n) => {
    const ctor = (globalThis as Record<string, unknown>)[type] as (new () => unknown) | undefined;
    if (ctor ? !(v instanceof ctor) : typeof v !== 'object' || v === null) fail(n, `a ${type}`, v);
  };
const iceServers: Check = (v, n) => {
  if (!Array.isArray(v)) return fail(n, 'an array of RTCIceServer', v);
  for (const server of v) {
    const urls = server?.urls;
    const list = Array.isArray(urls) ? urls : [urls];
    if (list.length === 0 || !list.every((u) => typeof u === 'string' && /^(stuns?|turns?):\S+$/.test(u))) {
      fail(n, 'RTCIceServer entries whose urls start with stun:, stuns:, turn: or turns:', server);
    }
  }
};
const codecs: Check = (v, n) =>
  (Array.isArray(v) && v.length > 0 && v.every((c) => typeof c === 'string' && /^[A-Za-z0-9.-]{2,32}$/.test(c))) ||
  fail(n, 'a non-empty array of codec names such as ["opus", "PCMU"]', v);
const stringRecord: Check = (v, n) =>
  (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string')) ||
  fail(n, 'an object of string values', v);
const ignoredHere: Check = () => {};

/** customData: a string of at most 200 bytes of UTF-8 (the call option and `call.setCustomData()`). */
export function checkCustomData(v: unknown): void {
  if (typeof v !== 'string') fail('customData', 'a string', v);
  const bytes = new TextEncoder().encode(v as string).length;
  if (bytes > maxCustomDataBytes) {
    throw new HandsetError('custom-data-too-large', `customData is ${bytes} bytes of UTF-8; the limit is ${maxCustomDataBytes}.`);
  }
}

/** The checker for every option; an unknown option name is refused as a likely typo. Also the list of the options the core knows. */
export const checks: Record<CallOptionName | 'on', Check> = {
  on: (v) => validateHandlers(v),
  id: text,
  callerName: (v) => {
    if (typeof v !== 'string' || !callerName.test(v)) {
      throw new HandsetError('invalid-caller-name', `callerName must be 1-128 letters, digits, spaces and -_~!.+ ; got ${describe(v)}.`);
    }
  },
  callerNumber: (v) => {
    if (typeof v !== 'string' || !isE164(v)) {
      throw new HandsetError('invalid-caller-number', `callerNumber must be E.164 such as +14155550123; got ${describe(v)}.`);
    }
  },
  customHeaders: ignoredHere, // checked by validateHeaders
  clientState: (v) => {
    if (typeof v !== 'string' || v.length === 0 || !base64.test(v)) {
      throw new HandsetError(
        'invalid-client-state',
        `clientState must be non-empty base64 (A-Z a-z 0-9 + / with = padding); got ${describe(v)}.`,
      );
    }
  },
  customData: checkCustomData,
  parameters: stringRecord,
  timeoutSecs: integerIn(5, 600),
  timeLimitSecs: integerIn(30, 14400),
  iceServers,
  forceRelayCandidate: boolean,
  trickleIce: boolean,
  preferredCodecs: codecs,
  sdpASBandwidthKbps: integerIn(6, 10000),
  audio: media,
  video: media,
  micId: text,
  camId: text,
  speakerId: text,
  localStream: instance('MediaStream'),
  remoteStream: instance('MediaStream'),
  localElement: instance('HTMLMediaElement'),
  remoteElement: instance('HTMLMediaElement'),
  useStereo: boolean,
  prefetchIceCandidates: boolean,
  telnyxCallControlId: text,
  telnyxLegId: text,
  telnyxSessionId: text,
  sessionId: text,
};

export interface ValidatedCallOptions {
  readonly options: Omit<CallOptions, 'customHeaders' | 'on'>;
  readonly headers: readonly SipHeader[];
  readonly on: CallOptions['on'];
  /** Given options that the line cannot honour. */
  readonly unsupported: readonly string[];
}

/**
 * Checks each option against its checker: unknown names are refused as typos, values by their
 * checker. Returns the option names that are set. Shared by call and accept options.
 */
function checkAll(input: object | undefined, table: Readonly<Record<string, Check>>, what: string): string[] {
  if (input === undefined) return [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) fail(what, 'an object', input);
  const given: string[] = [];
  for (const [name, value] of Object.entries(input as object)) {
    const check = table[name];
    if (!check) throw new HandsetError('invalid-option', `Unknown ${what} "${name}": check its spelling.`);
    if (value === undefined) continue;
    check(value, name);
    given.push(name);
  }
  return given;
}

/** Checks every option before anything is sent; throws a HandsetError naming the first bad one. */
export function validateCallOptions(input: CallOptions | undefined, lineOptions: ReadonlySet<string>): ValidatedCallOptions {
  const given = checkAll(input, checks, 'call option');
  const { customHeaders, on, ...options } = input ?? {};
  return {
    options,
    headers: validateHeaders(customHeaders),
    on,
    unsupported: given.filter((name) => name !== 'on' && !lineOptions.has(name)),
  };
}

const acceptChecks: Record<keyof AcceptOptions, Check> = {
  customHeaders: checks.customHeaders,
  iceServers,
  forceRelayCandidate: boolean,
  audio: media,
  video: media,
  micId: text,
  localStream: checks.localStream,
  remoteElement: checks.remoteElement,
  timeLimitSecs: checks.timeLimitSecs,
};

export function validateAcceptOptions(input: AcceptOptions | undefined): { options: AcceptOptions; headers: readonly SipHeader[] } {
  checkAll(input, acceptChecks, 'accept option');
  const { customHeaders, ...options } = input ?? {};
  return { options, headers: validateHeaders(customHeaders) };
}

function validateHandlers(on: unknown): void {
  if (typeof on !== 'object' || on === null) fail('on', 'an object of event handlers', on);
  for (const [event, handler] of Object.entries(on as object)) {
    if (typeof handler !== 'function') fail(`on.${event}`, 'a function', handler);
  }
}

/** A short, safe picture of a refused value for an error message. */
function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : Array.isArray(value) ? 'an array' : String(value);
}
