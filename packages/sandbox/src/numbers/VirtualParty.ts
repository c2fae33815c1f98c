import type { CallMessage } from '@handset/core';
import { dtmfRelayType, parseDtmfRelay } from '@handset/core/line-kit';
import type { ToneOutput } from '../media/tones';
import type { SandboxTiming } from '../options';
import { Negotiator } from '../rtc/Negotiator';
import { reasonPhrases, type SandboxMessage } from '../signalling/messages';
import type { Port } from '../signalling/Port';

type InviteMessage = Extract<SandboxMessage, { t: 'invite' }>;

/** What a built-in number does with a call, given its far end. */
export type NumberScript = (party: VirtualParty) => void;

export interface PartyHooks {
  /** A DTMF digit arrived (as an INFO, the way a SIP server reports it). */
  digit?(digit: string): void;
  /** An in-call message arrived (already acknowledged). */
  message?(message: CallMessage): void;
  /** Return false to drop a message before the party sees it (a party that lost its network). */
  filter?(message: SandboxMessage): boolean;
}

/**
 * The far end of a call to a built-in number: a second RTCPeerConnection in the page,
 * fed by a Web Audio graph (tones, or the caller's own voice delayed). It speaks the same
 * signalling as another tab would, so the phone's side cannot tell the difference.
 */
export class VirtualParty implements ToneOutput {
  readonly callId: string;
  readonly invite: InviteMessage;
  readonly timing: SandboxTiming;
  hooks: PartyHooks = {};
  #port: Port;
  #pc: RTCPeerConnection | null = null;
  #neg: Negotiator | null = null;
  #sender: RTCRtpSender | null = null;
  #context: AudioContext | null = null;
  #output: MediaStreamAudioDestinationNode | null = null;
  #nodes = new Set<AudioNode>();
  #remote: Promise<MediaStream> | null = null;
  #decoder: HTMLAudioElement | null = null;
  #answerSdp: string | null = null;
  #answered = false;
  #disposed = false;
  #timers = new Set<ReturnType<typeof setTimeout>>();
  #listeners = new AbortController();
  #earlyCandidates: Extract<SandboxMessage, { t: 'candidate' }>[] = [];

