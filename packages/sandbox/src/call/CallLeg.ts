import {
  type AcceptRequest,
  type CallEnd,
  type CallMessage,
  type DialRequest,
  type DtmfTone,
  HandsetError,
  type LineCall,
  type LineEnvironment,
  type LineSignal,
  type SipHeader,
} from '@handset/core';
import {
  dtmfRelayBody,
  dtmfRelayType,
  firstAudioCodec,
  isHoldOffer,
  mediaRecovery,
  microphoneConstraints,
  namedAudioCodecs,
  PhaseMachine,
  parseDtmfRelay,
  type RecoveryEvent,
  type RecoveryPhase,
} from '@handset/core/line-kit';
import type { SandboxTiming } from '../options';
import { MediaWatch } from '../rtc/MediaWatch';
import { Negotiator } from '../rtc/Negotiator';
import { endForResponse, reasonPhrases, type SandboxMessage } from '../signalling/messages';
import type { Port } from '../signalling/Port';

export interface LegHost {
  readonly signal: (signal: LineSignal) => void;
  readonly env: LineEnvironment;
  readonly timing: SandboxTiming;
  /** Play the far side's audio in an element of the leg's own when the call gave no remoteElement. */
  readonly playRemoteAudio: boolean;
  /** The leg has closed: forget it. */
  released(leg: CallLeg): void;
}

type InviteMessage = Extract<SandboxMessage, { t: 'invite' }>;
type Phase = 'new' | 'offering' | 'early' | 'incoming' | 'answering' | 'answered' | 'closed';

/** How long a hold or unhold re-offer may take before it is reported as failed. */
const renegotiationTimeoutMs = 5000;
/** Gap after each RFC 4733 tone; the core spaces tones itself, this only bounds the sender's buffer. */
const dtmfGapMs = 50;

/**
 * The phone's side of one call: its peer connection, its microphone, and the translation of
 * sandbox signalling into line signals. It decides no call state; it reports what happened.
 */
/** One sandbox call: its signalling dialog and its peer connection. It is the core's `LineCall` for that call. */
export class CallLeg implements LineCall {
  readonly callId: string;
  readonly direction: 'outgoing' | 'incoming';
  #host: LegHost;
  #port: Port;
  #phase: Phase = 'new';
  #invite: InviteMessage | null = null;
  #pc: RTCPeerConnection | null = null;
  #neg: Negotiator | null = null;
  #watch: MediaWatch | null = null;
  #transceiver: RTCRtpTransceiver | null = null;
  #localStream: MediaStream | null = null;
  #ownsLocalStream = false;
  #remoteStream: MediaStream | null = null;
  #remoteElement: HTMLMediaElement | null = null;
  /** The element the leg made to play the far side when the app gave none. */
  #player: HTMLAudioElement | null = null;
  #muted = false;
  #answerSent = false;
  /** The far side has said anything at all (100, 180, 183, 200, 4xx). */
  #heard = false;
  #connected = false;
  #remoteHeld = false;
  /** Media recovery by the line kit's table: up, down (restarting ICE), restarted (waiting for packets), gone. */
  readonly #recovery = new PhaseMachine<RecoveryPhase, RecoveryEvent>(mediaRecovery, 'up', (to) => this.#recoveryMoved(to));
  /** When the current recovery's restart completed: media counts as back with packets after it. */
  #restartSettledAt: number | null = null;
  #earlyCandidates: Extract<SandboxMessage, { t: 'candidate' }>[] = [];
  #sentMessages = new Map<string, CallMessage>();
  #settledWaiters = new Set<() => void>();
  #timers = new Set<ReturnType<typeof setTimeout>>();
  #restartTimer: ReturnType<typeof setInterval> | undefined;
  #reconnectDeadline: ReturnType<typeof setTimeout> | undefined;
  #listeners = new AbortController();
  #inbox: Promise<void> = Promise.resolve();

