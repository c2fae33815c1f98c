import { type CallMessage, digitsOf, type StandInCall } from './calls';
import { type LoggedFrame, type Payload, text } from './frames';
import type { Gateway, Socket } from './gateway';
import { listen, register } from './login';
import { checkedError, type SignalError } from './options';
import { decodeParams } from './params';
import { reconnectToken, sid } from './sids';

/** The DTLS fingerprint of an SDP: the same for every offer of one peer connection, different for another. */
export function fingerprintOf(sdp: string): string | null {
  return /^a=fingerprint:(.+)$/m.exec(sdp)?.[1]?.trim() ?? null;
}

/** What the stand-in does with each frame from the SDK. */
export function handleClientFrame(gateway: Gateway, socket: Socket, frame: LoggedFrame, call: StandInCall | undefined): void {
  const { payload } = frame;
  switch (frame.type) {
    case 'listen':
      listen(gateway, socket, payload);
      break;
    case 'register':
      register(gateway, socket, payload);
      break;
    case 'invite':
      gateway.farWork.track(invite(gateway, socket, payload, call, frame));
      break;
    case 'answer':
      gateway.farWork.track(clientAnswered(gateway, payload, call));
      break;
    case 'reject':
      if (call?.state === 'ringing') gateway.end(call, 'rejected', 'client');
      break;
    case 'hangup':
      if (call && (call.state === 'ringing' || call.state === 'answered')) {
        gateway.end(call, call.state === 'answered' ? 'ended' : 'canceled', 'client');
      }
      break;
    case 'dtmf':
      call?.digits.push(...digitsOf(text(payload, 'dtmf') ?? '', frame.at));
      break;
    case 'message':
      clientMessage(gateway, socket, payload, call, frame.at);
      break;
    case 'reinvite':
      gateway.farWork.track(reinvite(gateway, payload, call));
      break;
    default:
      break;
  }
}

/** The far side hangs up an answered or ringing call; with an error, the SDK emits it on the call. */
export function hangupFromFar(gateway: Gateway, call: StandInCall, error?: SignalError): void {
  gateway.end(call, call.state === 'answered' ? 'ended' : 'canceled', 'stand-in');
  gateway.sendOnCall(call, 'hangup', { callsid: call.callSid, ...(error ? { error: checkedError(error) } : {}) });
}

/** The far party answers a ringing outgoing call: `answer` with its SDP and a fresh reconnect token. */
export async function answerOutgoing(gateway: Gateway, call: StandInCall, offerSdp: string): Promise<void> {
  const farParty = gateway.options.farParty;
  const sdp = farParty ? await farParty.answer(offerSdp) : '';
  if (call.state !== 'ringing') return;
  call.reconnectToken = reconnectToken();
  gateway.wire.setState(call, 'answered');
  gateway.sendOnCall(call, 'answer', { callsid: call.callSid, sdp, reconnect: call.reconnectToken });
}

async function invite(
  gateway: Gateway,
  socket: Socket,
  payload: Payload,
  call: StandInCall | undefined,
  frame: LoggedFrame,
): Promise<void> {
  const sdp = text(payload, 'sdp') ?? '';
  const reconnect = text(payload, 'reconnect');
  if (reconnect !== undefined) return reconnectCall(gateway, socket, payload, call, reconnect);
  if (!socket.identity) {
    gateway.send(socket, 'hangup', { callsid: text(payload, 'callsid'), error: { code: 31204, message: 'JWT token is invalid' } });
    return;
  }
  const twilio = payload.twilio as { params?: unknown } | undefined;
  const params = decodeParams(typeof twilio?.params === 'string' ? twilio.params : undefined);
  const temporarySid = text(payload, 'callsid') ?? null;
  const created = gateway.newCall(sid('CA'), 'outgoing', params, {}, temporarySid, socket.id);
  created.clientFingerprint = fingerprintOf(sdp);
  created.frames.push(frame);
  gateway.sendOnCall(created, 'ringing', { callsid: created.callSid });
  if (gateway.options.outgoing === 'answer') {
    try {
      await answerOutgoing(gateway, created, sdp);
    } catch (error) {
      if (created.state === 'ringing') hangupFromFar(gateway, created, { code: 31000, message: `far party failed: ${String(error)}` });
    }
  }
}

