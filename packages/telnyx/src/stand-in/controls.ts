import { randomUUID } from 'node:crypto';
import { HandsetError } from '@handset/core';
import { callerParams, type HangupCause, hangupCauses, type StandInCall } from './calls';
import { idParams, newTelnyxIds } from './ids';
import { Method, type RpcRequest, request } from './protocol';
import type { HangupOptions, PlaceIncomingOptions } from './signalling';
import type { Client, Session, Switchboard } from './switchboard';
import { checkClientState, checkHeaders, checkText } from './validate';

/** What a test does to the calls as Telnyx's side would: ring, answer, hang up, call the browser. */

/** Rings the browser: telnyx_rtc.invite with the far party's offer. Resolves with the new call. */
export async function placeIncoming(board: Switchboard, incoming: PlaceIncomingOptions): Promise<StandInCall> {
  const callerNumber = checkText(incoming.callerNumber, 'callerNumber', { required: true }) as string;
  const callerName = checkText(incoming.callerName, 'callerName', { max: 128 });
  const headers = checkHeaders(incoming.headers);
  const clientState = checkClientState(incoming.clientState);
  const to = checkText(incoming.to, 'to');
  const live = [...board.sessions.values()].filter((session) => session.client && (to === undefined || session.login === to));
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
  board.calls.set(call.callId, call);
  const sdp = await (await board.farPartyOf(call)).offer();
  await board.ask(session.client as Client, Method.Invite, { callID: call.callId, sdp, ...callerParams(call), ...idParams(call) });
  board.changed();
  return call;
}

/** A live call the browser dialled. */
function outbound(board: Switchboard, callId: string): StandInCall {
  const call = board.findCall(callId);
  if (call.direction !== 'outbound' || !call.invite)
    throw new HandsetError('invalid-state', `Call ${callId} was not dialled by the browser.`);
  if (call.state === 'ended') throw new HandsetError('invalid-state', `Call ${callId} has ended.`);
  return call;
}

/** telnyx_rtc.ringing for an outbound call (with the Telnyx ids). */
export async function ring(board: Switchboard, callId: string): Promise<void> {
  const call = outbound(board, callId);
  await board.ask(board.clientOf(call), Method.Ringing, { callID: callId, ...callerParams(call), ...idParams(call) });
  board.setState(call, 'ringing');
}

/** The far party answers the SDK's offer, sent as early media (telnyx_rtc.media). */
export async function earlyMedia(board: Switchboard, callId: string): Promise<void> {
  const call = outbound(board, callId);
  const sdp = await (await board.farPartyOf(call)).answer(call.invite?.sdp ?? '');
  await board.ask(board.clientOf(call), Method.Media, { callID: callId, sdp, ...idParams(call) });
  board.setState(call, 'early');
}

/** The far party answers (telnyx_rtc.answer with its SDP and the Telnyx ids). */
export async function answer(board: Switchboard, callId: string): Promise<void> {
  const call = outbound(board, callId);
  // After early media the far party already answered; the SDK ignores a second SDP then.
  const sdp = call.state === 'early' ? undefined : await (await board.farPartyOf(call)).answer(call.invite?.sdp ?? '');
  await board.ask(board.clientOf(call), Method.Answer, { callID: callId, ...(sdp ? { sdp } : {}), ...idParams(call) });
  board.setState(call, 'active');
}

/** The far end hangs up: telnyx_rtc.bye with cause and causeCode. */
export async function hangup(board: Switchboard, callId: string, hangupOptions: HangupOptions | HangupCause): Promise<void> {
  const call = board.findCall(callId);
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
  const client = board.clientOf(call);
  board.end(call, { by: 'stand-in', cause, causeCode, ...(sipCode ? { sipCode } : {}) });
  await board.ask(client, Method.Bye, {
    callID: callId,
    cause,
    causeCode,
    ...(sipCode ? { sipCode } : {}),
    ...(sipReason ? { sipReason } : {}),
  });
}

/** Server-initiated telnyx_rtc.ping to every logged-in client; resolves when each has pinged back. */
export async function ping(board: Switchboard): Promise<void> {
  // The SDK answers a server ping with a ping request of its own, not with an acknowledgement.
  const live = [...board.clients].filter((client) => client.session);
  const since = board.log.entries.length;
  for (const client of live) board.send(client, request(Method.Ping, { serno: Date.now() }, board.voiceSdkId));
  await Promise.all(
    live.map((client) =>
      board.log.waitFor(
        (entry) => entry.connection === client.connection && entry.direction === 'in' && (entry.frame as RpcRequest).method === Method.Ping,
        { since, timeout: 10_000 },
      ),
    ),
  );
}
