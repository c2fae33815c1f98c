import {
  type AcceptRequest,
  type CallMessage,
  type DtmfTone,
  HandsetError,
  type LineCall,
  type LineSignal,
  type SipHeader,
} from '@handset/core';
import type { Call } from 'voximplant-websdk/Call/Call';
import { checkBody, failureOf } from './errors';
import { headerRecord, sipHeaders } from './headers';

/** The SDK call's events as it dispatches them (its `CallEvents` values). */
type SdkCallEvent = { headers?: unknown; code?: number; reason?: string; text?: string; body?: string; mimeType?: string };

/** How long the SDK's RTCDTMFSender takes per tone: 500 ms of tone and a 50 ms gap. */
const SDK_TONE_MS = 550;

/** How an SDK message reaches the core: Voximplant's messages are plain text. */
export const MESSAGE_TYPE = 'voximplant-message';

/**
 * One call of the Voximplant line: the SDK's `Call`, its commands passed on and its events turned into line
 * signals. The core decides the call's states; this only says what Voximplant reported.
 */
export class VoximplantCall implements LineCall {
  #endedHere = false;
  #answered = false;
  #customData: string | undefined;
  /** When the core sent the last tone and how long it meant it to last; when the SDK will be done playing it. */
  #lastTone: { at: number; durationMs: number } | null = null;
  #sdkToneEnd = 0;
  #over = false;

