/**
 * A local stand-in of Telnyx's WebRTC signalling (wss://rtc.telnyx.com), for tests with the real
 * @telnyx/webrtc SDK: point the client at it with `host: standIn.url`. It speaks the JSON-RPC the SDK
 * 2.27 speaks (read from its bundle) and relays SDP to a far party, so media is real.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { HandsetError } from '@handset/core';
import { type WebSocket, WebSocketServer } from 'ws';
import { type HangupCause, hangupCauses, type RecordedInvite, type StandInCall, type StandInCallState } from './calls';
import type { FarParty } from './farParty';
import { FrameLog, type LoggedFrame } from './frameLog';
import { idParams, newTelnyxIds, type TelnyxIds } from './ids';
import { error, isRequest, isResult, Method, parseFrame, RpcErrorCode, type RpcFrame, type RpcRequest, request, result } from './protocol';
import { checkClientState, checkHeaders, checkText, type SipHeader } from './validate';

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

interface Session {
  readonly sessid: string;
  readonly login: string;
  client: Client | null;
  expiry: NodeJS.Timeout | null;
  /** Calls to re-attach once the client has asked for its gateway state. */
  pendingAttach: string[];
}

interface Client {
  readonly socket: WebSocket;
  readonly connection: number;
  session: Session | null;
  readonly acks: Map<string | number, () => void>;
}

const standInUser = { login: 'handset', password: 'handset' };

