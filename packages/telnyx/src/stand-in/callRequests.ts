import { hangupCauses, type RecordedInvite } from './calls';
import { newTelnyxIds } from './ids';
import { error, Method, RpcErrorCode, type RpcRequest, result } from './protocol';
import type { Client, Session, Switchboard } from './switchboard';

/** telnyx_rtc.invite: the browser dials; the call waits for the test to ring, answer or hang it up. */
export function handleInvite(board: Switchboard, client: Client, session: Session, frame: RpcRequest): void {
  const params = frame.params ?? {};
  const dialogParams = (params.dialogParams ?? {}) as Record<string, unknown>;
  const callId = String(dialogParams.callID ?? '');
  if (!callId || typeof params.sdp !== 'string') {
    board.send(client, error(frame.id, RpcErrorCode.InvalidParams, 'Invalid params: callID and sdp are required'));
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
  board.invites.push(invite);
  board.calls.set(callId, {
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
  board.changed();
  board.send(client, result(frame.id, { callID: callId, message: 'CALL CREATED', sessid: session.sessid }, board.voiceSdkId));
}

function callIdOf(frame: RpcRequest): string {
  return String(((frame.params?.dialogParams ?? {}) as { callID?: unknown }).callID ?? frame.params?.callID ?? '');
}

/** A request on a call of the client's session: answer, attach, bye, modify (hold), info (DTMF), candidates. */
export async function handleCallRequest(board: Switchboard, client: Client, session: Session, frame: RpcRequest): Promise<void> {
  const params = frame.params ?? {};
  const callId = callIdOf(frame);
  const call = board.calls.get(callId);
  if (!call || call.sessid !== session.sessid) {
    board.send(client, error(frame.id, RpcErrorCode.SessionError, `CALL DOES NOT EXIST: ${callId}`));
    return;
  }
  const ok = (body: Record<string, unknown>) =>
    board.send(client, result(frame.id, { callID: callId, sessid: session.sessid, ...body }, board.voiceSdkId));
  switch (frame.method) {
    case Method.Answer:
    case Method.Attach: {
      await (await board.farPartyOf(call)).accept(String(params.sdp ?? ''));
      if (frame.method === Method.Attach) {
        call.attaches += 1;
        if (call.state === 'held') await call.farParty?.setHeld(true);
      } else board.setState(call, 'active');
      ok({ message: frame.method === Method.Answer ? 'CALL ANSWERED' : 'CALL ATTACHED' });
      board.changed();
      return;
    }
    case Method.Bye: {
      const cause = typeof params.cause === 'string' ? params.cause : 'NORMAL_CLEARING';
      const causeCode = typeof params.causeCode === 'number' ? params.causeCode : hangupCauses.NORMAL_CLEARING;
      ok({ message: 'CALL ENDED', cause, causeCode });
      board.end(call, { by: 'client', cause, causeCode, ...(typeof params.sipCode === 'number' ? { sipCode: params.sipCode } : {}) });
      return;
    }
    case Method.Modify: {
      const action = String(params.action ?? '');
      if (action !== 'hold' && action !== 'unhold' && action !== 'toggleHold') {
        // updateMedia (ICE restart) would need the far party to renegotiate its live connection.
        board.send(
          client,
          error(frame.id, RpcErrorCode.InvalidParams, `Invalid params: the stand-in does not support modify action ${action}`),
        );
        return;
      }
      const held = action === 'toggleHold' ? call.state !== 'held' : action === 'hold';
      call.modifies.push(action);
      await call.farParty?.setHeld(held);
      board.setState(call, held ? 'held' : 'active');
      ok({ action, holdState: held ? 'held' : 'active' });
      return;
    }
    case Method.Info: {
      if (typeof params.dtmf === 'string') call.dtmf.push(params.dtmf);
      ok({ message: 'SENT' });
      board.changed();
      return;
    }
    default:
      // Candidates: the SDK only trickles with trickleIce: true; its SDP then lacks them, which the
      // page far party cannot add afterwards, so they are acknowledged and kept in the frame log only.
      ok({});
  }
}
