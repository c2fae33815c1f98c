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
import { firstAudioCodec, microphoneConstraints, PhaseMachine } from '@handset/core/line-kit';
import type { SandboxTiming } from '../options';
import { endForResponse, reasonPhrases, type SandboxMessage } from '../signalling/messages';
import type { Port } from '../signalling/Port';
import { CallConnection } from './callConnection';
import { type InviteMessage, incomingSignal, inviteFor, terminationFor, withHeaders } from './dialogMessages';
import { InCall } from './inCall';
import { type LegEvent, type LegPhase, legPhases } from './legPhases';
import { Microphone } from './localAudio';

export interface LegHost {
  readonly signal: (signal: LineSignal) => void;
  readonly env: LineEnvironment;
  readonly timing: SandboxTiming;
  /** Play the far side's audio in an element of the leg's own when the call gave no remoteElement. */
  readonly playRemoteAudio: boolean;
  /** The leg has closed: forget it. */
  released(leg: CallLeg): void;
}

/**
 * One sandbox call, the core's `LineCall` for it: the glue between its signalling dialog (a `Port`) and its peer
 * connection (`CallConnection`). It decides no call state; it reports what happened. Its own phases are the
 * `legPhases` table.
 */
export class CallLeg implements LineCall {
  readonly callId: string;
  readonly direction: 'outgoing' | 'incoming';
  readonly #host: LegHost;
  readonly #port: Port;
  readonly #phase = new PhaseMachine<LegPhase, LegEvent>(legPhases, 'new', () => {});
  readonly #mic = new Microphone();
  readonly #inCall: InCall;
  #invite: InviteMessage | null = null;
  #connection: CallConnection | null = null;
  #muted = false;
  /** The far side's candidates that came before its offer was applied. */
  #earlyCandidates: Extract<SandboxMessage, { t: 'candidate' }>[] = [];
  #lookupTimer: ReturnType<typeof setTimeout> | undefined;
  #inbox: Promise<void> = Promise.resolve();

