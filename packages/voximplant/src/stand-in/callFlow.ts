import type { InfoMessage, StandInCall } from './calls';
import type { Cloud, Socket } from './cloud';
import { ClientFrame, headersAt, InfoType, type LoggedFrame, type Params, ServerFrame, stringAt } from './frames';
import { handleLogin } from './login';
import { checks } from './options';
import { reinvite } from './reinvites';
import { transfer } from './transfer';

/** What the stand-in does with each frame from the SDK: logins, a new call, or a frame on a known call. */
export function handleClientFrame(cloud: Cloud, socket: Socket, frame: LoggedFrame): void {
  if (handleLogin(cloud, socket, frame)) return;
  if (frame.name === ClientFrame.createCall) {
    cloud.farWork.track(createCall(cloud, socket, frame));
    return;
  }
  const { params } = frame;
  const call = cloud.callsById.get(stringAt(params, 0) ?? '');
  if (!call) return;
  call.frames.push(frame);
  switch (frame.name) {
    case ClientFrame.acceptCall:
      cloud.farWork.track(clientAccepted(cloud, call, headersAt(params, 1), stringAt(params, 2) ?? ''));
      break;
    case ClientFrame.rejectCall:
      if (call.state !== 'ringing') break;
      call.rejectedWithBusy = params[1] === true;
      call.endHeaders = headersAt(params, 2);
      cloud.end(call, 'rejected', 'client');
      cloud.sendOnCall(call, ServerFrame.handleConnectionDisconnected, [call.id, {}, {}]);
      break;
    case ClientFrame.disconnectCall:
      if (call.state !== 'connected' && call.state !== 'ringing') break;
      call.endHeaders = headersAt(params, 1);
      cloud.end(call, 'ended', 'client');
      cloud.sendOnCall(call, ServerFrame.handleConnectionDisconnected, [call.id, {}, {}]);
      break;
    case ClientFrame.sendSIPInfo:
      clientInfo(cloud, call, params, frame.at);
      break;
    case ClientFrame.sendDTMF:
      call.digits.push({ digit: String(params[1]), via: 'signalling', at: frame.at });
      break;
    case ClientFrame.reInvite:
      cloud.farWork.track(reinvite(cloud, call, stringAt(params, 2) ?? ''));
      break;
    case ClientFrame.transferCall:
      cloud.farWork.track(transfer(cloud, call, stringAt(params, 1) ?? ''));
      break;
    default:
      break;
  }
}

/** The far side refuses or cannot take a ringing call: `handleConnectionFailed` with a SIP-style code. */
export function failCall(cloud: Cloud, id: string, code: number, reason: string, headers: Record<string, string> = {}): void {
  const call = cloud.ringing(id);
  if (!Number.isInteger(code) || code < 300 || code > 699) throw checks.invalid('a failure code must be a SIP final code, 300–699.');
  cloud.end(call, 'failed', 'stand-in');
  cloud.sendOnCall(call, ServerFrame.handleConnectionFailed, [
    id,
    code,
    checks.nonEmpty(reason, 'reason'),
    checks.stringRecord(headers, 'headers'),
  ]);
}

/** The far side answers an outgoing call: `stopRinging`, then `handleConnectionConnected` with its SDP and `headers`. */
export async function connectOutgoing(cloud: Cloud, call: StandInCall, offerSdp: string, headers: Record<string, string>): Promise<void> {
  let sdp = '';
  const far = cloud.farParties.of(call.id);
  try {
    // After early media the SDK has the far side's answer already: the cloud's Connected carries no SDP.
    sdp = far && !call.earlyMedia ? await cloud.farWork.inTurn(() => far.answer(offerSdp)) : '';
  } catch (error) {
    if (call.state === 'ringing') failCall(cloud, call.id, 500, `far party failed: ${String(error)}`);
    throw error;
  }
  if (call.state !== 'ringing') return;
  cloud.wire.setState(call, 'connected');
  cloud.sendOnCall(call, ServerFrame.stopRinging, [call.id]);
  cloud.sendOnCall(call, ServerFrame.handleConnectionConnected, [call.id, headers, sdp]);
}

/** `createCall(-1, number, video, callId, null, null, headers, "", offerSdp, { tracks })` (call protocol 3). */
async function createCall(cloud: Cloud, socket: Socket, frame: LoggedFrame): Promise<void> {
  const { params } = frame;
  const id = stringAt(params, 3) ?? '';
  if (!socket.username) {
    cloud.send(socket, ServerFrame.handleConnectionFailed, [id, 401, 'Unauthorized', {}]);
    return;
  }
  const call = cloud.newCall(id, 'outgoing', stringAt(params, 1) ?? '', headersAt(params, 6), socket.id);
  cloud.farParties.take(id);
  call.frames.push(frame);
  cloud.sendOnCall(call, ServerFrame.handleRingOut, [id]);
  if (cloud.options.outgoing === 'answer') await connectOutgoing(cloud, call, stringAt(params, 8) ?? '', {});
  if (cloud.options.outgoing === 'early') await startEarlyMedia(cloud, call, stringAt(params, 8) ?? '');
}

/**
 * `startEarlyMedia(callId, headers, answerSdp)`: the far party's answer before the call is answered (a 183 with
 * media); the SDK applies it and media flows while the call rings. `answerOutgoing()` then connects the call
 * without new SDP.
 */
async function startEarlyMedia(cloud: Cloud, call: StandInCall, offerSdp: string): Promise<void> {
  const far = cloud.farParties.of(call.id);
  const sdp = far ? await cloud.farWork.inTurn(() => far.answer(offerSdp)) : '';
  if (call.state !== 'ringing') return;
  call.earlyMedia = true;
  cloud.sendOnCall(call, ServerFrame.startEarlyMedia, [call.id, {}, sdp]);
}

/** `acceptCall(callId, headers, answerSdp, { tracks })`: the far party takes the answer, the cloud confirms. */
async function clientAccepted(cloud: Cloud, call: StandInCall, headers: Record<string, string>, sdp: string): Promise<void> {
  if (call.direction !== 'incoming' || call.state !== 'ringing') return;
  call.answerHeaders = headers;
  const far = cloud.farParties.of(call.id);
  if (far) await cloud.farWork.inTurn(() => far.accept(sdp));
  if (call.state !== 'ringing') return;
  cloud.wire.setState(call, 'connected');
  cloud.sendOnCall(call, ServerFrame.handleConnectionConnected, [call.id, {}, '']);
}

/** `sendSIPInfo(callId, type, subtype, body, headers)`: candidates go to the far party, the rest is recorded. */
function clientInfo(cloud: Cloud, call: StandInCall, params: Params, at: number): void {
  const mimeType = `${stringAt(params, 1) ?? ''}/${stringAt(params, 2) ?? ''}`;
  const body = stringAt(params, 3) ?? '';
  if (mimeType === InfoType.candidates) {
    let candidates: unknown = [];
    try {
      candidates = JSON.parse(body);
    } catch {
      candidates = [];
    }
    for (const entry of Array.isArray(candidates) ? candidates : []) {
      const [index, line] = Array.isArray(entry) ? entry : [];
      if (typeof line !== 'string' || typeof index !== 'number') continue;
      call.candidates += 1;
      const far = cloud.farParties.of(call.id);
      if (far) cloud.farWork.track(cloud.farWork.inTurn(() => far.addCandidate(line.replace(/^a=/, ''), index)));
    }
    return;
  }
  call.infos.push({ direction: 'in', mimeType, body, headers: headersAt(params, 4), at } satisfies InfoMessage);
}
