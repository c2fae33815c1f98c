import { HandsetError } from '@handset/core';

/** How the line gets its WebSocket back after the server goes away. */
export interface ReconnectionPolicy {
  /** First wait before reconnecting, in ms. Default 500. */
  readonly baseMs?: number;
  /** Longest wait between attempts, in ms. Default 30 000. */
  readonly maxMs?: number;
  /** Attempts before registration ends in `failed`. Default 10; 0 never retries. */
  readonly maxAttempts?: number;
}

/**
 * DTMF transport. `auto` (default): RFC 4733 when the SDP answer carries telephone-event at the voice
 * codec's clock rate, SIP INFO otherwise; `rfc4733`: RFC 4733 whenever the answer has any
 * telephone-event (SIP INFO when none); `info`: always SIP INFO. The call's `dtmfPath` shows the choice.
 */
export type DtmfMode = 'auto' | 'rfc4733' | 'info';

export interface SipLineOptions {
  /** WebSocket server URI (`wss://...` or `ws://...`), or several tried in turn after a failure. */
  readonly server: string | readonly string[];
  /** This phone's address of record, e.g. `sip:alice@example.com`. */
  readonly uri: string;
  /** Digest user; the user part of `uri` when left out. */
  readonly authorizationUsername?: string;
  readonly password?: string;
  readonly displayName?: string;
  readonly iceServers?: readonly RTCIceServer[];
  /** Seconds asked for in REGISTER's Expires. Default 600. */
  readonly registerExpires?: number;
  readonly userAgentString?: string;
  readonly reconnection?: ReconnectionPolicy;
  /**
   * Seconds between keep-alive OPTIONS to the registrar while registered; no answer within
   * min(10 s, max(1 s, this)) counts as a dead (half-open) socket: the line reconnects. 0 turns it off. Default 30.
   */
  readonly keepAliveSecs?: number;
  /** How long ICE gathering may hold up an offer or answer, in ms. Default 2000. */
  readonly iceGatheringTimeoutMs?: number;
  /**
   * After an active call's ICE fails (or stays disconnected for 2 s) the line restarts ICE by
   * re-INVITE; if media is not back within this many seconds the call ends with `network`. Default 15.
   */
  readonly mediaRecoverySecs?: number;
  /** How long a `warmUp()` with no call placed keeps the microphone and the peer connection it opened. Default 30. */
  readonly warmUpSecs?: number;
  readonly dtmfMode?: DtmfMode;
  /**
   * Relay (TURN) candidates only, for every call of this line, placed or answered, unless the call's
   * or the answer's own `forceRelayCandidate` says otherwise. Needs a TURN server in `iceServers`. Default false.
   */
  readonly forceRelayCandidate?: boolean;
  /** Receives SIP.js's log lines (credentials are never part of them). Off by default. */
  readonly log?: (level: 'debug' | 'log' | 'warn' | 'error', category: string, message: string) => void;
}

export interface ResolvedSipOptions {
  readonly servers: readonly string[];
  readonly uri: string;
  /** The URI's host: the domain E.164 numbers are dialled at. */
  readonly domain: string;
  readonly authorizationUsername: string;
  readonly password: string | undefined;
  readonly displayName: string | undefined;
  readonly iceServers: readonly RTCIceServer[];
  readonly registerExpires: number;
  readonly userAgentString: string;
  readonly reconnection: Required<ReconnectionPolicy>;
  readonly keepAliveSecs: number;
  readonly iceGatheringTimeoutMs: number;
  readonly mediaRecoverySecs: number;
  readonly warmUpSecs: number;
  readonly dtmfMode: DtmfMode;
  readonly forceRelayCandidate: boolean;
  readonly log: SipLineOptions['log'];
}

