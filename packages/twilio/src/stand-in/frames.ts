import { type FrameRecord, parseJsonObject } from '@handset/core/testing';

/**
 * Twilio's Voice signalling ("PStream") frames, as @twilio/voice-sdk 2.18 writes and reads them
 * (lib/twilio/pstream.ts): JSON `{ type, version, payload }`, plus a bare "\n" as keep-alive.
 */
export const PSTREAM_VERSION = '1.6';

/** The keep-alive: the server sends it, the SDK echoes it, and 15 s of silence makes the SDK reconnect. */
export const KEEP_ALIVE = '\n';

export type Payload = Record<string, unknown>;

export interface Frame {
  readonly type: string;
  readonly version?: string;
  readonly payload: Payload;
}

/** A frame as the stand-in logged it: who sent it, when (ms since epoch), on which socket. */
export interface LoggedFrame extends Frame, FrameRecord {}

export function encodeFrame(type: string, payload: Payload): string {
  return JSON.stringify({ type, version: PSTREAM_VERSION, payload });
}

/** Parses a client frame; null for anything that is not a JSON object with a string `type`. */
export function decodeFrame(text: string): Frame | null {
  const value = parseJsonObject(text);
  if (!value) return null;
  const { type, version, payload } = value;
  if (typeof type !== 'string') return null;
  return {
    type,
    ...(typeof version === 'string' ? { version } : {}),
    payload: typeof payload === 'object' && payload !== null ? (payload as Payload) : {},
  };
}

/** A string field of a payload, or undefined. */
export function text(payload: Payload, key: string): string | undefined {
  const value = payload[key];
  return typeof value === 'string' ? value : undefined;
}
