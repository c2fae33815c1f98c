import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { handleCallRequest, handleInvite } from './callRequests';
import { callerParams, hangupCauses, type StandInCall } from './calls';
import { idParams } from './ids';
import { error, isRequest, isResult, Method, parseFrame, RpcErrorCode, type RpcRequest, request, result } from './protocol';
import type { Client, Session, Switchboard } from './switchboard';

/** Serves one WebSocket connection from the SDK until it closes. */
export function serveConnection(board: Switchboard, socket: WebSocket, message: IncomingMessage): void {
  const client: Client = { socket, connection: ++board.connections, session: null, acks: new Map() };
  board.clients.add(client);
  board.connectionUrls.push(message.url ?? '');
  socket.on('message', (data) => {
    const frame = parseFrame(String(data));
    if (!frame) return;
    board.log.add({ direction: 'in', connection: client.connection, at: Date.now(), frame });
    if (isRequest(frame)) {
      handleRequest(board, client, frame).catch((cause: unknown) => {
        board.send(
          client,
          error(frame.id, RpcErrorCode.SessionError, `Stand-in failure: ${cause instanceof Error ? cause.message : String(cause)}`),
        );
      });
    } else if (isResult(frame)) {
      client.acks.get(frame.id)?.();
      client.acks.delete(frame.id);
    }
  });
  socket.on('close', () => detach(board, client));
}

async function handleRequest(board: Switchboard, client: Client, frame: RpcRequest): Promise<void> {
  if (frame.method === Method.Login) return handleLogin(board, client, frame);
  const session = client.session;
  if (!session) {
    board.send(client, error(frame.id, RpcErrorCode.AuthenticationRequired, 'Authentication Required'));
    return;
  }
  switch (frame.method) {
    case Method.GatewayState:
      return handleGatewayState(board, client, frame);
    case Method.Ping:
      return board.send(client, result(frame.id, { method: Method.Ping }, board.voiceSdkId));
    case Method.Invite:
      return handleInvite(board, client, session, frame);
    case Method.Answer:
    case Method.Attach:
    case Method.Bye:
    case Method.Modify:
    case Method.Info:
    case Method.Candidate:
    case Method.EndOfCandidates:
      return handleCallRequest(board, client, session, frame);
    default:
      board.send(client, error(frame.id, RpcErrorCode.MethodNotFound, `Method not found: ${frame.method}`));
  }
}

function handleLogin(board: Switchboard, client: Client, frame: RpcRequest): void {
  const params = frame.params ?? {};
  const token = typeof params.login_token === 'string' ? params.login_token : undefined;
  const login = typeof params.login === 'string' ? params.login : undefined;
  const password = typeof params.passwd === 'string' ? params.passwd : undefined;
  const sessid = typeof params.sessid === 'string' ? params.sessid : undefined;
  const reconnection = params.reconnection === true;
  const identity = token ? board.tokens[token] : board.users.find((user) => user.login === login && user.password === password)?.login;
  const record = { connection: client.connection, login, loginToken: token, sessid, reconnection };
  if (!identity) {
    board.logins.push({ ...record, outcome: 'rejected' });
    board.send(client, error(frame.id, RpcErrorCode.AuthenticationFailure, 'Authentication Failure'));
    return;
  }
  if (client.session) {
    // A login on a live, logged-in socket: the SDK's client.login({ creds }) (a token refresh).
    board.logins.push({ ...record, outcome: 'refreshed' });
    board.send(client, result(frame.id, { message: 'logged in', sessid: client.session.sessid }, board.voiceSdkId));
    return;
  }
  const previous = sessid ? board.sessions.get(sessid) : undefined;
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
  board.sessions.set(session.sessid, session);
  const live = [...board.calls.values()].filter((call) => call.sessid === session.sessid && call.state !== 'ended');
  session.pendingAttach = resumed ? live.map((call) => call.callId) : [];
  board.logins.push({ ...record, outcome: resumed ? 'resumed-session' : 'new-session' });
  board.send(client, result(frame.id, { message: 'logged in', sessid: session.sessid }, board.voiceSdkId));
  board.send(client, request(Method.ClientReady, { reattached_sessions: session.pendingAttach }, board.voiceSdkId));
}

function handleGatewayState(board: Switchboard, client: Client, frame: RpcRequest): void {
  board.send(client, result(frame.id, { params: { state: 'REGED' } }, board.voiceSdkId));
  const session = client.session;
  if (!session) return;
  const pending = session.pendingAttach;
  session.pendingAttach = [];
  for (const callId of pending) {
    const call = board.calls.get(callId);
    if (call) void reattach(board, client, call).catch(() => undefined);
  }
}

/** telnyx_rtc.attach: the call again, with a fresh far-party offer, after a reload or reconnection. */
async function reattach(board: Switchboard, client: Client, call: StandInCall): Promise<void> {
  const far = await board.farPartyOf(call);
  const sdp = await far.offer();
  await board.ask(client, Method.Attach, { callID: call.callId, sdp, ...callerParams(call), ...idParams(call) });
}

function detach(board: Switchboard, client: Client): void {
  board.clients.delete(client);
  const session = client.session;
  if (!session || session.client !== client) return;
  session.client = null;
  // Telnyx keeps the calls for a while, so that the same sessid can log in again and get them back.
  session.expiry = setTimeout(() => {
    for (const call of board.calls.values()) {
      if (call.sessid === session.sessid)
        board.end(call, { by: 'timeout', cause: 'NORMAL_CLEARING', causeCode: hangupCauses.NORMAL_CLEARING });
    }
    board.sessions.delete(session.sessid);
  }, board.reattachWindowMs);
}