const serverPattern = /^wss?:\/\/(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?(\/[^\s]*)?$/i;
const sipUriPattern = /^sips?:([a-z0-9\-_.!~*'()&=+$,;?/%]+)@(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?(;[^\s]*)?$/i;
const displayNamePattern = /^[^\u0000-\u001f\u007f"\\]{1,128}$/;

function invalid(field: string, detail: string): never {
  throw new HandsetError('invalid-option', `sip({ ${field} }): ${detail}`);
}

function checkNumber(field: string, value: number | undefined, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    invalid(field, `must be a number from ${min} to ${max}; got ${typeof value === 'number' ? value : typeof value}.`);
  }
  return value;
}

/** Checks every option once, at `sip({...})`, with messages that name the field and never echo a credential. */
export function resolveSipOptions(options: SipLineOptions): ResolvedSipOptions {
  if (typeof options !== 'object' || options === null) invalid('server, uri', 'sip() needs an options object.');
  const servers = typeof options.server === 'string' ? [options.server] : options.server;
  if (!Array.isArray(servers) || servers.length === 0) invalid('server', 'give a WebSocket URI such as wss://sip.example.com/ws.');
  for (const server of servers) {
    if (typeof server !== 'string' || !serverPattern.test(server)) {
      invalid('server', `${JSON.stringify(String(server).slice(0, 200))} is not a ws:// or wss:// URI.`);
    }
    const port = /:(\d+)(\/|$)/.exec(server.replace(/^wss?:\/\//, ''))?.[1];
    if (port !== undefined && Number(port) > 65535) invalid('server', `the port ${port} is out of range.`);
  }
  const match = typeof options.uri === 'string' ? sipUriPattern.exec(options.uri) : null;
  if (!match) invalid('uri', `${JSON.stringify(String(options.uri).slice(0, 200))} is not a SIP URI such as sip:alice@example.com.`);
  const [, user, domain] = match as unknown as [string, string, string];
  const username = options.authorizationUsername ?? decodeURIComponent(user);
  if (typeof username !== 'string' || username.length === 0 || /[\u0000-\u001f\u007f]/.test(username)) {
    invalid('authorizationUsername', 'must be a non-empty string without control characters.');
  }
  if (options.password !== undefined && typeof options.password !== 'string') invalid('password', 'must be a string.');
  if (options.displayName !== undefined && (typeof options.displayName !== 'string' || !displayNamePattern.test(options.displayName))) {
    invalid('displayName', 'must be 1-128 characters without quotes, backslashes or control characters.');
  }
  if (options.iceServers !== undefined && !Array.isArray(options.iceServers)) invalid('iceServers', 'must be an array of RTCIceServer.');
  for (const ice of options.iceServers ?? []) {
    const urls = typeof ice?.urls === 'string' ? [ice.urls] : ice?.urls;
    if (!Array.isArray(urls) || urls.length === 0 || urls.some((u) => typeof u !== 'string' || !/^(stun|stuns|turn|turns):/.test(u))) {
      invalid('iceServers', 'each entry needs urls starting with stun:, stuns:, turn: or turns:.');
    }
  }
  if (options.userAgentString !== undefined && (typeof options.userAgentString !== 'string' || /[\r\n\0]/.test(options.userAgentString))) {
    invalid('userAgentString', 'must be one line of text.');
  }
  if (options.dtmfMode !== undefined && !['auto', 'rfc4733', 'info'].includes(options.dtmfMode)) {
    invalid('dtmfMode', `must be 'auto', 'rfc4733' or 'info'.`);
  }
  if (options.forceRelayCandidate !== undefined && typeof options.forceRelayCandidate !== 'boolean') {
    invalid('forceRelayCandidate', 'must be true or false.');
  }
  if (options.log !== undefined && typeof options.log !== 'function') invalid('log', 'must be a function.');
  const policy = options.reconnection ?? {};
  const baseMs = checkNumber('reconnection.baseMs', policy.baseMs, 10, 600_000, 500);
  const reconnection = {
    baseMs,
    maxMs: checkNumber('reconnection.maxMs', policy.maxMs, baseMs, 3_600_000, Math.max(baseMs, 30_000)),
    maxAttempts: Math.floor(checkNumber('reconnection.maxAttempts', policy.maxAttempts, 0, 1_000_000, 10)),
  };
  return {
    servers: [...servers],
    uri: options.uri,
    domain,
    authorizationUsername: username,
    password: options.password,
    displayName: options.displayName,
    iceServers: [...(options.iceServers ?? [])],
    registerExpires: Math.floor(checkNumber('registerExpires', options.registerExpires, 30, 86_400, 600)),
    userAgentString: options.userAgentString ?? 'handset-sip/0.1',
    reconnection,
    keepAliveSecs: checkNumber('keepAliveSecs', options.keepAliveSecs, 0, 3600, 30),
    iceGatheringTimeoutMs: checkNumber('iceGatheringTimeoutMs', options.iceGatheringTimeoutMs, 0, 60_000, 2000),
    mediaRecoverySecs: checkNumber('mediaRecoverySecs', options.mediaRecoverySecs, 1, 600, 15),
    warmUpSecs: checkNumber('warmUpSecs', options.warmUpSecs, 0.1, 600, 30),
    dtmfMode: options.dtmfMode ?? 'auto',
    forceRelayCandidate: options.forceRelayCandidate ?? false,
    log: options.log,
  };
}
