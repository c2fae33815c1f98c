import {
  type AcceptRequest,
  type CallDirection,
  type DialRequest,
  type DtmfTone,
  HandsetError,
  type LineCall,
  type LineSignal,
  type Party,
  type RecoveryToken,
  type SipHeader,
} from '@handset/core';
import { handOverPeer, remoteAudioElement, withoutEmpty } from '@handset/core/line-kit';
import type { Call } from '@telnyx/webrtc';
import { rejection, remoteEnd } from './end';

/** What a leg needs from its line. */
export interface LegHost {
  signal(signal: LineSignal): void;
  /** The microphone the user chose (device choices come to the line). */
  micId(): string | null | undefined;
  release(leg: TelnyxLeg): void;
}

/** The parts of the SDK's call object the typings leave out. */
export type SdkCall = Call & {
  peer?: { instance?: RTCPeerConnection | null } | null;
  remoteStream?: MediaStream;
  sipCode?: number | null;
  setAudioOutDevice?(deviceId: string): Promise<boolean>;
};

type Signal = LineSignal & { callId: string };
type Payload<T extends Signal['type']> = Omit<Extract<Signal, { type: T }>, 'type' | 'callId'>;

/**
 * One call over the SDK. The SDK replaces a call's object when it re-attaches it (socket drop, reload), so the
 * leg follows the call by id and always acts on the newest object.
 */
export class TelnyxLeg implements LineCall {
  call: SdkCall | undefined;
  /** Set once the core or the network ended it; nothing is signalled after. */
  ended = false;
  /** The far side plays here: the SDK sets its srcObject and sink (one element per call, never shared). */
  readonly element: HTMLMediaElement;
  #answered: boolean;
  /** How far the far side has rung: 0 not yet, 1 ringing, 2 early media. */
  #rang = 0;
  #recovering = false;
  /** The peer connection media flows on (each re-attach brings a new one). */
  #peer: RTCPeerConnection | undefined;
  #failure: HandsetError | undefined;

  constructor(
    readonly host: LegHost,
    readonly callId: string,
    readonly direction: CallDirection,
    readonly remote: Party,
    recovered: boolean,
    /**
     * A dial's options: its `remoteElement` (without one the leg makes a hidden element of its own; the SDK makes
     * none) and `sdpASBandwidthKbps`, the audio sender's cap.
     */
    readonly options: DialRequest['options'] = {},
  ) {
    this.#answered = recovered;
    this.element = options.remoteElement ?? remoteAudioElement();
  }

  /** This call's word to the core; nothing once it ended. */
  readonly #send = (signal: LineSignal) => this.ended || this.host.signal(signal);