export async function startTelnyxStandIn(options: TelnyxStandInOptions = {}): Promise<TelnyxStandIn> {
  const users = options.users ?? [standInUser];
  const tokens = options.tokens ?? {};
  const reattachWindowMs = options.reattachWindowMs ?? 60_000;
  // One b2bua instance: the SDK keeps this id in sessionStorage and only asks to reconnect when it has one.
  const voiceSdkId = `stand-in-${randomUUID()}`;
  const log = new FrameLog();
  const sessions = new Map<string, Session>();
  const clients = new Set<Client>();
  const calls = new Map<string, StandInCall>();
  const invites: RecordedInvite[] = [];
  const logins: LoginRecord[] = [];
  const connectionUrls: string[] = [];
  const callWaiters = new Set<() => void>();
  let connections = 0;

  const server = new WebSocketServer({ host: '127.0.0.1', port: options.port ?? 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;

  const changed = () => {
    for (const wake of callWaiters) wake();
  };
  const setState = (call: StandInCall, state: StandInCallState) => {
    call.state = state;
    changed();
  };

  const send = (client: Client, frame: RpcFrame) => {
    if (client.socket.readyState !== client.socket.OPEN) return;
    log.add({ direction: 'out', connection: client.connection, at: Date.now(), frame });
    client.socket.send(JSON.stringify(frame));
  };

  /** Sends a request to the client and waits (bounded) for its acknowledgement `{ result: { method } }`. */
  const ask = (client: Client, method: string, params: Record<string, unknown>): Promise<void> => {
    const frame = request(method, params, voiceSdkId);
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        client.acks.delete(frame.id);
        reject(new HandsetError('invalid-state', `The client did not acknowledge ${method} within 10 s.`));
      }, 10_000);
      client.acks.set(frame.id, () => {
        clearTimeout(timer);
        resolve();
      });
      send(client, frame);
    });
  };

  const clientOf = (call: StandInCall): Client => {
    const client = sessions.get(call.sessid)?.client;
    if (!client) throw new HandsetError('not-connected', `The client of call ${call.callId} is not connected.`);
    return client;
  };

  const farPartyOf = async (call: StandInCall): Promise<FarParty> => {
    if (call.farParty) return call.farParty;
    if (!options.farParty) throw new HandsetError('invalid-option', 'The stand-in has no farParty factory, so calls cannot get media.');
    call.farParty = await options.farParty();
    return call.farParty;
  };

  const end = (call: StandInCall, record: NonNullable<StandInCall['hangup']>) => {
    if (call.state === 'ended') return;
    call.hangup = record;
    setState(call, 'ended');
    void call.farParty?.close().catch(() => undefined);
  };

  const findCall = (callId: string): StandInCall => {
    const call = calls.get(callId);
    if (!call) throw new HandsetError('invalid-option', `The stand-in has no call ${JSON.stringify(callId)}.`);
    return call;
  };

  const callerParams = (call: StandInCall): Record<string, unknown> => {
    if (call.direction === 'inbound') {
      return {
        caller_id_name: call.caller?.name ?? call.caller?.number,
        caller_id_number: call.caller?.number,
        callee_id_name: call.login,
        callee_id_number: call.login,
        ...(call.caller?.clientState ? { client_state: call.caller.clientState } : {}),
        dialogParams: { custom_headers: call.caller?.headers ?? [] },
      };
    }
    const dialog = call.invite?.dialogParams ?? {};
    return {
      caller_id_name: dialog.caller_id_name,
      caller_id_number: dialog.caller_id_number,
      callee_id_name: dialog.destination_number,
      callee_id_number: dialog.destination_number,
      dialogParams: { custom_headers: dialog.custom_headers ?? [] },
    };
  };

  /** telnyx_rtc.attach: the call again, with a fresh far-party offer, after a reload or reconnection. */
  const attach = async (client: Client, call: StandInCall) => {
    const far = await farPartyOf(call);
    const sdp = await far.offer();
    await ask(client, Method.Attach, { callID: call.callId, sdp, ...callerParams(call), ...idParams(call) });
  };

  const handleLogin = (client: Client, frame: RpcRequest) => {
    const params = frame.params ?? {};
    const token = typeof params.login_token === 'string' ? params.login_token : undefined;
    const login = typeof params.login === 'string' ? params.login : undefined;
    const password = typeof params.passwd === 'string' ? params.passwd : undefined;
    const sessid = typeof params.sessid === 'string' ? params.sessid : undefined;
    const reconnection = params.reconnection === true;
    const identity = token ? tokens[token] : users.find((user) => user.login === login && user.password === password)?.login;
    const record = { connection: client.connection, login, loginToken: token, sessid, reconnection };
    if (!identity) {
      logins.push({ ...record, outcome: 'rejected' });
      send(client, error(frame.id, RpcErrorCode.AuthenticationFailure, 'Authentication Failure'));
      return;
    }
    if (client.session) {
      // A login on a live, logged-in socket: the SDK's client.login({ creds }) (a token refresh).
      logins.push({ ...record, outcome: 'refreshed' });
      send(client, result(frame.id, { message: 'logged in', sessid: client.session.sessid }, voiceSdkId));
      return;
    }
    const previous = sessid ? sessions.get(sessid) : undefined;
    const resumed = reconnection && previous !== undefined && previous.login === identity;
    const session: Session = resumed ? previous : { sessid: randomUUID(), login: identity, client: null, expiry: null, pendingAttach: [] };
    if (session.client && session.client !== client) {
      // The old socket of a reloaded page may not have closed yet: the new login takes the session over.
      session.client.session = null;
      session.client.socket.terminate();
    }
    if (session.expiry) clearTimeout(session.expiry);
    session.expiry = null;
    session.client = client;
    client.session = session;
    sessions.set(session.sessid, session);
    const live = [...calls.values()].filter((call) => call.sessid === session.sessid && call.state !== 'ended');
    session.pendingAttach = resumed ? live.map((call) => call.callId) : [];
    logins.push({ ...record, outcome: resumed ? 'resumed-session' : 'new-session' });
    send(client, result(frame.id, { message: 'logged in', sessid: session.sessid }, voiceSdkId));
    send(client, request(Method.ClientReady, { reattached_sessions: session.pendingAttach }, voiceSdkId));
  };

  const handleGatewayState = (client: Client, frame: RpcRequest) => {
    send(client, result(frame.id, { params: { state: 'REGED' } }, voiceSdkId));
    const session = client.session;
    if (!session) return;
    const pending = session.pendingAttach;
    session.pendingAttach = [];
    for (const callId of pending) {
      const call = calls.get(callId);
      if (call) void attach(client, call).catch(() => undefined);
    }
  };

  const handleInvite = (client: Client, session: Session, frame: RpcRequest) => {
    const params = frame.params ?? {};
    const dialogParams = (params.dialogParams ?? {}) as Record<string, unknown>;
    const callId = String(dialogParams.callID ?? '');
    if (!callId || typeof params.sdp !== 'string') {
      send(client, error(frame.id, RpcErrorCode.InvalidParams, 'Invalid params: callID and sdp are required'));
      return;
    }
    const invite: RecordedInvite = {
      callId,
      sessid: session.sessid,
      sdp: params.sdp,
      dialogParams,
      userAgent: params['User-Agent'],
      params,
    };
    invites.push(invite);
    calls.set(callId, {
      callId,
      direction: 'outbound',
      login: session.login,
      sessid: session.sessid,
      state: 'trying',
      invite,
      dtmf: [],
      modifies: [],
      attaches: 0,
      ...newTelnyxIds(),
    });
    changed();
    send(client, result(frame.id, { callID: callId, message: 'CALL CREATED', sessid: session.sessid }, voiceSdkId));
  };

  const callIdOf = (frame: RpcRequest): string =>
    String(((frame.params?.dialogParams ?? {}) as { callID?: unknown }).callID ?? frame.params?.callID ?? '');

  const handleCallRequest = async (client: Client, session: Session, frame: RpcRequest) => {
    const params = frame.params ?? {};
    const callId = callIdOf(frame);
    const call = calls.get(callId);
    if (!call || call.sessid !== session.sessid) {
      send(client, error(frame.id, RpcErrorCode.SessionError, `CALL DOES NOT EXIST: ${callId}`));
      return;
    }
    const ok = (body: Record<string, unknown>) =>
      send(client, result(frame.id, { callID: callId, sessid: session.sessid, ...body }, voiceSdkId));
    switch (frame.method) {
      case Method.Answer:
      case Method.Attach: {
        await (await farPartyOf(call)).accept(String(params.sdp ?? ''));
        if (frame.method === Method.Attach) {
          call.attaches += 1;
          if (call.state === 'held') await call.farParty?.setHeld(true);
        } else setState(call, 'active');
        ok({ message: frame.method === Method.Answer ? 'CALL ANSWERED' : 'CALL ATTACHED' });
        changed();
        return;
      }
      case Method.Bye: {
        const cause = typeof params.cause === 'string' ? params.cause : 'NORMAL_CLEARING';
        const causeCode = typeof params.causeCode === 'number' ? params.causeCode : hangupCauses.NORMAL_CLEARING;
        ok({ message: 'CALL ENDED', cause, causeCode });
        end(call, { by: 'client', cause, causeCode, ...(typeof params.sipCode === 'number' ? { sipCode: params.sipCode } : {}) });
        return;
      }
      case Method.Modify: {
        const action = String(params.action ?? '');
        if (action !== 'hold' && action !== 'unhold' && action !== 'toggleHold') {
          // updateMedia (ICE restart) would need the far party to renegotiate its live connection.
          send(
            client,
            error(frame.id, RpcErrorCode.InvalidParams, `Invalid params: the stand-in does not support modify action ${action}`),
          );
          return;
        }
        const held = action === 'toggleHold' ? call.state !== 'held' : action === 'hold';
        call.modifies.push(action);
        await call.farParty?.setHeld(held);
        setState(call, held ? 'held' : 'active');
        ok({ action, holdState: held ? 'held' : 'active' });
        return;
      }
      case Method.Info: {
        if (typeof params.dtmf === 'string') call.dtmf.push(params.dtmf);
        ok({ message: 'SENT' });
        changed();
        return;
      }
      default:
        // Candidates: the SDK only trickles with trickleIce: true; its SDP then lacks them, which the
        // page far party cannot add afterwards, so they are acknowledged and kept in the frame log only.
        ok({});
    }
  };

  const handleRequest = async (client: Client, frame: RpcRequest) => {
    if (frame.method === Method.Login) return handleLogin(client, frame);
    const session = client.session;
    if (!session) {
      send(client, error(frame.id, RpcErrorCode.AuthenticationRequired, 'Authentication Required'));
      return;
    }
    switch (frame.method) {
      case Method.GatewayState:
        return handleGatewayState(client, frame);
      case Method.Ping:
        return send(client, result(frame.id, { method: Method.Ping }, voiceSdkId));
      case Method.Invite:
        return handleInvite(client, session, frame);
      case Method.Answer:
      case Method.Attach:
      case Method.Bye:
      case Method.Modify:
      case Method.Info:
      case Method.Candidate:
      case Method.EndOfCandidates:
        return handleCallRequest(client, session, frame);
      default:
        send(client, error(frame.id, RpcErrorCode.MethodNotFound, `Method not found: ${frame.method}`));
    }
  };

  const detach = (client: Client) => {
    clients.delete(client);
    const session = client.session;
    if (!session || session.client !== client) return;
    session.client = null;
    // Telnyx keeps the calls for a while, so that the same sessid can log in again and get them back.
    session.expiry = setTimeout(() => {
      for (const call of calls.values()) {
        if (call.sessid === session.sessid) end(call, { by: 'timeout', cause: 'NORMAL_CLEARING', causeCode: hangupCauses.NORMAL_CLEARING });
      }
      sessions.delete(session.sessid);
    }, reattachWindowMs);
  };

  server.on('connection', (socket, message) => {
    const client: Client = { socket, connection: ++connections, session: null, acks: new Map() };
    clients.add(client);
    connectionUrls.push(message.url ?? '');
    socket.on('message', (data) => {
      const frame = parseFrame(String(data));
      if (!frame) return;
      log.add({ direction: 'in', connection: client.connection, at: Date.now(), frame });
      if (isRequest(frame)) {
        handleRequest(client, frame).catch((cause: unknown) => {
          send(
            client,
            error(frame.id, RpcErrorCode.SessionError, `Stand-in failure: ${cause instanceof Error ? cause.message : String(cause)}`),
          );
        });
      } else if (isResult(frame)) {
        client.acks.get(frame.id)?.();
        client.acks.delete(frame.id);
      }
    });
    socket.on('close', () => detach(client));
  });

  const placeIncoming = async (incoming: PlaceIncomingOptions): Promise<StandInCall> => {
    const callerNumber = checkText(incoming.callerNumber, 'callerNumber', { required: true }) as string;
    const callerName = checkText(incoming.callerName, 'callerName', { max: 128 });
    const headers = checkHeaders(incoming.headers);
    const clientState = checkClientState(incoming.clientState);
    const to = checkText(incoming.to, 'to');
    const live = [...sessions.values()].filter((session) => session.client && (to === undefined || session.login === to));
    if (live.length === 0) throw new HandsetError('not-connected', `No client is logged in${to ? ` as ${to}` : ''}.`);
    if (live.length > 1) throw new HandsetError('invalid-option', 'Several clients are logged in: say which one with `to`.');
    const session = live[0] as Session;
    const call: StandInCall = {
      callId: randomUUID(),
      direction: 'inbound',
      login: session.login,
      sessid: session.sessid,
      state: 'ringing',
      caller: { number: callerNumber, headers, ...(callerName ? { name: callerName } : {}), ...(clientState ? { clientState } : {}) },
      dtmf: [],
      modifies: [],
      attaches: 0,
      ...(incoming.ids ?? newTelnyxIds()),
    };
    calls.set(call.callId, call);
    const sdp = await (await farPartyOf(call)).offer();
    await ask(session.client as Client, Method.Invite, { callID: call.callId, sdp, ...callerParams(call), ...idParams(call) });
    changed();
    return call;
  };

  const outbound = (callId: string): StandInCall => {
    const call = findCall(callId);
    if (call.direction !== 'outbound' || !call.invite)
      throw new HandsetError('invalid-state', `Call ${callId} was not dialled by the browser.`);
    if (call.state === 'ended') throw new HandsetError('invalid-state', `Call ${callId} has ended.`);
    return call;
  };

  return {
    url: `ws://127.0.0.1:${port}`,
    port,
    get frames() {
      return log.entries;
    },
    invites,
    calls,
    logins,
    connectionUrls,
    call: findCall,
    waitFor: (match, waitOptions) => log.waitFor(match, waitOptions),
    waitForCallState(callId, state, timeout = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const call = calls.get(callId);
          if (call?.state !== state) return false;
          callWaiters.delete(check);
          clearTimeout(timer);
          resolve(call);
          return true;
        };
        const timer = setTimeout(() => {
          callWaiters.delete(check);
          reject(
            new HandsetError(
              'invalid-state',
              `Call ${callId} did not reach ${state} within ${timeout} ms (it is ${calls.get(callId)?.state ?? 'unknown'}).`,
            ),
          );
        }, timeout);
        if (!check()) callWaiters.add(check);
      });
    },
    async ring(callId) {
      const call = outbound(callId);
      await ask(clientOf(call), Method.Ringing, { callID: callId, ...callerParams(call), ...idParams(call) });
      setState(call, 'ringing');
    },
    async earlyMedia(callId) {
      const call = outbound(callId);
      const sdp = await (await farPartyOf(call)).answer(call.invite?.sdp ?? '');
      await ask(clientOf(call), Method.Media, { callID: callId, sdp, ...idParams(call) });
      setState(call, 'early');
    },
    async answer(callId) {
      const call = outbound(callId);
      // After early media the far party already answered; the SDK ignores a second SDP then.
      const sdp = call.state === 'early' ? undefined : await (await farPartyOf(call)).answer(call.invite?.sdp ?? '');
      await ask(clientOf(call), Method.Answer, { callID: callId, ...(sdp ? { sdp } : {}), ...idParams(call) });
      setState(call, 'active');
    },
    placeIncoming,
    async hangup(callId, hangupOptions = {}) {
      const call = findCall(callId);
      if (call.state === 'ended') throw new HandsetError('invalid-state', `Call ${callId} has already ended.`);
      const {
        cause = 'NORMAL_CLEARING',
        sipCode,
        sipReason,
      } = typeof hangupOptions === 'string' ? { cause: hangupOptions } : (hangupOptions as HangupOptions);
      const causeCode = hangupCauses[cause];
      if (causeCode === undefined)
        throw new HandsetError(
          'invalid-option',
          `Unknown hangup cause ${JSON.stringify(cause)}; use one of ${Object.keys(hangupCauses).join(', ')}.`,
        );
      const client = clientOf(call);
      end(call, { by: 'stand-in', cause, causeCode, ...(sipCode ? { sipCode } : {}) });
      await ask(client, Method.Bye, {
        callID: callId,
        cause,
        causeCode,
        ...(sipCode ? { sipCode } : {}),
        ...(sipReason ? { sipReason } : {}),
      });
    },
    dtmf: (callId) => findCall(callId).dtmf,
    async ping() {
      // The SDK answers a server ping with a ping request of its own, not with an acknowledgement.
      const live = [...clients].filter((client) => client.session);
      const since = log.entries.length;
      for (const client of live) send(client, request(Method.Ping, { serno: Date.now() }, voiceSdkId));
      await Promise.all(
        live.map((client) =>
          log.waitFor(
            (entry) =>
              entry.connection === client.connection && entry.direction === 'in' && (entry.frame as RpcRequest).method === Method.Ping,
            {
              since,
              timeout: 10_000,
            },
          ),
        ),
      );
    },
    dropSocket() {
      const open = [...clients];
      for (const client of open) client.socket.terminate();
      return open.length;
    },
    async close() {
      for (const session of sessions.values()) if (session.expiry) clearTimeout(session.expiry);
      for (const client of clients) client.socket.terminate();
      await Promise.all([...calls.values()].map((call) => call.farParty?.close().catch(() => undefined)));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
