import { type FrameRecord, parseJsonObject } from '@handset/core/testing';

/**
 * Voximplant's Web SDK signalling frames, as voximplant-websdk 4.3 writes and reads them
 * (VoxSignaling.callRemoteFunction / onWSVoipData): JSON `{ name, params }` where `params` is the
 * positional argument list of a remote function (client → cloud) or of an RPC handler (cloud → client).
 */
export type Params = unknown[];

export interface Frame {
  readonly name: string;
  readonly params: Params;
}

/** A frame as the stand-in logged it: who sent it, when (ms since epoch), on which socket. */
export interface LoggedFrame extends Frame, FrameRecord {}

/** Client → cloud: the remote functions of the SDK (its `RemoteFunction` enum) the stand-in answers. */
export const ClientFrame = {
  ping: '__ping',
  login: 'login',
  loginGenerateOneTimeKey: 'loginGenerateOneTimeKey',
  loginUsingOneTimeKey: 'loginUsingOneTimeKey',
  refreshOauthToken: 'refreshOauthToken',
  createCall: 'createCall',
  acceptCall: 'acceptCall',
  rejectCall: 'rejectCall',
  disconnectCall: 'disconnectCall',
  sendSIPInfo: 'sendSIPInfo',
  sendDTMF: 'sendDTMF',
  reInvite: 'ReInvite',
  acceptReInvite: 'AcceptReInvite',
  rejectReInvite: 'RejectReInvite',
  hold: 'hold',
  unhold: 'unhold',
  transferCall: 'transferCall',
} as const;

/** Cloud → client: the RPC handlers of the SDK (its `RemoteEvent` enum) the stand-in calls. */
export const ServerFrame = {
  connectionSuccessful: '__connectionSuccessful',
  pong: '__pong',
  loginSuccessful: 'loginSuccessful',
  loginFailed: 'loginFailed',
  refreshOauthTokenSuccessful: 'refreshOauthTokenSuccessful',
  refreshOauthTokenFailed: 'refreshOauthTokenFailed',
  handleIncomingConnection: 'handleIncomingConnection',
  handleRingOut: 'handleRingOut',
  stopRinging: 'stopRinging',
  startEarlyMedia: 'startEarlyMedia',
  handleConnectionConnected: 'handleConnectionConnected',
  handleConnectionDisconnected: 'handleConnectionDisconnected',
  handleConnectionFailed: 'handleConnectionFailed',
  handleSIPInfo: 'handleSIPInfo',
  handleAcceptReinvite: 'handleAcceptReinvite',
  handleReInvite: 'handleReInvite',
  handleTransferStarted: 'handleTransferStarted',
  handleTransferComplete: 'handleTransferComplete',
  handleTransferFailed: 'handleTransferFailed',
} as const;

/** INFO bodies the SDK treats specially (its Constants): everything else is `InfoReceived`. */
export const InfoType = {
  /** `call.sendMessage(text)` is an INFO of this type; received ones become `MessageReceived`. */
  message: 'application/zingaya-im',
  /** Trickled ICE candidates: a JSON array of `[sdpMLineIndex, "a=candidate:…"]`. */
  candidates: 'voximplant/sdpfrag',
} as const;

export function encodeFrame(name: string, params: Params): string {
  return JSON.stringify({ name, params });
}

/** Parses a client frame; null for anything that is not a JSON object with a string `name`. */
export function decodeFrame(text: string): Frame | null {
  const value = parseJsonObject(text);
  if (!value) return null;
  const { name, params } = value;
  if (typeof name !== 'string') return null;
  return { name, params: Array.isArray(params) ? params : [] };
}

/** A string parameter, or undefined. */
export function stringAt(params: Params, index: number): string | undefined {
  const value = params[index];
  return typeof value === 'string' ? value : undefined;
}

/** A headers-like parameter (`{ 'X-Name': 'value' }`), keeping only string values. */
export function headersAt(params: Params, index: number): Record<string, string> {
  const value = params[index];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
