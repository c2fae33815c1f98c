import { HandsetError } from '../errors/HandsetError';
import type { CallMessage } from './types';

/** A message to send: a string, or Twilio's `{ content, contentType, messageType }`. */
export type MessageInput = string | { readonly content: unknown; readonly contentType?: string; readonly messageType?: string };

const mimeType = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;
const maxBytes = 64 * 1024;

export function validateMessage(input: MessageInput, id: string): CallMessage {
  const message: CallMessage =
    typeof input === 'string'
      ? { content: input, contentType: 'text/plain', messageType: 'user-defined-message', id }
      : {
          content: input?.content,
          contentType: input?.contentType ?? 'application/json',
          messageType: input?.messageType ?? 'user-defined-message',
          id,
        };
  if (message.content === undefined || message.content === null || message.content === '') {
    throw new HandsetError('invalid-message', 'sendMessage() needs content: a non-empty string or a JSON-serialisable object.');
  }
  if (!mimeType.test(message.contentType)) {
    throw new HandsetError('invalid-message', `contentType must look like type/subtype; got ${JSON.stringify(message.contentType)}.`);
  }
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(message.messageType)) {
    throw new HandsetError('invalid-message', 'messageType must be 1-64 letters, digits, dots, dashes or underscores.');
  }
  let encoded: string | undefined;
  try {
    encoded = typeof message.content === 'string' ? message.content : JSON.stringify(message.content);
  } catch (cause) {
    throw new HandsetError('invalid-message', 'The message content cannot be serialised to JSON.', { cause });
  }
  if (encoded === undefined || new TextEncoder().encode(encoded).length > maxBytes) {
    throw new HandsetError('invalid-message', `The message content must serialise to at most ${maxBytes} bytes.`);
  }
  return Object.freeze(message);
}

export function validateInfo(type: string, body: string): void {
  if (typeof type !== 'string' || !mimeType.test(type)) {
    throw new HandsetError('invalid-message', `sendInfo() needs a content type like application/dtmf-relay; got ${JSON.stringify(type)}.`);
  }
  if (typeof body !== 'string' || new TextEncoder().encode(body).length > maxBytes) {
    throw new HandsetError('invalid-message', `sendInfo() needs a string body of at most ${maxBytes} bytes.`);
  }
}
