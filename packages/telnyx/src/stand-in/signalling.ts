/**
 * A local stand-in of Telnyx's WebRTC signalling (wss://rtc.telnyx.com), for tests with the real
 * @telnyx/webrtc SDK: point the client at it with `host: standIn.url`. It speaks the JSON-RPC the SDK
 * 2.27 speaks (read from its bundle) and relays SDP to a far party, so media is real.
 *
 * This module is the glue: switchboard.ts keeps the state and the wire, sessions.ts serves sockets and logins,
 * callRequests.ts the SDK's call requests, controls.ts what a test does as Telnyx's side.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { HangupCause, RecordedInvite, StandInCall, StandInCallState } from './calls';
import { answer, earlyMedia, hangup, ping, placeIncoming, ring } from './controls';
import type { FarParty } from './farParty';
import type { LoggedFrame } from './frameLog';
import type { TelnyxIds } from './ids';
import { serveConnection } from './sessions';
import { Switchboard } from './switchboard';
import type { SipHeader } from './validate';

export interface TelnyxStandInOptions {
  /** 0 (default): any free port on 127.0.0.1. */
  readonly port?: number;
  /** Login/password pairs the stand-in accepts. Default: one user, handset/handset. */
  readonly users?: readonly { readonly login: string; readonly password: string }[];
  /** `login_token` values it accepts, each mapped to the login it stands for. */
  readonly tokens?: Readonly<Record<string, string>>;
  /** Makes the far party of each call (required before a call gets media). */
  readonly farParty?: () => FarParty | Promise<FarParty>;
  /** How long calls outlive their socket, waiting for the client to log in again with its sessid. Default 60 s. */
  readonly reattachWindowMs?: number;
}

export interface PlaceIncomingOptions {
  /** The login to ring; default: the only logged-in client. */
  readonly to?: string;
  readonly callerNumber: string;
  readonly callerName?: string;
  readonly headers?: readonly SipHeader[];
  /** Base64, as Call Control's client_state. */
  readonly clientState?: string;
  /** Ids to use (Call Control's dial gives its own); default: new ones. */
  readonly ids?: TelnyxIds;
}

export interface HangupOptions {
  readonly cause?: HangupCause;
  readonly sipCode?: number;
  readonly sipReason?: string;
}

export interface TelnyxStandIn {
  /** ws://127.0.0.1:PORT, for TelnyxRTC's `host` option. */
  readonly url: string;
  readonly port: number;
  readonly frames: readonly LoggedFrame[];
  /** Every telnyx_rtc.invite the SDK sent, in order. */
  readonly invites: readonly RecordedInvite[];
  readonly calls: ReadonlyMap<string, StandInCall>;
  /** Every `login` request, with what it carried (login, token, sessid, reconnection) and how it went. */
  readonly logins: readonly LoginRecord[];
  /** The query string of each WebSocket connection (the SDK adds voice_sdk_id on reconnection). */
  readonly connectionUrls: readonly string[];
  call(callId: string): StandInCall;
  waitFor(match: (entry: LoggedFrame) => boolean, options?: { timeout?: number; since?: number }): Promise<LoggedFrame>;
  /** Resolves with the call once it reaches `state`. */
  waitForCallState(callId: string, state: StandInCallState, timeout?: number): Promise<StandInCall>;
  /** telnyx_rtc.ringing for an outbound call (with the Telnyx ids). */
  ring(callId: string): Promise<void>;
  /** The far party answers the SDK's offer, sent as early media (telnyx_rtc.media). */
  earlyMedia(callId: string): Promise<void>;
  /** The far party answers (telnyx_rtc.answer with its SDP and the Telnyx ids). */
  answer(callId: string): Promise<void>;
  /** Rings the browser: telnyx_rtc.invite with the far party's offer. Resolves with the new call. */
  placeIncoming(options: PlaceIncomingOptions): Promise<StandInCall>;
  /** The far end hangs up: telnyx_rtc.bye with cause and causeCode. */
  hangup(callId: string, options?: HangupOptions | HangupCause): Promise<void>;
  /** DTMF digits that arrived for a call, in order. */
  dtmf(callId: string): readonly string[];
  /** Server-initiated telnyx_rtc.ping to every logged-in client; resolves when each has pinged back (the SDK answers with a ping request, not an ack). */
  ping(): Promise<void>;
  /** Cuts every client socket without a close handshake (as a network drop does). Returns how many. */
  dropSocket(): number;
  close(): Promise<void>;
}

export interface LoginRecord {
  readonly connection: number;
  readonly login?: string;
  readonly loginToken?: string;
  readonly sessid?: string;
  readonly reconnection: boolean;
  readonly outcome: 'new-session' | 'resumed-session' | 'refreshed' | 'rejected';
}

export async function startTelnyxStandIn(options: TelnyxStandInOptions = {}): Promise<TelnyxStandIn> {
  const board = new Switchboard(options, `stand-in-${randomUUID()}`);
  const server = new WebSocketServer({ host: '127.0.0.1', port: options.port ?? 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  server.on('connection', (socket, message) => serveConnection(board, socket, message));

  return {
    url: `ws://127.0.0.1:${port}`,
    port,
    get frames() {
      return board.log.entries;
    },
    invites: board.invites,
    calls: board.calls,
    logins: board.logins,
    connectionUrls: board.connectionUrls,
    call: (callId) => board.findCall(callId),
    waitFor: (match, waitOptions) => board.log.waitFor(match, waitOptions),
    waitForCallState: (callId, state, timeout = 15_000) => board.waitForCallState(callId, state, timeout),
    ring: (callId) => ring(board, callId),
    earlyMedia: (callId) => earlyMedia(board, callId),
    answer: (callId) => answer(board, callId),
    placeIncoming: (incoming) => placeIncoming(board, incoming),
    hangup: (callId, hangupOptions = {}) => hangup(board, callId, hangupOptions),
    dtmf: (callId) => board.findCall(callId).dtmf,
    ping: () => ping(board),
    dropSocket() {
      const open = [...board.clients];
      for (const client of open) client.socket.terminate();
      return open.length;
    },
    async close() {
      for (const session of board.sessions.values()) if (session.expiry) clearTimeout(session.expiry);
      for (const client of board.clients) client.socket.terminate();
      await Promise.all([...board.calls.values()].map((call) => call.farParty?.close().catch(() => undefined)));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