  constructor(
    readonly callId: string,
    readonly sdk: Call,
    readonly incoming: boolean,
    private readonly signal: (signal: LineSignal) => void,
  ) {
    const id = { callId };
    const on = (name: string, listener: (event: SdkCallEvent) => void) => sdk.on(name as never, listener as never);
    on('ProgressToneStart', () => signal({ type: 'ringing', ...id, earlyMedia: false }));
    on('Connected', (event) => {
      this.#answered = true;
      signal({ type: 'answered', ...id, headers: sipHeaders(event.headers) });
      // The SDK says Connected once the answer is applied; media (and DTMF, which Chromium's RTCDTMFSender only
      // sends on a connected transport) flows once the peer connection is up. The kit samples that peer
      // connection (quality, warnings, levels); the SDK keeps one per call.
      const pc = peerOf(sdk);
      const up = () => {
        if (this.#over || (pc && pc.connectionState !== 'connected')) return;
        pc?.removeEventListener('connectionstatechange', up);
        if (pc) signal({ type: 'media', ...id, peerConnection: pc });
        signal({ type: 'connected', ...id, dtmfPath: 'rfc4733' });
      };
      pc?.addEventListener('connectionstatechange', up);
      up();
    });
    on('Disconnected', (event) => this.#end({ reason: this.#answered ? 'hangup' : 'cancelled', headers: sipHeaders(event.headers) }));
    on('Failed', (event) => {
      const { error, ...end } = failureOf(Number(event.code), String(event.reason ?? ''));
      if (error) signal({ type: 'error', ...id, error });
      this.#end({ ...end, headers: sipHeaders(event.headers) });
    });
    on('onSendMessage', (event) =>
      signal({
        type: 'message',
        ...id,
        message: { content: String(event.text ?? ''), contentType: 'text/plain', messageType: MESSAGE_TYPE },
      }),
    );
    on('InfoReceived', (event) =>
      signal({
        type: 'info',
        ...id,
        mimeType: String(event.mimeType ?? ''),
        body: String(event.body ?? ''),
        headers: sipHeaders(event.headers),
      }),
    );
  }

  /** The answer carries the customData set on the ringing call (`setCustomData(call, value)`), as `VI-CallData`. */
  accept(request: AcceptRequest): void {
    this.sdk.answer(this.#customData, headerRecord(request.headers));
  }
  /** Only an incoming call's answer can carry customData on the Web SDK's wire; later it is refused. */
  setCustomData(customData: string): void {
    if (this.incoming && !this.#answered) {
      this.#customData = customData;
      return;
    }
    this.signal({
      type: 'error',
      callId: this.callId,
      error: new HandsetError('unsupported', 'customData: not after the answer'),
    });
  }
  /** The Web SDK's `rejectCall` carries only a busy flag: 486 and 600 go as `reject()` (busy), any other code as `decline()`. */
  reject(sipCode: number, headers: readonly SipHeader[]): void {
    this.#endedHere = true;
    if (sipCode === 486 || sipCode === 600) this.sdk.reject(headerRecord(headers));
    else this.sdk.decline(headerRecord(headers));
  }
  /** Voximplant has no local-only ignore: the call is left to ring out, and its later events are not reported. */
  ignore(): void {
    this.#endedHere = true;
  }
  hangup(headers: readonly SipHeader[]): void {
    this.#endedHere = true;
    if (this.#over) return;
    this.sdk.hangup(headerRecord(headers));
  }
  setMuted(muted: boolean): void {
    this.sdk[muted ? 'muteMicrophone' : 'unmuteMicrophone']();
  }
  /**
   * The SDK plays every tone for 500 ms and a 50 ms gap (`insertDTMF(tone, 500, 50)`), and a tone inserted while
   * one plays replaces the rest of its buffer. So each tone waits until the SDK's last one is done, plus the
   * silence the core left after that tone (its gap, and any `p`, `w` or `,` pause).
   */
  sendDtmf(tone: DtmfTone, durationMs: number): void {
    const now = Date.now();
    const silence = this.#lastTone ? Math.max(0, now - this.#lastTone.at - this.#lastTone.durationMs) : 0;
    const start = Math.max(now, this.#sdkToneEnd + silence);
    this.#lastTone = { at: now, durationMs };
    this.#sdkToneEnd = start + SDK_TONE_MS;
    setTimeout(() => {
      if (!this.#over) this.sdk.sendTone(tone);
    }, start - now);
  }
  hold(): void {
    this.#setActive(false);
  }
  unhold(): void {
    this.#setActive(true);
  }
  sendMessage(message: CallMessage): void {
    const text = typeof message.content === 'string' ? message.content : JSON.stringify(message.content);
    if (!this.#checked(text, 'message')) return;
    this.sdk.sendMessage(text);
    this.signal({ type: 'messageSent', callId: this.callId, message });
  }
  sendInfo(mimeType: string, body: string, headers: readonly SipHeader[]): void {
    if (!this.#checked(body, 'INFO body')) return;
    this.sdk.sendInfo(mimeType, body, headerRecord(headers));
  }

  #setActive(active: boolean): void {
    this.sdk.setActive(active).catch((event: { code?: number }) =>
      this.signal({
        type: active ? 'unholdFailed' : 'holdFailed',
        callId: this.callId,
        error: holdError(event?.code),
      }),
    );
  }

  #checked(body: string, what: string): boolean {
    try {
      checkBody(body, what);
      return true;
    } catch (error) {
      this.signal({ type: 'error', callId: this.callId, error: error as HandsetError });
      return false;
    }
  }

  #end(end: Omit<Extract<LineSignal, { type: 'ended' }>['end'], 'by'>): void {
    if (this.#over) return;
    this.#over = true;
    if (this.#endedHere) return;
    this.signal({ type: 'ended', callId: this.callId, end: { ...end, by: 'remote' } });
  }
}

/** The browser's RTCPeerConnection inside the SDK's (hidden) PeerConnection wrapper, as 4.3 keeps it. */
function peerOf(sdk: Call): RTCPeerConnection | undefined {
  const impl = (sdk.peerConnection as unknown as { impl?: RTCPeerConnection } | undefined)?.impl;
  return typeof impl?.getStats === 'function' ? impl : undefined;
}

/** The SDK's setActive rejects with an UpdateFailed event (code 11: the call is not connected). */
function holdError(code: number | undefined): HandsetError {
  return new HandsetError('invalid-state', `Voximplant setActive: ${code}`, { providerCode: code });
}
