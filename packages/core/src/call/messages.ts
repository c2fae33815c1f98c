import { HandsetError } from '../errors/HandsetError';
import { freeze } from '../util/freeze';
import type { CallMessage } from './types';

/** A message to send: a string, or Twilio's `{ content, contentType, messageType }`. */
export type MessageInput = string | { readonly content: unknown; readonly contentType?: string; readonly messageType?: string };

const mimeType = /^[\w!#$&^.+-]+\/[\w!#$&^.+-]+$/;
const maxBytes = 65536;
const bytes = (text: string) => new TextEncoder().encode(text).length;
const refuse = (message: string): never => {
  throw new HandsetError('invalid-message', message);
};

export function validateMessage(input: MessageInput, id: string): CallMessage {
  const {
    content,
    contentType = 'application/json',
    messageType = 'user-defined-message',
  } = typeof input === 'string' ? { content: input, contentType: 'text/plain' } : (input ?? {});
  if (content === undefined || content === null || content === '')
    refuse('sendMessage() needs content: a non-empty string or a JSON value.');
  if (!mimeType.test(contentType)) refuse(`contentType must look like type/subtype; got ${JSON.stringify(contentType)}.`);
  if (!/^[\w.-]{1,64}$/.test(messageType)) refuse('messageType must be 1-64 letters, digits, dots, dashes or underscores.');
  let encoded: string | undefined;
  try {
    encoded = typeof content === 'string' ? content : JSON.stringify(content);
  } catch {}
  if (encoded === undefined || bytes(encoded) > maxBytes) refuse(`The content must serialise to JSON of at most ${maxBytes} bytes.`);
  return freeze({ content, contentType, messageType, id });
}

export function validateInfo(type: string, body: string): void {
  if (typeof type !== 'string' || !mimeType.test(type))
    refuse(`sendInfo() needs a content type like application/dtmf-relay; got ${JSON.stringify(type)}.`);
  if (typeof body !== 'string' || bytes(body) > maxBytes) refuse(`sendInfo() needs a string body of at most ${maxBytes} bytes.`);
}