  #tell<T extends Signal['type']>(type: T, payload?: Payload<T>): void {
    this.#send({ type, callId: this.callId, ...payload } as Signal);
  }

  /**
   * The SDK's latest word on this call (a callUpdate), and the SDK's session id (sessid, for providerIds). Only a
   * live leg hears it: an ended one has left the line's legs.
   */
  update(call: SdkCall, sessionId: string | undefined): void {
    this.call = call;
    call.options.remoteElement ??= this.element;
    // Repeated with every update: the core keeps only what is new.
    this.#tell('providerIds', { ids: withoutEmpty({ ...call.telnyxIDs, sessionId }) as Record<string, string> });
    const { state } = call;
    if (state === 'early') this.rang(true);
    else if (state === 'active' || state === 'held') {
      // The core takes each only where its state allows (answered while setting up, reconnected while reconnecting).
      this.#tell('answered');
      this.#tell('reconnected');
      this.#answered = true;
      this.#recovering = false;
      this.#watch(call);
    } else if (state === 'recovering') {
      // A socket drop: the SDK hangs this object up locally and re-attaches a new one with the same id.
      if (this.#peer) this.#tell('reconnecting');
      this.#recovering = true;
      this.#peer = undefined;
    } else if (state === 'hangup' || ((state === 'destroy' || state === 'purge') && !this.#recovering)) {
      const failure = this.#failure;
      if (failure) this.#tell('error', { error: failure });
      // Without a failure, ended by the far side: the core's default `by`.
      this.#tell('ended', {
        end: failure
          ? { reason: 'failed', by: 'system', message: failure.message }
          : remoteEnd(call.causeCode, call.sipCode, this.#answered, this.direction === 'incoming'),
      });
      this.#finish();
    }
  }

  /**
   * The far side rings (telnyx_rtc.ringing, which the SDK turns into no callUpdate) or sends early media. Each is
   * told once, ringing never after early media; the core takes either only while an outgoing call is unanswered.
   */
  rang(early: boolean): void {
    const rang = early ? 2 : 1;
    if (this.#rang >= rang) return;
    this.#rang = rang;
    this.#tell('ringing', { earlyMedia: early });
  }

  /** The SDK could not open the microphone for this call; it hangs the call up next. */
  mediaFailed(providerCode: string | number | undefined, message?: string): void {
    this.#failure ??= new HandsetError('media-failed', message, { providerCode });
  }

  /** Telnyx could not give the call back after a reconnection (48501), or the SDK never re-attached it. */
  lost(message?: string): void {
    this.#tell('ended', { end: { reason: 'network', by: 'system', message } });
    this.#finish();
  }

  accept(request: AcceptRequest): void {
    const { call } = this;
    // The SDK builds the peer connection when answering, from the call's options (it shows no video).
    const { headers, video, ...options } = request;
    Object.assign(
      call?.options ?? {},
      withoutEmpty({ ...options, micId: options.micId ?? this.host.micId(), remoteElement: this.element }),
    );
    call?.answer({ customHeaders: headers } as never);
  }

  reject(sipCode: number): void {
    this.#hangup(rejection(sipCode));
  }

  /** The SDK cannot stop alerting without answering the far side: the line forgets the call, and Telnyx ends it when the caller gives up. */
  ignore(): void {
    this.#finish();
  }

  hangup(extra: readonly SipHeader[]): void {
    this.#hangup(extra.length ? { dialogParams: { customHeaders: extra } } : {});
  }

  setMuted(muted: boolean): void {
    if (muted) this.call?.muteAudio();
    else this.call?.unmuteAudio();
  }

  sendDtmf(tone: DtmfTone): void {
    this.call?.dtmf(tone);
  }

  hold(): void {
    this.#hold('hold');
  }

  unhold(): void {
    this.#hold('unhold');
  }

  recoveryToken(): RecoveryToken | undefined {
    const { callId, direction, remote } = this;
    return this.#answered ? { lineKind: 'telnyx', callId, direction, remote } : undefined;
  }

  setSpeaker(deviceId: string): void {
    this.device(false, deviceId);
  }

  /** A device choice for this call: the microphone once the SDK has opened one (it has after the answer), or the speaker. */
  device(microphone: boolean, deviceId: string): void {
    const { call } = this;
    if (!call || (microphone && !this.#answered)) return;
    void (microphone ? call.setAudioInDevice(deviceId) : call.setAudioOutDevice?.(deviceId))?.catch(() => undefined);
  }

  #hold(action: 'hold' | 'unhold'): void {
    this.call?.[action]().catch((cause: unknown) =>
      this.#tell(`${action}Failed`, { error: new HandsetError('line-error', undefined, { providerCode: 44001, cause }) }),
    );
  }

  /** Media flows when the SDK's peer connection is connected (ICE and DTLS up); each re-attach brings a new one. */
  #watch(call: SdkCall): void {
    const peer = call.peer?.instance;
    // A peer connection already handed over (an update of the same attach) is left as it is.
    const handedOver =
      peer &&
      handOverPeer(peer, this.#send, this.callId, 'info', () => {
        this.#peer = peer;
        // A call the SDK re-attached after a reload was built without the line's element: play it there too.
        if (call.remoteStream && this.element.srcObject !== call.remoteStream) this.element.srcObject = call.remoteStream;
      });
    // Telnyx 2.27 writes no b=AS for mediaSettings: the line caps the sender itself, through the SDK.
    const kbps = this.options.sdpASBandwidthKbps;
    if (handedOver && kbps) call.setAudioBandwidthEncodingsMaxBps(kbps * 1000);
  }

  /** The core ended the call (it knows): tell Telnyx, signal nothing. */
  #hangup(params: object): void {
    this.#finish();
    void this.call?.hangup(params as never).catch(() => undefined);
  }

  #finish(): void {
    if (this.ended) return;
    this.ended = true;
    if (!this.options.remoteElement) this.element.remove();
    this.host.release(this);
  }
}
