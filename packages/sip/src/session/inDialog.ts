import { type CallMessage, HandsetError, type LineSignal, type SipHeader } from '@handset/core';
import { parseDtmfRelay } from '@handset/core/line-kit';
import type { Info, Message, Session } from 'sip.js';
import { toHeaderLines } from './headers';
import { sipHeadersOf } from './incoming';

type Signal = (signal: LineSignal) => void;

function contentTypeOf(request: Info['request'], fallback: string): string {
  return (request.getHeader('content-type') ?? fallback).split(';')[0]?.trim().toLowerCase() ?? fallback;
}

/**
 * A call's in-dialog requests, INFO and MESSAGE, both ways: received ones become `dtmf`, `info` and
 * `message` signals; a refusal or a failure to send one is an `error` signal (the call goes on).
 */
export class InDialog {
  constructor(
    private readonly session: Session,
    private readonly callId: string,
    private readonly signal: Signal,
  ) {}

  /** An INFO: DTMF when it is `application/dtmf-relay` (400 when unreadable), else handed on as it is. */
  received(info: Info): void {
    const request = info.request;
    const contentType = contentTypeOf(request, '');
    const body = request.body ?? '';
    if (contentType === 'application/dtmf-relay') {
      const digit = parseDtmfRelay(body);
      if (!digit) {
        info.reject({ statusCode: 400 }).catch(() => {});
        return;
      }
      info.accept().catch(() => {});
      this.signal({ type: 'dtmf', callId: this.callId, digit });
      return;
    }
    info.accept().catch(() => {});
    this.signal({
      type: 'info',
      callId: this.callId,
      mimeType: contentType || 'application/octet-stream',
      body,
      headers: sipHeadersOf(request),
    });
  }

  /** A MESSAGE: its `X-Message-Type` names the message type; JSON that does not parse stays text. */
  receivedMessage(message: Message): void {
    const request = message.request;
    const contentType = contentTypeOf(request, 'text/plain');
    const messageType = request.getHeader('x-message-type') ?? 'user-defined-message';
    let content: unknown = request.body ?? '';
    if (contentType === 'application/json') {
      try {
        content = JSON.parse(request.body);
      } catch {
        // keep the text: the far side may say JSON and send anything
      }
    }
    message.accept().catch(() => {});
    this.signal({ type: 'message', callId: this.callId, message: { content, contentType, messageType } });
  }

  sendInfo(contentType: string, content: string, headers: readonly SipHeader[] = []): void {
    this.session
      .info({
        requestOptions: { body: { contentDisposition: 'render', contentType, content }, extraHeaders: toHeaderLines(headers) },
        requestDelegate: { onReject: (response) => this.#failed(`The far side refused an INFO (${response.message.statusCode}).`) },
      })
      .catch((error: unknown) => this.#failed('An INFO could not be sent.', error));
  }

  sendMessage(message: CallMessage): void {
    const content = typeof message.content === 'string' ? message.content : JSON.stringify(message.content);
    this.session
      .message({
        requestOptions: {
          body: { contentDisposition: 'render', contentType: message.contentType, content },
          extraHeaders: [`X-Message-Type: ${message.messageType}`],
        },
        requestDelegate: {
          onAccept: () => this.signal({ type: 'messageSent', callId: this.callId, message }),
          onReject: (response) => this.#failed(`The far side refused a message (${response.message.statusCode}).`),
        },
      })
      .catch((error: unknown) => this.#failed('A message could not be sent.', error));
  }

  #failed(message: string, cause?: unknown): void {
    const error = cause === undefined ? new HandsetError('line-error', message) : new HandsetError('line-error', message, { cause });
    this.signal({ type: 'error', callId: this.callId, error });
  }
}
