import {
  type AcceptRequest,
  type CallMessage,
  type DtmfTone,
  HandsetError,
  type LineCall,
  type LineSignal,
  type SipHeader,
} from '@handset/core';
import { customHeaders, onPeerConnected, onRemoteHold } from '@handset/core/line-kit';
import type { Call } from 'voximplant-websdk/Call/Call';
import type { Client } from 'voximplant-websdk/Client';
import { bodyError, failureOf } from './errors';
import { headerRecord } from './headers';

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
  /** When the core meant the last tone to end, and when the SDK will be done playing it (ms since the epoch). */
  #coreToneEnd = 0;
  #sdkToneEnd = 0;
  #over = false;
  /** The other call of an attended transfer under way: it ends with this one when the cloud reports success. */
  #transferTarget: VoximplantCall | undefined;

  constructor(
    readonly callId: string,
    readonly sdk: Call,
    readonly incoming: boolean,
    private readonly signal: (signal: LineSignal) => void,
    private readonly client: Client,
  ) {
    const id = { callId };
    const on = (name: string, listener: (event: SdkCallEvent) => void) => sdk.on(name as never, listener as never);
    on('ProgressToneStart', () => {
      signal({ type: 'ringing', ...id, earlyMedia: false });
      // The SDK reports no early media: its `startEarlyMedia` only applies the far side's SDP. Before the answer
      // nothing else applies one, so a peer connection that comes up while ringing carries the far side's audio.
      const pc = peerOf(sdk);
      if (pc) onPeerConnected(pc, () => this.#answered || signal({ type: 'ringing', ...id, earlyMedia: true }));
    });
    on('Connected', (event) => {
      this.#answered = true;
      signal({ type: 'answered', ...id, headers: customHeaders(event.headers) });
      // The SDK says Connected once the answer is applied; media (and DTMF, which Chromium's RTCDTMFSender only
      // sends on a connected transport) flows once the peer connection is up. The kit samples that peer
      // connection (quality, warnings, levels); the SDK keeps one per call.
      const pc = peerOf(sdk);
      let told = false;
      const up = () => {
        if (this.#over || told) return;
        told = true;
        if (pc) {
          signal({ type: 'media', ...id, peerConnection: pc });
          // The SDK applies the far side's re-INVITE without saying its direction (`Updated` only). Once the call is
          // over the peer connection is closed, and tells nothing more.
          onRemoteHold(pc, (held) => signal({ type: 'remoteHold', ...id, held }));
        }
        signal({ type: 'connected', ...id, dtmfPath: 'rfc4733' });
      };
      if (pc) onPeerConnected(pc, up);
      else up();
    });
    on('Disconnected', (event) => this.#end({ reason: this.#answered ? 'hangup' : 'cancelled', headers: customHeaders(event.headers) }));
    on('Failed', (event) => {
      const { error, ...end } = failureOf(Number(event.code), String(event.reason ?? ''));
      if (error) this.#error(error);
      this.#end({ ...end, headers: customHeaders(event.headers) });
    });
    // The cloud reports an attended transfer's outcome on the transferred call.
    // Both calls are then done: this side hangs up its legs, the far sides talk on with each other.
    on('TransferComplete', () => {
      for (const call of [this, this.#transferTarget])
        if (call && !call.#over) {
          call.#end({ reason: 'hangup', message: 'Transferred' }, 'system');
          call.sdk.hangup();
        }
    });
    on('TransferFailed', () => this.#error(new HandsetError('call-failed', 'Voximplant transfer failed')));
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
        headers: customHeaders(event.headers),
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
    this.#error(new HandsetError('unsupported', 'customData: not after the answer'));
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
    // The silence since the core's last tone ended (for the first tone, all of it: then it starts at once).
    const start = Math.max(now, this.#sdkToneEnd + Math.max(0, now - this.#coreToneEnd));
    this.#coreToneEnd = now + durationMs;
    this.#sdkToneEnd = start + SDK_TONE_MS;
    setTimeout(() => this.#over || this.sdk.sendTone(tone), start - now);
  }
  /** `client.transferCall(this, target)`: the far sides of two answered calls talk to each other (the core checked both). */
  attendedTransfer(target: LineCall): void {
    this.#transferTarget = target as VoximplantCall;
    this.client.transferCall(this.sdk, this.#transferTarget.sdk);
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

  /**
   * The SDK's setActive rejects with an UpdateFailed event (code 11: the call is not connected). It also rejects,
   * with nothing, when the far side's re-INVITE arrives while our hold's answer is still being applied; the hold
   * went out and holds all the same, so that is no failure.
   */
  #setActive(active: boolean): void {
    this.sdk.setActive(active).catch(
      ({ code }: { code?: number } = {}) =>
        code &&
        this.signal({
          type: active ? 'unholdFailed' : 'holdFailed',
          callId: this.callId,
          error: new HandsetError('invalid-state', `Voximplant setActive: ${code}`, { providerCode: code }),
        }),
    );
  }

  /** False (and an `invalid-message` error) for a body over Voximplant's limit. */
  #checked(body: string, what: string): boolean {
    const error = bodyError(body, what);
    if (error) this.#error(error);
    return !error;
  }

  #error(error: HandsetError): void {
    this.signal({ type: 'error', callId: this.callId, error });
  }

  /** Ended by the far side (`remote`), or by the line itself after a transfer (`system`); once, and not after our own end. */
  #end(end: Omit<Extract<LineSignal, { type: 'ended' }>['end'], 'by'>, by: 'remote' | 'system' = 'remote'): void {
    if (this.#over) return;
    this.#over = true;
    if (this.#endedHere) return;
    this.signal({ type: 'ended', callId: this.callId, end: { ...end, by } });
  }
}

/** The browser's RTCPeerConnection inside the SDK's (hidden) PeerConnection wrapper, as 4.3 keeps it; none before the SDK made it. */
function peerOf(sdk: Call): RTCPeerConnection | undefined {
  return (sdk.peerConnection as unknown as { impl?: RTCPeerConnection } | undefined)?.impl;
}