  constructor(host: LegHost, callId: string, direction: 'outgoing' | 'incoming', port: Port) {
    this.#host = host;
    this.callId = callId;
    this.direction = direction;
    this.#port = port;
    // One message at a time, in arrival order: a 200 must not overtake the 183 still being applied.
    port.onMessage((message) => {
      this.#inbox = this.#inbox.then(() => this.#handle(message)).catch((error) => this.#fail(error));
    });
    port.onClose(() => this.#end({ reason: 'failed', sipCode: 480, message: 'The far side went away.' }, 'remote', false));
  }

  get closed(): boolean {
    return this.#phase === 'closed';
  }

  // ---- outgoing ----

  async dial(request: DialRequest, from: string, fromName: string | undefined): Promise<void> {
    this.#phase = 'offering';
    const options = request.options;
    try {
      this.#remoteElement = options.remoteElement ?? null;
      const stream = await this.#openMic(options.localStream, microphoneConstraints(options.audio, options.micId));
      if (this.closed) return;
      const neg = this.#createConnection(options.iceServers, true);
      this.#addLocalAudio(stream, options.preferredCodecs);
      const sdp = await neg.createOffer();
      if (this.closed) return;
      this.#port.send({
        t: 'invite',
        callId: this.callId,
        from,
        ...(fromName ? { fromName } : {}),
        to: request.destination,
        sdp,
        headers: request.headers,
        ...(options.parameters ? { parameters: options.parameters } : {}),
        ...(options.customData === undefined ? {} : { customData: options.customData }),
      });
      // Nobody said "100 Trying": no one holds that name.
      this.#after(this.#host.timing.lookupTimeoutMs, () => {
        if (!this.#heard)
          this.#end(
            { reason: 'failed', sipCode: 404, message: `404 Not Found: nothing in the sandbox answers to "${request.destination}".` },
            'remote',
            true,
          );
      });
    } catch (error) {
      this.#fail(error);
    }
  }

  // ---- incoming ----

  /** A call from another tab: say we are ringing and tell the core. */
  receiveInvite(invite: InviteMessage): void {
    this.#invite = invite;
    this.#phase = 'incoming';
    this.#port.send({ t: 'trying', callId: this.callId });
    this.#port.send({ t: 'progress', callId: this.callId, code: 180 });
    this.#host.signal({
      type: 'incoming',
      callId: this.callId,
      call: this,
      from: { number: invite.from, ...(invite.fromName ? { name: invite.fromName } : {}) },
      to: invite.to,
      headers: invite.headers,
      ...(invite.parameters ? { customParameters: invite.parameters } : {}),
      ...(invite.customData === undefined ? {} : { customData: invite.customData }),
    });
  }

  async accept(request: AcceptRequest): Promise<void> {
    const invite = this.#invite;
    if (this.#phase !== 'incoming' || !invite) return;
    this.#phase = 'answering';
    this.#remoteElement = request.remoteElement ?? null;
    try {
      const stream = await this.#openMic(request.localStream, microphoneConstraints(request.audio, request.micId));
      if (this.closed) return;
      const neg = this.#createConnection(request.iceServers, false);
      const sdp = await neg.answerOffer(invite.sdp, () => this.#addLocalAudio(stream));
      for (const candidate of this.#earlyCandidates.splice(0)) neg.handle(candidate);
      if (this.closed) return;
      this.#port.send({ t: 'answer', callId: this.callId, sdp, ...withHeaders(request.headers) });
      this.#answerSent = true;
      this.#answered();
    } catch (error) {
      this.#fail(error);
    }
  }

  reject(sipCode: number, headers: readonly SipHeader[] = []): void {
    if (this.closed) return;
    const reason = reasonPhrases[sipCode] ?? 'Rejected';
    this.#port.send({ t: 'reject', callId: this.callId, code: sipCode, reason, ...withHeaders(headers) });
    this.close();
  }

  /** Stops alerting here only; the caller rings on until it gives up. */
  ignore(): void {
    this.close();
  }

  // ---- both ----

  hangup(headers: readonly SipHeader[] = []): void {
    if (this.closed) return;
    this.#sendTermination(headers);
    this.close();
  }

  hold(): void {
    void this.#setDirection('inactive', 'holdFailed');
  }

  unhold(): void {
    void this.#setDirection('sendrecv', 'unholdFailed');
  }

  setMuted(muted: boolean): void {
    this.#muted = muted;
    const track = this.#transceiver?.sender.track;
    if (track) track.enabled = !muted;
  }

  /** One tone as RFC 4733 events on the media path, and as an INFO through the signalling. */
  sendDtmf(tone: DtmfTone, durationMs: number): void {
    if (this.closed) return;
    const dtmf = this.#transceiver?.sender.dtmf;
    if (dtmf?.canInsertDTMF) dtmf.insertDTMF(tone, Math.max(40, Math.min(6000, durationMs)), dtmfGapMs);
    this.#port.send({ t: 'info', callId: this.callId, mimeType: dtmfRelayType, body: dtmfRelayBody(tone, durationMs) });
  }

  sendMessage(message: CallMessage): void {
    if (this.closed) return;
    const id = message.id ?? `${this.callId}-${this.#sentMessages.size}`;
    this.#sentMessages.set(id, message);
    this.#port.send({ t: 'message', callId: this.callId, message: { ...message, id } });
  }

  sendInfo(mimeType: string, body: string, headers: readonly SipHeader[] = []): void {
    if (!this.closed) this.#port.send({ t: 'info', callId: this.callId, mimeType, body, headers });
  }

  /** Releases everything this leg opened. Idempotent; sends nothing. */
  close(): void {
    if (this.closed) return;
    this.#phase = 'closed';
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    clearInterval(this.#restartTimer);
    clearTimeout(this.#reconnectDeadline);
    this.#listeners.abort();
    this.#watch?.stop();
    this.#neg?.close();
    this.#pc?.close();
    if (this.#ownsLocalStream) for (const track of this.#localStream?.getTracks() ?? []) track.stop();
    for (const track of this.#remoteStream?.getTracks() ?? []) track.stop();
    if (this.#remoteElement && this.#remoteElement.srcObject === this.#remoteStream) this.#remoteElement.srcObject = null;
    if (this.#player) this.#player.srcObject = null;
    this.#player = null;
    for (const wake of this.#settledWaiters) wake();
    this.#settledWaiters.clear();
    this.#sentMessages.clear();
    this.#earlyCandidates = [];
    this.#port.close();
    this.#pc = null;
    this.#neg = null;
    this.#watch = null;
    this.#transceiver = null;
    this.#localStream = null;
    this.#remoteStream = null;
    this.#remoteElement = null;
    this.#host.released(this);
  }

  // ---- signalling in ----

  async #handle(message: SandboxMessage): Promise<void> {
    if (this.closed) return;
    const signal = this.#host.signal;
    const callId = this.callId;
    this.#heard = true;
    switch (message.t) {
      case 'trying':
        return;
      case 'progress':
        if (this.#phase !== 'offering' && this.#phase !== 'early') return;
        if (message.code === 183 && message.sdp) {
          await this.#neg?.applyAnswer(message.sdp);
          if (this.closed) return;
          this.#phase = 'early';
          signal({ type: 'ringing', callId, earlyMedia: true });
        } else {
          signal({ type: 'ringing', callId, earlyMedia: false });
        }
        return;
      case 'answer':
        if (this.#phase !== 'offering' && this.#phase !== 'early') return;
        if (message.sdp) await this.#neg?.applyAnswer(message.sdp);
        if (this.closed) return;
        signal({ type: 'answered', callId, ...withHeaders(message.headers) });
        this.#answered();
        return;
      case 'reject':
        this.#end({ ...endForResponse(message.code, message.reason), ...withHeaders(message.headers) }, 'remote', false);
        return;
      case 'cancel':
        this.#end({ reason: 'cancelled', ...withHeaders(message.headers) }, 'remote', false);
        return;
      case 'bye':
        this.#end(
          { reason: 'hangup', ...(message.reason ? { message: message.reason } : {}), ...withHeaders(message.headers) },
          'remote',
          false,
        );
        return;
      case 'candidate':
        if (this.#neg) this.#neg.handle(message);
        else this.#earlyCandidates.push(message);
        return;
      case 'sdp':
        this.#neg?.handle(message);
        return;
      case 'info': {
        const digit = message.mimeType === dtmfRelayType ? parseDtmfRelay(message.body) : null;
        if (digit) signal({ type: 'dtmf', callId, digit });
        else signal({ type: 'info', callId, mimeType: message.mimeType, body: message.body, headers: message.headers ?? [] });
        return;
      }
      case 'message':
        signal({ type: 'message', callId, message: message.message });
        if (message.message.id) this.#port.send({ t: 'messageAck', callId, id: message.message.id });
        return;
      case 'messageAck': {
        const sent = this.#sentMessages.get(message.id);
        if (!sent) return;
        this.#sentMessages.delete(message.id);
        signal({ type: 'messageSent', callId, message: sent });
        return;
      }
      case 'invite':
        return; // a re-INVITE travels as `sdp`; a second INVITE for the same dialog is a duplicate
    }
  }

  // ---- media ----

  async #openMic(given: MediaStream | undefined, audio: boolean | MediaTrackConstraints): Promise<MediaStream> {
    if (given) {
      this.#localStream = given;
      return given;
    }
    const stream = await this.#host.env.getLocalStream({ audio });
    if (this.closed) {
      for (const track of stream.getTracks()) track.stop(); // hung up while the microphone was opening
      return stream;
    }
    this.#localStream = stream;
    this.#ownsLocalStream = true;
    return stream;
  }

  #createConnection(iceServers: readonly RTCIceServer[] | undefined, caller: boolean): Negotiator {
    const pc = new RTCPeerConnection(iceServers ? { iceServers: [...iceServers] } : {});
    this.#pc = pc;
    const signal = { signal: this.#listeners.signal };
    const neg = new Negotiator(pc, this.callId, !caller, (message) => this.#port.send(message), {
      remoteOffer: (description) => this.#remoteOffer(description),
      settled: () => this.#settled(),
      failed: () => {}, // a failed re-offer shows up as a hold timeout or a lost connection
    });
    this.#neg = neg;
    pc.addEventListener(
      'track',
      (event) => {
        const stream = event.streams[0] ?? new MediaStream([event.track]);
        this.#remoteStream = stream;
        this.#play(stream);
        this.#host.signal({ type: 'media', callId: this.callId, remoteStream: stream });
      },
      signal,
    );
    pc.addEventListener('connectionstatechange', () => this.#connectionChanged(), signal);
    this.#watch = new MediaWatch(
      pc,
      { intervalMs: 500, stallMs: this.#host.timing.stallMs },
      () => this.#expectingInbound(),
      (health) => this.#health(health),
    );
    return neg;
  }

  /** Plays the far side: in the app's element, else in one of our own (a softphone you cannot hear is no use). */
  #play(stream: MediaStream): void {
    if (this.#remoteElement) {
      // An element without autoplay would hold the stream and stay silent: start it (a media kit playing it too is harmless).
      if (this.#remoteElement.srcObject !== stream) this.#remoteElement.srcObject = stream;
      void this.#remoteElement.play().catch(() => {});
      return;
    }
    if (!this.#host.playRemoteAudio || typeof Audio !== 'function') return;
    this.#player ??= new Audio();
    this.#player.srcObject = stream;
    // Autoplay may refuse without a user gesture; the app can still play call.getRemoteStream() itself.
    void this.#player.play().catch(() => {});
  }

  #addLocalAudio(stream: MediaStream, preferredCodecs?: readonly string[]): void {
    const pc = this.#pc as RTCPeerConnection;
    const track = stream.getAudioTracks()[0];
    if (!track) throw new HandsetError('invalid-option', 'The local stream has no audio track: give a localStream with one, or none.');
    track.enabled = !this.#muted;
    const sender = pc.addTrack(track, stream);
    this.#transceiver = pc.getTransceivers().find((t) => t.sender === sender) ?? null;
    if (preferredCodecs?.length) preferCodecs(this.#transceiver, preferredCodecs);
    this.#host.signal({ type: 'media', callId: this.callId, peerConnection: pc, localStream: stream });
  }

  #answered(): void {
    this.#phase = 'answered';
    this.#neg?.establish();
    this.#connectionChanged();
  }

  #connectionChanged(): void {
    const pc = this.#pc;
    if (!pc || this.closed) return;
    if (pc.connectionState === 'failed' && !this.#connected) {
      this.#fail(new HandsetError('media-failed', 'ICE failed: the two sides found no network path to each other.'));
      return;
    }
    if (this.#phase !== 'answered' || this.#connected || pc.connectionState !== 'connected') return;
    this.#connected = true;
    this.#watch?.start();
    const codec = firstAudioCodec(pc.currentRemoteDescription?.sdp);
    // DTMF goes as RFC 4733 events in the media (RTCDTMFSender), reported to the far tab by signalling too.
    this.#host.signal({ type: 'connected', callId: this.callId, dtmfPath: 'rfc4733', ...(codec ? { codec } : {}) });
  }

  /** Inbound audio should flow: the negotiated direction includes receiving. */
  #expectingInbound(): boolean {
    const direction = this.#transceiver?.currentDirection;
    return this.#connected && (direction === 'sendrecv' || direction === 'recvonly');
  }

  #remoteOffer(description: RTCSessionDescriptionInit): void {
    const held = isHoldOffer(description.sdp ?? '');
    if (held === this.#remoteHeld) return;
    this.#remoteHeld = held;
    this.#host.signal({ type: 'remoteHold', callId: this.callId, held });
  }

  #settled(): void {
    if (this.#recovery.phase === 'up') this.#watch?.resetClock();
    else if (this.#recovery.send('settled')) this.#restartSettledAt = performance.now();
    for (const wake of this.#settledWaiters) wake();
  }

  async #setDirection(direction: RTCRtpTransceiverDirection, failure: 'holdFailed' | 'unholdFailed'): Promise<void> {
    const transceiver = this.#transceiver;
    const neg = this.#neg;
    if (!transceiver || !neg || this.closed) return;
    const previous = transceiver.direction;
    const before = neg.settledCount;
    transceiver.direction = direction; // fires negotiationneeded: the re-INVITE
    this.#watch?.resetClock();
    const settled = await this.#whenSettled(() => neg.settledCount > before && neg.pc.signalingState === 'stable', renegotiationTimeoutMs);
    if (settled || this.closed) return;
    transceiver.direction = previous;
    this.#host.signal({
      type: failure,
      callId: this.callId,
      error: new HandsetError(
        'call-failed',
        `The far side did not answer the ${failure === 'holdFailed' ? 'hold' : 'unhold'} re-offer in time.`,
      ),
    });
  }

  #whenSettled(done: () => boolean, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (!done() && !this.closed) return;
        finish(done());
      };
      const finish = (result: boolean): void => {
        this.#settledWaiters.delete(check);
        clearTimeout(timer);
        this.#timers.delete(timer);
        resolve(result);
      };
      const timer = this.#after(timeoutMs, () => finish(false));
      this.#settledWaiters.add(check);
    });
  }

  // ---- lost connection ----

  #health(health: 'up' | 'down'): void {
    if (this.closed) return;
    if (health === 'down') {
      this.#recovery.send('lost');
      return;
    }
    // Back only with a restart completed and, where audio should come in, a packet since.
    const settledAt = this.#restartSettledAt;
    if (settledAt !== null && (!this.#expectingInbound() || (this.#watch?.lastPacketAt ?? -1) > settledAt)) this.#recovery.send('flowing');
  }

  /** The effects of each move of the media recovery (its table is the line kit's `mediaRecovery`). */
  #recoveryMoved(to: RecoveryPhase): void {
    const timing = this.#host.timing;
    if (to === 'down') {
      this.#restartSettledAt = null;
      this.#host.signal({
        type: 'reconnecting',
        callId: this.callId,
        error: new HandsetError('media-failed', 'The media connection was lost; reconnecting with an ICE restart.'),
      });
      // Restarts repeat while none completes: an offer lost on the way is sent again.
      const restart = (): void => {
        if (this.#recovery.phase === 'down') void this.#neg?.restartIce();
      };
      restart();
      this.#restartTimer = setInterval(restart, timing.restartEveryMs);
      this.#reconnectDeadline = this.#after(timing.reconnectTimeoutMs, () => this.#recovery.send('expired'));
      return;
    }
    if (to === 'restarted') return;
    clearInterval(this.#restartTimer);
    clearTimeout(this.#reconnectDeadline);
    this.#restartSettledAt = null;
    if (to === 'up') this.#host.signal({ type: 'reconnected', callId: this.callId });
    else {
      const message = `The connection was lost and not restored within ${Math.round(timing.reconnectTimeoutMs / 1000)} s.`;
      this.#end({ reason: 'network', message }, 'system', true);
    }
  }

  // ---- ending ----

  #fail(error: unknown): void {
    if (this.closed) return;
    const handsetError =
      error instanceof HandsetError
        ? error
        : new HandsetError('call-failed', `The sandbox could not set up the call: ${String(error)}`, { cause: error });
    this.#host.signal({ type: 'error', callId: this.callId, error: handsetError });
    this.#end({ reason: 'failed', message: handsetError.message }, 'system', true);
  }

  /** Ends the call from this side's knowledge: tells the core, optionally the far side, and releases everything. */
  #end(end: Omit<CallEnd, 'by'>, by: 'remote' | 'system', tellFarSide: boolean): void {
    if (this.closed) return;
    if (tellFarSide) this.#sendTermination();
    this.close();
    this.#host.signal({ type: 'ended', callId: this.callId, end: { ...end, by } });
  }

  /** CANCEL before an answer, BYE after; a callee that never answered declines with 480. */
  #sendTermination(headers: readonly SipHeader[] = []): void {
    const callId = this.callId;
    const extra = withHeaders(headers);
    if (this.direction === 'outgoing')
      this.#port.send(this.#phase === 'answered' ? { t: 'bye', callId, ...extra } : { t: 'cancel', callId, ...extra });
    else if (this.#answerSent) this.#port.send({ t: 'bye', callId, ...extra });
    else this.#port.send({ t: 'reject', callId, code: 480, reason: 'Temporarily Unavailable', ...extra });
  }

  #after(ms: number, run: () => void): ReturnType<typeof setTimeout> {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      run();
    }, ms);
    this.#timers.add(timer);
    return timer;
  }
}

/** Reorders the transceiver's codecs so the named ones come first (setCodecPreferences). */
function preferCodecs(transceiver: RTCRtpTransceiver | null, names: readonly string[]): void {
  const codecs = globalThis.RTCRtpReceiver?.getCapabilities?.('audio')?.codecs;
  if (!transceiver || !codecs || typeof transceiver.setCodecPreferences !== 'function') return;
  const named = namedAudioCodecs(names, codecs);
  transceiver.setCodecPreferences([...named, ...codecs.filter((codec) => !named.includes(codec))]);
}

/** Headers as an optional message field: left out when there are none. */
function withHeaders(headers: readonly SipHeader[] | undefined): { headers?: readonly SipHeader[] } {
  return headers && headers.length > 0 ? { headers } : {};
}