  constructor(port: Port, invite: InviteMessage, timing: SandboxTiming) {
    this.#port = port;
    this.invite = invite;
    this.callId = invite.callId;
    this.timing = timing;
    port.onMessage((message) => this.#receive(message));
    port.onClose(() => this.dispose());
    this.send({ t: 'trying', callId: this.callId });
  }

  get disposed(): boolean {
    return this.#disposed;
  }
  get context(): AudioContext {
    return this.#audio().context;
  }
  get destination(): AudioNode {
    return this.#audio().output;
  }
  get peerConnection(): RTCPeerConnection | null {
    return this.#pc;
  }
  track(node: AudioNode): void {
    this.#nodes.add(node);
  }
  untrack(node: AudioNode): void {
    this.#nodes.delete(node);
  }

  send(message: SandboxMessage): void {
    if (!this.#disposed) this.#port.send(message);
  }

  // ---- the SIP-like script steps ----

  ring(): void {
    this.send({ t: 'progress', callId: this.callId, code: 180 });
  }

  /** 183 Session Progress with the answer: the caller hears what this party plays before the answer. */
  async earlyMedia(): Promise<void> {
    const sdp = await this.#prepareMedia();
    if (sdp !== null) this.send({ t: 'progress', callId: this.callId, code: 183, sdp });
  }

  /** 200 OK (with the answer, unless a 183 carried it). */
  async answer(): Promise<void> {
    const early = this.#answerSdp !== null;
    const sdp = await this.#prepareMedia();
    if (sdp === null || this.#disposed) return;
    this.#answered = true;
    this.#neg?.establish();
    this.send({ t: 'answer', callId: this.callId, ...(early ? {} : { sdp }) });
  }

  /** A final failure response, then the party is gone. */
  reject(code: number): void {
    this.send({ t: 'reject', callId: this.callId, code, reason: reasonPhrases[code] ?? 'Rejected' });
    this.dispose();
  }

  hangup(): void {
    this.send({ t: 'bye', callId: this.callId });
    this.dispose();
  }

  /** Sends an in-call message to the caller. */
  message(message: CallMessage): void {
    this.send({ t: 'message', callId: this.callId, message });
  }

  /** The caller's audio as it arrives here. */
  remoteStream(): Promise<MediaStream> {
    if (!this.#remote) throw new Error('VirtualParty: media is not prepared yet.');
    return this.#remote;
  }

  /** Stops or resumes sending RTP, as a party whose network vanished would. */
  async setSending(sending: boolean): Promise<void> {
    const sender = this.#sender;
    if (!sender || this.#disposed) return;
    const parameters = sender.getParameters();
    for (const encoding of parameters.encodings) encoding.active = sending;
    await sender.setParameters(parameters).catch(() => {});
  }

  after(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (!this.#disposed) run();
    }, ms);
    this.#timers.add(timer);
  }

  /** Releases the connection, the audio graph and every timer. Idempotent. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#listeners.abort();
    this.#neg?.close();
    for (const receiver of this.#pc?.getReceivers() ?? []) receiver.track.stop();
    this.#pc?.close();
    for (const node of this.#nodes) {
      if (node instanceof AudioScheduledSourceNode) node.onended = null;
      node.disconnect();
    }
    this.#nodes.clear();
    for (const track of this.#output?.stream.getTracks() ?? []) track.stop();
    this.#output?.disconnect();
    if (this.#decoder) this.#decoder.srcObject = null;
    this.#decoder = null;
    void this.#context?.close().catch(() => {});
    this.#port.close();
    this.#pc = null;
    this.#neg = null;
    this.#sender = null;
    this.#output = null;
    this.#earlyCandidates = [];
  }

  // ---- machinery ----

  #audio(): { context: AudioContext; output: MediaStreamAudioDestinationNode } {
    if (!this.#context || !this.#output) {
      this.#context = new AudioContext();
      this.#output = this.#context.createMediaStreamDestination();
      // Autoplay policy may start the context suspended; a call follows a click, so this usually succeeds.
      void this.#context.resume().catch(() => {});
    }
    return { context: this.#context, output: this.#output };
  }

  /** Creates the connection, applies the INVITE's offer and returns the answer (once). */
  async #prepareMedia(): Promise<string | null> {
    if (this.#disposed) return null;
    if (this.#answerSdp !== null) return this.#answerSdp;
    const { output } = this.#audio();
    const pc = new RTCPeerConnection();
    this.#pc = pc;
    let gotRemote!: (stream: MediaStream) => void;
    this.#remote = new Promise((resolve) => (gotRemote = resolve));
    pc.addEventListener(
      'track',
      (event) => {
        const stream = event.streams[0] ?? new MediaStream([event.track]);
        // Chromium decodes received audio only while a media element plays it; a muted one is enough.
        if (typeof Audio === 'function') {
          this.#decoder = new Audio();
          this.#decoder.muted = true;
          this.#decoder.srcObject = stream;
          void this.#decoder.play().catch(() => {});
        }
        gotRemote(stream);
      },
      { signal: this.#listeners.signal },
    );
    const neg = new Negotiator(pc, this.callId, true, (message) => this.send(message));
    this.#neg = neg;
    const track = output.stream.getAudioTracks()[0] as MediaStreamTrack;
    const sdp = await neg.answerOffer(this.invite.sdp, () => {
      this.#sender = pc.addTrack(track, output.stream);
    });
    for (const candidate of this.#earlyCandidates.splice(0)) neg.handle(candidate);
    if (this.#disposed) return null;
    this.#answerSdp = sdp;
    return sdp;
  }

  #receive(message: SandboxMessage): void {
    if (this.#disposed || this.hooks.filter?.(message) === false) return;
    switch (message.t) {
      case 'cancel':
      case 'bye':
        this.dispose();
        return;
      case 'candidate':
        if (this.#neg) this.#neg.handle(message);
        else this.#earlyCandidates.push(message);
        return;
      case 'sdp':
        if (this.#answered) this.#neg?.handle(message);
        return;
      case 'info':
        if (message.mimeType === dtmfRelayType) {
          const digit = parseDtmfRelay(message.body);
          if (digit) this.hooks.digit?.(digit);
        }
        return;
      case 'message':
        if (message.message.id) this.send({ t: 'messageAck', callId: this.callId, id: message.message.id });
        this.hooks.message?.(message.message);
        return;
      default:
        return;
    }
  }
}