  constructor(host: LegHost, callId: string, direction: 'outgoing' | 'incoming', port: Port) {
    this.#host = host;
    this.callId = callId;
    this.direction = direction;
    this.#port = port;
    this.#inCall = new InCall(callId, port, host.signal);
    // One message at a time, in arrival order: a 200 must not overtake the 183 still being applied.
    port.onMessage((message) => {
      this.#inbox = this.#inbox.then(() => this.#handle(message)).catch((error) => this.#fail(error));
    });
    port.onClose(() => this.#end({ reason: 'failed', sipCode: 480, message: 'The far side went away.' }, 'remote', false));
  }

  get closed(): boolean {
    return this.#phase.phase === 'closed';
  }

  // ---- outgoing ----

  async dial(request: DialRequest, from: string, fromName: string | undefined): Promise<void> {
    this.#phase.send('dial');
    const options = request.options;
    try {
      const audio = microphoneConstraints(options.audio, options.micId);
      const stream = await this.#mic.open(this.#host.env, options.localStream, audio, () => this.closed);
      if (this.closed) return;
      const connection = this.#connect(options.iceServers, options.remoteElement, true);
      connection.addLocalAudio(stream, this.#muted, options.preferredCodecs);
      const sdp = await connection.neg.createOffer();
      if (this.closed) return;
      this.#port.send(inviteFor(this.callId, request, from, fromName, sdp));
      // Nobody said "100 Trying": no one holds that name.
      this.#lookupTimer = setTimeout(() => {
        if (this.#phase.phase !== 'offering') return;
        const message = `404 Not Found: nothing in the sandbox answers to "${request.destination}".`;
        this.#end({ reason: 'failed', sipCode: 404, message }, 'remote', true);
      }, this.#host.timing.lookupTimeoutMs);
    } catch (error) {
      this.#fail(error);
    }
  }

  // ---- incoming ----

  /** A call from another tab: say we are ringing and tell the core. */
  receiveInvite(invite: InviteMessage): void {
    this.#invite = invite;
    this.#phase.send('invite');
    this.#port.send({ t: 'trying', callId: this.callId });
    this.#port.send({ t: 'progress', callId: this.callId, code: 180 });
    this.#host.signal(incomingSignal(invite, this));
  }

  async accept(request: AcceptRequest): Promise<void> {
    const invite = this.#invite;
    if (!invite || !this.#phase.send('accept')) return;
    try {
      const audio = microphoneConstraints(request.audio, request.micId);
      const stream = await this.#mic.open(this.#host.env, request.localStream, audio, () => this.closed);
      if (this.closed) return;
      const connection = this.#connect(request.iceServers, request.remoteElement, false);
      const sdp = await connection.neg.answerOffer(invite.sdp, () => connection.addLocalAudio(stream, this.#muted));
      for (const candidate of this.#earlyCandidates.splice(0)) connection.neg.handle(candidate);
      if (this.closed) return;
      this.#port.send({ t: 'answer', callId: this.callId, sdp, ...withHeaders(request.headers) });
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
    this.#connection?.hold();
  }

  unhold(): void {
    this.#connection?.unhold();
  }

  setMuted(muted: boolean): void {
    this.#muted = muted;
    this.#connection?.setMuted(muted);
  }

  sendDtmf(tone: DtmfTone, durationMs: number): void {
    if (!this.closed) this.#inCall.sendDtmf(this.#connection?.sender, tone, durationMs);
  }

  sendMessage(message: CallMessage): void {
    if (!this.closed) this.#inCall.sendMessage(message);
  }

  sendInfo(mimeType: string, body: string, headers: readonly SipHeader[] = []): void {
    if (!this.closed) this.#inCall.sendInfo(mimeType, body, headers);
  }

  /** Releases everything this leg opened. Idempotent; sends nothing. */
  close(): void {
    if (!this.#phase.send('close')) return;
    clearTimeout(this.#lookupTimer);
    this.#connection?.close();
    this.#connection = null;
    this.#mic.release();
    this.#port.close();
    this.#host.released(this);
  }

  // ---- signalling in ----

  async #handle(message: SandboxMessage): Promise<void> {
    if (this.closed) return;
    const signal = this.#host.signal;
    const callId = this.callId;
    this.#phase.send('heard');
    const awaitingAnswer = this.#phase.phase === 'proceeding' || this.#phase.phase === 'early';
    switch (message.t) {
      case 'trying':
        return;
      case 'progress':
        if (!awaitingAnswer) return;
        if (message.code === 183 && message.sdp) {
          await this.#connection?.neg.applyAnswer(message.sdp);
          if (this.closed) return;
          this.#phase.send('earlyMedia');
          signal({ type: 'ringing', callId, earlyMedia: true });
        } else {
          signal({ type: 'ringing', callId, earlyMedia: false });
        }
        return;
      case 'answer':
        if (!awaitingAnswer) return;
        if (message.sdp) await this.#connection?.neg.applyAnswer(message.sdp);
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
      case 'bye': {
        const said = message.reason ? { message: message.reason } : {};
        this.#end({ reason: 'hangup', ...said, ...withHeaders(message.headers) }, 'remote', false);
        return;
      }
      case 'candidate':
        if (this.#connection) this.#connection.neg.handle(message);
        else this.#earlyCandidates.push(message);
        return;
      case 'sdp':
        this.#connection?.neg.handle(message);
        return;
      case 'info':
      case 'message':
      case 'messageAck':
        this.#inCall.receive(message);
        return;
      case 'invite':
        return; // a re-INVITE travels as `sdp`; a second INVITE for the same dialog is a duplicate
    }
  }

  // ---- media ----

  #connect(iceServers: readonly RTCIceServer[] | undefined, remoteElement: HTMLMediaElement | undefined, caller: boolean): CallConnection {
    const { signal, timing, playRemoteAudio } = this.#host;
    this.#connection = new CallConnection({
      callId: this.callId,
      timing,
      signal,
      send: (message) => this.#port.send(message),
      iceServers,
      caller,
      remoteElement: remoteElement ?? null,
      playRemoteAudio,
      connected: () => this.#phase.phase === 'connected',
      stateChanged: () => this.#connectionChanged(),
      gaveUp: (message) => this.#end({ reason: 'network', message }, 'system', true),
    });
    return this.#connection;
  }

  #answered(): void {
    this.#phase.send('answered');
    this.#connection?.neg.establish();
    this.#connectionChanged();
  }

  #connectionChanged(): void {
    const connection = this.#connection;
    if (!connection || this.closed) return;
    const { pc } = connection;
    if (pc.connectionState === 'failed' && this.#phase.phase !== 'connected') {
      this.#fail(new HandsetError('media-failed', 'ICE failed: the two sides found no network path to each other.'));
      return;
    }
    if (pc.connectionState !== 'connected' || !this.#phase.send('connected')) return;
    connection.watchMedia();
    const codec = firstAudioCodec(pc.currentRemoteDescription?.sdp);
    // DTMF goes as RFC 4733 events in the media (RTCDTMFSender), reported to the far tab by signalling too.
    this.#host.signal({ type: 'connected', callId: this.callId, dtmfPath: 'rfc4733', ...(codec ? { codec } : {}) });
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

  #sendTermination(headers: readonly SipHeader[] = []): void {
    const answered = this.#phase.phase === 'answered' || this.#phase.phase === 'connected';
    this.#port.send(terminationFor(this.callId, this.direction, answered, headers));
  }
}
