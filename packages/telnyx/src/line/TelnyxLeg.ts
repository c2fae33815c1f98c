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
import type { Call } from '@telnyx/webrtc';
import { rejection, remoteEnd } from './end';
import { sampleConnection } from './quality';

/** What a leg needs from its line. */
export interface LegHost {
  signal(signal: LineSignal): void;
  readonly micId: string | undefined;
  /** The SDK's session id (sessid), for providerIds. */
  sessionId(): string | undefined;
  release(leg: TelnyxLeg): void;
}

/** The parts of the SDK's call object the typings leave out. */
type SdkCall = Call & {
  peer?: { instance?: RTCPeerConnection | null } | null;
  remoteStream?: MediaStream;
  cause?: string;
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
  call: SdkCall | null = null;
  /** `sdpASBandwidthKbps`: the audio sender's cap. */
  bandwidthKbps: number | undefined;
  /** Set once the core or the network ended it; nothing is signalled after. */
  ended = false;
  #answered: boolean;
  #rang: false | 'ringing' | 'early' = false;
  #recovering = false;
  #peer: RTCPeerConnection | null = null;
  readonly #watched = new WeakSet<RTCPeerConnection>();
  #stopSampling?: (() => void) | undefined;
  #ids = '';
  #failure: HandsetError | null = null;

  constructor(
    readonly host: LegHost,
    readonly callId: string,
    readonly direction: CallDirection,
    readonly remote: Party,
    /** The far side plays here: the SDK sets its srcObject and sink (one element per call, never shared). */
    readonly element: HTMLMediaElement,
    readonly ownsElement: boolean,
    recovered: boolean,
  ) {
    this.#answered = recovered;
  }

  #tell<T extends Signal['type']>(type: T, payload?: Payload<T>): void {
    if (!this.ended) this.host.signal({ type, callId: this.callId, ...payload } as Signal);
  }

  /** The SDK's latest word on this call (a callUpdate). */
  update(call: SdkCall): void {
    if (this.ended) return;
    this.call = call;
    call.options.remoteElement ??= this.element;
    this.#providerIds(call);
    const { state } = call;
    if (state === 'early') this.rang(true);
    else if (state === 'active' || state === 'held') {
      if (!this.#answered) this.#tell('answered');
      this.#answered = true;
      if (this.#recovering) this.#tell('reconnected');
      this.#recovering = false;
      this.#watchMedia(call);
    } else if (state === 'recovering') {
      // A socket drop: the SDK hangs this object up locally and re-attaches a new one with the same id.
      if (this.#peer) this.#tell('reconnecting');
      this.#recovering = true;
      this.#stop();
    } else if (state === 'hangup' || ((state === 'destroy' || state === 'purge') && !this.#recovering)) {
      const failure = this.#failure;
      if (failure) this.#tell('error', { error: failure });
      this.#tell('ended', {
        end: failure
          ? { reason: 'failed', by: 'system', message: failure.message }
          : { ...remoteEnd(call.cause, call.sipCode ?? undefined, this.#answered, this.direction === 'incoming'), by: 'remote' },
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
  mediaFailed(providerCode: string | number | undefined, message: string | undefined): void {
    this.#failure ??= new HandsetError('media-failed', message, { providerCode });
  }

  /** Telnyx could not give the call back after a reconnection (48501), or the SDK never re-attached it. */
  lost(error: HandsetError): void {
    this.#tell('ended', { end: { reason: 'network', by: 'system', message: error.message } });
    this.#finish();
  }

  accept(request: AcceptRequest): void {
    const call = this.call;
    // The SDK builds the peer connection when answering, from the call's options.
    Object.assign(call?.options ?? {}, {
      audio: request.audio,
      micId: request.micId ?? this.host.micId,
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
    return this.#answered ? { lineKind: 'telnyx', callId: this.callId, direction: this.direction, remote: this.remote } : undefined;
  }

  setSpeaker(deviceId: string): void {
    void this.call?.setAudioOutDevice?.(deviceId);
  }

  setMicrophone(deviceId: string | null): void {
    if (this.#answered) void this.call?.setAudioInDevice(deviceId ?? 'default').catch(() => undefined);
  }

  #hold(action: 'hold' | 'unhold'): void {
    Promise.resolve(this.call?.[action]()).catch((cause: unknown) =>
      this.#tell(`${action}Failed`, {
        error: new HandsetError('line-error', `Telnyx could not ${action} the call.`, { providerCode: 44001, cause }),
      }),
    );
  }

  /** Media flows when the SDK's peer connection is connected (ICE and DTLS up); each re-attach brings a new one. */
  #watchMedia(call: SdkCall): void {
    const peer = call.peer?.instance;
    if (!peer || this.#watched.has(peer)) return;
    this.#watched.add(peer);
    // Telnyx 2.27 writes no b=AS for mediaSettings: the line caps the sender itself, through the SDK.
    if (this.bandwidthKbps) call.setAudioBandwidthEncodingsMaxBps(this.bandwidthKbps * 1000);
    const connected = () => {
      if (this.ended || peer.connectionState !== 'connected' || this.#peer === peer) return;
      this.#stop();
      this.#peer = peer;
      // A call the SDK re-attached after a reload was built without the line's element: play it there too.
      if (call.remoteStream && this.element.srcObject !== call.remoteStream) this.element.srcObject = call.remoteStream;
      this.#tell('connected', { dtmfPath: 'info' });
      this.#stopSampling = sampleConnection(peer, (signal) => this.#tell(signal.type, signal as never));
    };
    peer.addEventListener('connectionstatechange', connected);
    connected();
  }

  #providerIds(call: SdkCall): void {
    const ids = { ...call.telnyxIDs, sessionId: this.host.sessionId() };
    for (const [name, value] of Object.entries(ids)) if (!value) delete ids[name as keyof typeof ids];
    const key = JSON.stringify(ids);
    if (key !== this.#ids) this.#tell('providerIds', { ids: ids as Record<string, string> });
    this.#ids = key;
  }

  /** The core ended the call (it knows): tell Telnyx, signal nothing. */
  #hangup(params: object): void {
    const call = this.call;
    this.#finish();
    void call?.hangup(params as never).catch(() => undefined);
  }

  #stop(): void {
    this.#stopSampling?.();
    this.#stopSampling = undefined;
    this.#peer = null;
  }

  #finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.#stop();
    if (this.ownsElement) this.element.remove();
    this.host.release(this);
  }
}

const headers = (list: readonly SipHeader[]) => list.map(({ name, value }) => ({ name, value }));
