import { standInChecks } from '@handset/core/testing';
import type { FarParty } from './farParty';
import type { Payload } from './frames';
import { TEST_SIGNING_KEY } from './token';

export interface StandInOptions {
  /** Who the client talks to; without one, calls still signal but carry no media. */
  readonly farParty?: FarParty;
  /** HS256 key the tokens must be signed with; null accepts any signature. Default TEST_SIGNING_KEY. */
  readonly signingKey?: string | null;
  /** What happens to an outgoing call after `ringing`: answered at once (default) or left ringing for `answer()`. */
  readonly outgoing?: 'answer' | 'ring';
  /** Keep-alive period; the SDK reconnects after 15 s without a frame. Default 5000. */
  readonly keepAliveMs?: number;
  /** Sent in `connected`: the SDK derives `device.edge` from `region`, the Insights host from `home`. */
  readonly region?: string;
  readonly home?: string;
  readonly accountSid?: string;
}

export type ResolvedOptions = Required<Omit<StandInOptions, 'farParty'>> & { farParty: FarParty | null };

export interface IncomingCallSpec {
  readonly from: string;
  readonly to?: string;
  /** Custom parameters (`<Parameter>` in TwiML): the SDK exposes them as `call.customParameters`. */
  readonly parameters?: Readonly<Record<string, string>>;
  /** STIR/SHAKEN: the SDK sets `call.callerInfo.isVerified` when `stirStatus` is 'TN-Validation-Passed-A'. */
  readonly callerInfo?: { readonly stirStatus: string };
}

export interface SignalError {
  readonly code: number;
  readonly message: string;
}

/** One event the SDK posted to Twilio Insights (https://eventgw…twilio.com/v4/EndpointEvents). */
export interface InsightsEvent {
  readonly group: string;
  readonly name: string;
  readonly level: string;
  readonly payload: Payload;
  readonly token: string | null;
  readonly url: string;
}

export const checks = standInChecks('Twilio stand-in');

export function resolveOptions(options: StandInOptions): ResolvedOptions {
  const keepAliveMs = options.keepAliveMs ?? 5000;
  if (!Number.isFinite(keepAliveMs) || keepAliveMs <= 0 || keepAliveMs >= 15_000) {
    throw checks.invalid('`keepAliveMs` must be between 0 and 15000 (the SDK reconnects after 15 s of silence).');
  }
  if (options.outgoing !== undefined && options.outgoing !== 'answer' && options.outgoing !== 'ring') {
    throw checks.invalid("`outgoing` must be 'answer' or 'ring'.");
  }
  return {
    farParty: options.farParty ?? null,
    signingKey: options.signingKey === undefined ? TEST_SIGNING_KEY : options.signingKey,
    outgoing: options.outgoing ?? 'answer',
    keepAliveMs,
    region: options.region ?? 'US_EAST_VIRGINIA',
    home: options.home ?? 'us1',
    accountSid: options.accountSid ?? 'AC00000000000000000000000000000000',
  };
}

export function checkedError(error: SignalError): SignalError {
  if (!Number.isInteger(error?.code) || error.code <= 0)
    throw checks.invalid('an error code must be a positive whole number (e.g. 31005, 20104, 53405).');
  return { code: error.code, message: checks.nonEmpty(error.message, 'message') };
}

/** An Insights POST body (see routeTwilio) as an event; null for a body that is not an object. */
export function insightsEvent(url: string, body: unknown, token: string | null): InsightsEvent | null {
  if (typeof body !== 'object' || body === null) return null;
  const event = body as { group?: unknown; name?: unknown; level?: unknown; payload?: unknown };
  return {
    group: String(event.group),
    name: String(event.name),
    level: String(event.level),
    payload: typeof event.payload === 'object' && event.payload !== null ? (event.payload as Payload) : {},
    token,
    url,
  };
}