/**
 * After a socket drop (or a token update, which re-sends `listen` and so `connected`) the SDK sends
 * `invite` with the call's reconnect token and its current SDP; an `answer` with a fresh token resumes the call.
 * The same frame from `device.connect({ connectToken })` (a Device taking over an incoming call, e.g. after a
 * reload) answers a ringing incoming call with new media; for a call already answered by another media
 * session (another DTLS fingerprint) it is refused, as is an unknown call or token.
 */
async function reconnectCall(
  gateway: Gateway,
  socket: Socket,
  payload: Payload,
  call: StandInCall | undefined,
  token: string,
): Promise<void> {
  const callSid = text(payload, 'callsid');
  const sdp = text(payload, 'sdp') ?? '';
  const refuse = (why: string) =>
    gateway.send(socket, 'hangup', { callsid: callSid, error: { code: 31005, message: `Call reconnect failed: ${why}` } });
  if (!call || call.reconnectToken !== token || (call.state !== 'answered' && call.state !== 'ringing')) {
    refuse('unknown call or token');
    return;
  }
  if (call.direction === 'incoming' && call.state === 'ringing') return answerWithConnectToken(gateway, socket, call, sdp);
  if (call.clientFingerprint && fingerprintOf(sdp) && fingerprintOf(sdp) !== call.clientFingerprint) {
    refuse('the call was answered by another client');
    return;
  }
  call.socket = socket.id;
  call.reconnects += 1;
  call.reconnectToken = reconnectToken();
  gateway.sendOnCall(call, 'answer', { callsid: call.callSid, reconnect: call.reconnectToken });
}

/** A connectToken for a ringing incoming call: the far party answers the new Device's offer. */
async function answerWithConnectToken(gateway: Gateway, socket: Socket, call: StandInCall, offerSdp: string): Promise<void> {
  call.socket = socket.id;
  call.recovered = true;
  call.clientFingerprint = fingerprintOf(offerSdp);
  gateway.wire.setState(call, 'answered');
  const farParty = gateway.options.farParty;
  const sdp = farParty ? await farParty.answer(offerSdp) : '';
  if (call.state !== 'answered') return;
  call.reconnectToken = reconnectToken();
  gateway.sendOnCall(call, 'answer', { callsid: call.callSid, sdp, reconnect: call.reconnectToken });
}

async function clientAnswered(gateway: Gateway, payload: Payload, call: StandInCall | undefined): Promise<void> {
  if (call?.direction !== 'incoming' || call.state !== 'ringing') return;
  call.clientFingerprint = fingerprintOf(text(payload, 'sdp') ?? '');
  gateway.wire.setState(call, 'answered');
  if (gateway.options.farParty) await gateway.options.farParty.accept(text(payload, 'sdp') ?? '');
}

/** A call message from the SDK is acknowledged with `ack` (acktype 'message'): the SDK then emits `messageSent`. */
function clientMessage(gateway: Gateway, socket: Socket, payload: Payload, call: StandInCall | undefined, at: number): void {
  const voiceEventSid = text(payload, 'voiceeventsid');
  const message: CallMessage = {
    direction: 'in',
    content: payload.content,
    contentType: text(payload, 'contenttype'),
    messageType: text(payload, 'messagetype'),
    voiceEventSid,
    at,
  };
  if (!call) {
    gateway.send(socket, 'error', {
      callsid: text(payload, 'callsid'),
      voiceeventsid: voiceEventSid,
      error: { code: 31005, message: 'Call message for an unknown call' },
    });
    return;
  }
  call.messages.push(message);
  gateway.sendOnCall(call, 'ack', { acktype: 'message', callsid: call.callSid, voiceeventsid: voiceEventSid });
}

/** An ICE restart: the SDK offers again on the same call; the far party answers on its connection. */
async function reinvite(gateway: Gateway, payload: Payload, call: StandInCall | undefined): Promise<void> {
  if (call?.state !== 'answered') return;
  const farParty = gateway.options.farParty;
  const sdp = farParty ? await farParty.reanswer(text(payload, 'sdp') ?? '') : '';
  call.iceRestarts += 1;
  gateway.sendOnCall(call, 'answer', { callsid: call.callSid, sdp });
}
