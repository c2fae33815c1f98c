import type { SandboxMessage } from '../signalling/messages';

export interface NegotiatorEvents {
  /** A remote re-offer was applied (before our answer goes out). */
  remoteOffer?(description: RTCSessionDescriptionInit): void;
  /** An answer was applied, either way: the renegotiation finished. */
  settled?(): void;
  /** A renegotiation step failed. */
  failed?(error: unknown): void;
}

/**
 * Offer/answer and trickle ICE for one peer connection over the sandbox signalling.
 * The first exchange is explicit (INVITE, 183/200); after `establish()`, renegotiation is the
 * "perfect negotiation" pattern: either side may re-offer (hold, ICE restart), the callee is
 * polite and yields on glare. Candidates that arrive before a remote description are buffered.
 */
export class Negotiator {
  readonly pc: RTCPeerConnection;
  #send: (message: SandboxMessage) => void;
  #callId: string;
  #polite: boolean;
  #events: NegotiatorEvents;
  #established = false;
  #makingOffer = false;
  #pendingCandidates: RTCIceCandidateInit[] = [];
  #queue: Promise<void> = Promise.resolve();
  #abort = new AbortController();
  /** Answers applied either way since the start; lets callers wait for "their" renegotiation. */
  settledCount = 0;

  constructor(
    pc: RTCPeerConnection,
    callId: string,
    polite: boolean,
    send: (message: SandboxMessage) => void,
    events: NegotiatorEvents = {},
  ) {
    this.pc = pc;
    this.#callId = callId;
    this.#polite = polite;
    this.#send = send;
    this.#events = events;
    const signal = this.#abort.signal;
    pc.addEventListener(
      'icecandidate',
      (event) => {
        if (event.candidate) this.#send({ t: 'candidate', callId, candidate: event.candidate.toJSON() });
      },
      { signal },
    );
    pc.addEventListener('negotiationneeded', () => void this.#renegotiate(), { signal });
  }

  get established(): boolean {
    return this.#established;
  }

  /** The INVITE's offer. */
  async createOffer(): Promise<string> {
    await this.pc.setLocalDescription();
    return this.pc.localDescription?.sdp ?? '';
  }

  /** Applies the answer from a 183 or 200 (once). */
  applyAnswer(sdp: string): Promise<void> {
    return this.#serial(async () => {
      if (this.pc.signalingState !== 'have-local-offer') return;
      await this.pc.setRemoteDescription({ type: 'answer', sdp });
      await this.#flushCandidates();
    });
  }

  /** Callee side: applies the INVITE's offer, lets `prepare` attach local media, returns the answer. */
  answerOffer(sdp: string, prepare: () => void): Promise<string> {
    return this.#serial(async () => {
      await this.pc.setRemoteDescription({ type: 'offer', sdp });
      await this.#flushCandidates();
      prepare();
      await this.pc.setLocalDescription();
      return this.pc.localDescription?.sdp ?? '';
    });
  }

  /** From now on either side may renegotiate. */
  establish(): void {
    this.#established = true;
  }

  /** Takes this dialog's `sdp` and `candidate` messages. */
  handle(message: Extract<SandboxMessage, { t: 'sdp' | 'candidate' }>): void {
    if (message.t === 'candidate') {
      void this.#serial(() => this.#addCandidate(message.candidate));
      return;
    }
    void this.#serial(() => this.#applyDescription(message.description)).catch((error) => this.#events.failed?.(error));
  }

  /** Starts an ICE restart; a pending unanswered offer is rolled back first. */
  restartIce(): Promise<void> {
    return this.#serial(async () => {
      if (this.pc.signalingState === 'closed') return;
      if (this.pc.signalingState === 'have-local-offer') await this.pc.setLocalDescription({ type: 'rollback' });
      this.pc.restartIce();
    });
  }

  close(): void {
    this.#abort.abort();
    this.#pendingCandidates = [];
  }

  async #renegotiate(): Promise<void> {
    if (!this.#established || this.pc.signalingState !== 'stable') return;
    try {
      this.#makingOffer = true;
      await this.pc.setLocalDescription();
      const description = this.pc.localDescription;
      if (description) this.#send({ t: 'sdp', callId: this.#callId, description: description.toJSON() });
    } catch (error) {
      if ((this.pc.signalingState as RTCSignalingState) !== 'closed') this.#events.failed?.(error);
    } finally {
      this.#makingOffer = false;
    }
  }

  async #applyDescription(description: RTCSessionDescriptionInit): Promise<void> {
    if (this.pc.signalingState === 'closed') return;
    const collision = description.type === 'offer' && (this.#makingOffer || this.pc.signalingState !== 'stable');
    if (collision && !this.#polite) return; // the impolite side keeps its own offer
    // An answer to an offer we have since rolled back (an ICE restart tried again) is stale.
    if (description.type === 'answer' && this.pc.signalingState !== 'have-local-offer') return;
    await this.pc.setRemoteDescription(description); // rolls our own offer back when polite
    await this.#flushCandidates();
    if (description.type === 'offer') {
      this.#events.remoteOffer?.(description);
      await this.pc.setLocalDescription();
      const answer = this.pc.localDescription;
      if (answer) this.#send({ t: 'sdp', callId: this.#callId, description: answer.toJSON() });
    }
    this.settledCount++;
    this.#events.settled?.();
  }

  async #addCandidate(candidate: RTCIceCandidateInit | null): Promise<void> {
    if (candidate === null || this.pc.signalingState === 'closed') return;
    if (!this.pc.remoteDescription) {
      this.#pendingCandidates.push(candidate);
      return;
    }
    // Candidates of an offer ignored on glare, or of an old ICE generation, may fail: harmless.
    await this.pc.addIceCandidate(candidate).catch(() => {});
  }

  async #flushCandidates(): Promise<void> {
    const pending = this.#pendingCandidates;
    this.#pendingCandidates = [];
    for (const candidate of pending) await this.pc.addIceCandidate(candidate).catch(() => {});
  }

  /** Runs steps one after another so that no two descriptions are applied at once. */
  #serial<T>(step: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(step);
    this.#queue = run.then(
      () => {},
      () => {},
    );
    return run;
  }
}
