import type { CallMessage, DtmfTone, LineSignal, SipHeader } from '@handset/core';
import { dtmfRelayBody, dtmfRelayType, parseDtmfRelay } from '@handset/core/line-kit';
import type { SandboxMessage } from '../signalling/messages';
import type { Port } from '../signalling/Port';

/** Gap after each RFC 4733 tone; the core spaces tones itself, this only bounds the sender's buffer. */
const dtmfGapMs = 50;

/** The far side's in-dialog requests and acknowledgements that `InCall` takes. */
export type InCallMessage = Extract<SandboxMessage, { t: 'info' | 'message' | 'messageAck' }>;

/**
 * What travels within a call besides its media, both ways: DTMF, MESSAGEs with their acknowledgements, and INFOs.
 * The leg checks that it is still open before each send.
 */
export class InCall {
  readonly #callId: string;
  readonly #port: Port;
  readonly #signal: (signal: LineSignal) => void;
  /** Our MESSAGEs by id until the far side acknowledges them (then the core hears `messageSent`). */
  readonly #sentMessages = new Map<string, CallMessage>();

  constructor(callId: string, port: Port, signal: (signal: LineSignal) => void) {
    this.#callId = callId;
    this.#port = port;
    this.#signal = signal;
  }

  /** One tone as RFC 4733 events on the media path, and as an INFO through the signalling. */
  sendDtmf(sender: RTCRtpSender | undefined, tone: DtmfTone, durationMs: number): void {
    const dtmf = sender?.dtmf;
    if (dtmf?.canInsertDTMF) dtmf.insertDTMF(tone, Math.max(40, Math.min(6000, durationMs)), dtmfGapMs);
    this.#port.send({ t: 'info', callId: this.#callId, mimeType: dtmfRelayType, body: dtmfRelayBody(tone, durationMs) });
  }

  sendMessage(message: CallMessage): void {
    const id = message.id ?? `${this.#callId}-${this.#sentMessages.size}`;
    this.#sentMessages.set(id, message);
    this.#port.send({ t: 'message', callId: this.#callId, message: { ...message, id } });
  }

  sendInfo(mimeType: string, body: string, headers: readonly SipHeader[]): void {
    this.#port.send({ t: 'info', callId: this.#callId, mimeType, body, headers });
  }

  /** An INFO (a dtmf-relay one is a digit), a MESSAGE (acknowledged when it has an id), or an acknowledgement of ours. */
  receive(message: InCallMessage): void {
    const callId = this.#callId;
    switch (message.t) {
      case 'info': {
        const digit = message.mimeType === dtmfRelayType ? parseDtmfRelay(message.body) : null;
        if (digit) this.#signal({ type: 'dtmf', callId, digit });
        else this.#signal({ type: 'info', callId, mimeType: message.mimeType, body: message.body, headers: message.headers ?? [] });
        return;
      }
      case 'message':
        this.#signal({ type: 'message', callId, message: message.message });
        if (message.message.id) this.#port.send({ t: 'messageAck', callId, id: message.message.id });
        return;
      case 'messageAck': {
        const sent = this.#sentMessages.get(message.id);
        if (!sent) return;
        this.#sentMessages.delete(message.id);
        this.#signal({ type: 'messageSent', callId, message: sent });
        return;
      }
    }
  }
}
