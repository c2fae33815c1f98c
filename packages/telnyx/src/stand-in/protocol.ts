/**
 * The JSON-RPC 2.0 frames Telnyx's WebRTC signalling exchanges with @telnyx/webrtc (a Verto dialect),
 * as read from the SDK 2.27 bundle: method names, the result shapes it parses, the error codes it knows.
 */
import { randomUUID } from 'node:crypto';
import { parseJsonObject } from '@handset/core/testing';

export const Method = {
  Login: 'login',
  AnonymousLogin: 'anonymous_login',
  ClientReady: 'telnyx_rtc.clientReady',
  GatewayState: 'telnyx_rtc.gatewayState',
  Invite: 'telnyx_rtc.invite',
  Answer: 'telnyx_rtc.answer',
  Ringing: 'telnyx_rtc.ringing',
  Media: 'telnyx_rtc.media',
  Bye: 'telnyx_rtc.bye',
  Modify: 'telnyx_rtc.modify',
  Info: 'telnyx_rtc.info',
  Attach: 'telnyx_rtc.attach',
  Ping: 'telnyx_rtc.ping',
  Candidate: 'telnyx_rtc.candidate',
  EndOfCandidates: 'telnyx_rtc.endOfCandidates',
  Punt: 'telnyx_rtc.punt',
} as const;

/**
 * Verto's error codes (FreeSWITCH mod_verto, which Telnyx's b2bua-rtc speaks): the SDK treats -32000
 * as "authentication required" (it logs in again) and any other error on `login` as a failed login.
 */
export const RpcErrorCode = {
  AuthenticationRequired: -32000,
  AuthenticationFailure: -32001,
  SessionError: -32002,
  InvalidParams: -32602,
  MethodNotFound: -32601,
} as const;

/** Gateway (registration) states the SDK reacts to in `result.params.state` or `params.state`. */
export type GatewayState =
  | 'REGED'
  | 'REGISTER'
  | 'UNREGED'
  | 'NOREG'
  | 'FAILED'
  | 'FAIL_WAIT'
  | 'TIMEOUT'
  | 'TRYING'
  | 'EXPIRED'
  | 'UNREGISTER';

export interface RpcRequest {
  readonly jsonrpc: '2.0';
  readonly id: string | number;
  readonly method: string;
  readonly params?: Record<string, unknown>;
  readonly voice_sdk_id?: string;
}

export interface RpcResult {
  readonly jsonrpc: '2.0';
  readonly id: string | number;
  readonly result: Record<string, unknown>;
  readonly voice_sdk_id?: string;
}

export interface RpcError {
  readonly jsonrpc: '2.0';
  readonly id: string | number | null;
  readonly error: { readonly code: number; readonly message: string };
}

export type RpcFrame = RpcRequest | RpcResult | RpcError;

export function isRequest(frame: RpcFrame): frame is RpcRequest {
  return typeof (frame as RpcRequest).method === 'string';
}

export function isResult(frame: RpcFrame): frame is RpcResult {
  return typeof (frame as RpcResult).result === 'object' && (frame as RpcResult).result !== null;
}

export function request(method: string, params: Record<string, unknown>, voiceSdkId: string): RpcRequest {
  return { jsonrpc: '2.0', id: randomUUID(), method, params, voice_sdk_id: voiceSdkId };
}

export function result(id: string | number, body: Record<string, unknown>, voiceSdkId: string): RpcResult {
  return { jsonrpc: '2.0', id, result: body, voice_sdk_id: voiceSdkId };
}

export function error(id: string | number | null, code: number, message: string): RpcError {
  return { jsonrpc: '2.0', id, error: { code, message } };
}

/** Parses one text frame; null when it is not a JSON-RPC object (the SDK also sends `#SP…` speed-test text). */
export function parseFrame(text: string): RpcFrame | null {
  const value = parseJsonObject(text);
  return value?.jsonrpc === '2.0' ? (value as unknown as RpcFrame) : null;
}
