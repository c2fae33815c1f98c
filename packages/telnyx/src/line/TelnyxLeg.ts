import {
  type AcceptRequest,
  type CallDirection,
  type DtmfTone,
  HandsetError,
  type LineCall,
  type LineSignal,
  type Party,
  type RecoveryToken,
  type SipHeader,
} from '@handset/core';
import { onPeerConnected, remoteAudioElement } from '@handset/core/line-kit';
import type { Call } from '@telnyx/webrtc';
import { rejection, remoteEnd } from './end';

/** What a leg needs from its line. */
export interface LegHost {
  signal(signal: LineSignal): void;
  /** The microphone the user chose (device choices come to the line). */
  micId(): string | undefined;
  /** The SDK's session id (sessid), for providerIds. */
  sessionId(): string | undefined;
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
  #rang: false | 'ringing' | 'early' = false;
  #recovering = false;
  /** The newest peer connection seen (each re-attach brings a new one), and the one media flows on. */
  #seen: RTCPeerConnection | undefined;
  #peer: RTCPeerConnection | undefined;
  #failure: HandsetError | undefined;

  constructor(
    readonly host: LegHost,
    readonly callId: string,
    readonly direction: CallDirection,
    readonly remote: Party,
    recovered: boolean,
    /** The call's `remoteElement`; without one the leg makes a hidden element of its own (the SDK makes none). */
    readonly given?: HTMLMediaElement,
    /** `sdpASBandwidthKbps`: the audio sender's cap. */
    readonly kbps?: number,
  ) {
    this.#answered = recovered;
    this.element = given ?? remoteAudioElement();
  }

  #tell<T extends Signal['type']>(type: T, payload?: Payload<T>): void {
    if (!this.ended) this.host.signal({ type, callId: this.callId, ...payload } as Signal);
  }

  /** The SDK's latest word on this call (a callUpdate). */
  update(call: SdkCall): void {
    if (this.ended) return;
    this.call = call;
    call.options.remoteElement ??= this.element;
    const ids = { ...call.telnyxIDs, sessionId: this.host.sessionId() } as Record<string, string>;
    for (const name in ids) if (!ids[name]) delete ids[name];
    // Repeated with every update: the core keeps only what is new.
    this.#tell('providerIds', { ids });
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
      this.#tell('ended', {
        end: failure
          ? { reason: 'failed', by: 'system', message: failure.message }
          : { ...remoteEnd(call.causeCode, call.sipCode ?? undefined, this.#answered, this.direction === 'incoming'), by: 'remote' },
      });
      this.#finish();
    }
  }

  /** The far side rings (telnyx_rtc.ringing, which the SDK turns into no callUpdate) or sends early media. */
  rang(early: boolean): void {
    if (this.direction === 'incoming' || this.#answered || this.#rang === 'early' || (this.#rang && !early)) return;
    this.#rang = early ? 'early' : 'ringing';
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
    // The SDK builds the peer connection when answering, from the call's options.
    Object.assign(call?.options ?? {}, {
      audio: request.audio,
      micId: request.micId ?? this.host.micId(),
      remoteElement: this.element,
      ...(request.iceServers && { iceServers: [...request.iceServers] }),
      ...(request.forceRelayCandidate && { forceRelayCandidate: true }),
      ...(request.localStream && { localStream: request.localStream }),
    });
    call?.answer({ customHeaders: headers(request.headers) } as never);
  }

  reject(sipCode: number): void {
    this.#hangup(rejection(sipCode));
  }

  /** The SDK cannot stop alerting without answering the far side: the line forgets the call, and Telnyx ends it when the caller gives up. */
  ignore(): void {
    this.#finish();
  }

  hangup(extra: readonly SipHeader[]): void {
    this.#hangup(extra.length ? { dialogParams: { customHeaders: headers(extra) } } : {});
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
    Promise.resolve(this.call?.[action]()).catch((cause: unknown) =>
      this.#tell(`${action}Failed`, { error: new HandsetError('line-error', undefined, { providerCode: 44001, cause }) }),
    );
  }

  /** Media flows when the SDK's peer connection is connected (ICE and DTLS up); each re-attach brings a new one. */
  #watch(call: SdkCall): void {
    const peer = call.peer?.instance;
    if (!peer || peer === this.#seen) return;
    this.#seen = peer;
    // Telnyx 2.27 writes no b=AS for mediaSettings: the line caps the sender itself, through the SDK.
    if (this.kbps) call.setAudioBandwidthEncodingsMaxBps(this.kbps * 1000);
    // Each re-attach brings a new peer connection: the old one's listener stays and changes nothing.
    onPeerConnected(peer, () => {
      if (this.ended || this.#peer === peer) return;
      this.#peer = peer;
      // A call the SDK re-attached after a reload was built without the line's element: play it there too.
      if (call.remoteStream && this.element.srcObject !== call.remoteStream) this.element.srcObject = call.remoteStream;
      // The kit samples the SDK's peer connection (quality, warnings, levels): each re-attach hands over the new one.
      this.#tell('media', { peerConnection: peer });
      this.#tell('connected', { dtmfPath: 'info' });
    });
  }

  /** The core ended the call (it knows): tell Telnyx, signal nothing. */
  #hangup(params: object): void {
    const { call } = this;
    this.#finish();
    void call?.hangup(params as never).catch(() => undefined);
  }

  #finish(): void {
    if (this.ended) return;
    this.ended = true;
    if (!this.given) this.element.remove();
    this.host.release(this);
  }
}

const headers = (list: readonly SipHeader[]) => list.map(({ name, value }) => ({ name, value }));
