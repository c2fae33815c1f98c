import type { QualitySample } from '../call/quality';
import type { CallEnd, CallMessage } from '../call/types';
import { HandsetError } from '../errors/HandsetError';
import {
  type DialRequest,
  type Line,
  type LineCall,
  type LineDevices,
  type LineEnvironment,
  type LineSignal,
  type LineSignalSink,
  lineCapabilities,
} from '../line/Line';

/** Where reference lines find each other by identity: a provider's cloud, in memory. */
export class ReferenceExchange {
  readonly #lines = new Map<string, ReferenceLine>();
  /** @internal */ join(identity: string, line: ReferenceLine): void {
    this.#lines.set(identity, line);
  }
  /** @internal */ leave(identity: string, line: ReferenceLine): void {
    if (this.#lines.get(identity) === line) this.#lines.delete(identity);
  }
  /** @internal */ find(identity: string): ReferenceLine | undefined {
    return this.#lines.get(identity);
  }
}

export interface ReferenceLineOptions {
  readonly exchange: ReferenceExchange;
  readonly identity: string;
  /** How often each answered call reports a quality sample and levels, ms. Default 100. */
  readonly sampleMs?: number;
}

/**
 * The reference line for a provider SDK that owns its media (Twilio's, Telnyx's): it dials asynchronously,
 * authenticates by token, places calls without a registration, has no client-side hold, sends DTMF by
 * signalling, and reports quality samples and levels as signals. It never asks the core for a microphone:
 * with it, the media kit must stand aside. Its calls are between reference lines on one exchange; there is
 * no audio, only what an SDK would report.
 */
export class ReferenceLine implements Line {
  readonly kind = 'reference';
  readonly capabilities = lineCapabilities({
    options: new Set(['id', 'customHeaders', 'parameters', 'timeoutSecs', 'timeLimitSecs']),
    dtmf: ['info'],
    messages: true,
    feedback: true,
    registrationRequired: false,
    tokens: true,
    media: 'line',
  });
  /** Tokens given by `phone.updateToken()`, device choices given through the media kit, in order. */
  readonly tokens: string[] = [];
  readonly deviceChoices: Array<[kind: string, deviceId: string | null]> = [];
  readonly devices: LineDevices = { select: (kind, deviceId) => void this.deviceChoices.push([kind, deviceId]) };
  readonly #options: ReferenceLineOptions;
  #sink: LineSignalSink | null = null;
  #legs = new Map<string, ReferenceLeg>();

  constructor(options: ReferenceLineOptions) {
    this.#options = options;
  }

  /** The environment's microphone is never asked for: the SDK this line stands for opens its own. */
  start(sink: LineSignalSink, _env: LineEnvironment): void {
    this.#sink = sink;
  }
  register(): void {
    this.#options.exchange.join(this.#options.identity, this);
    queueMicrotask(() => this.signal({ type: 'registration', state: 'registered' }));
  }
  unregister(): void {
    this.#options.exchange.leave(this.#options.identity, this);
    queueMicrotask(() => this.signal({ type: 'registration', state: 'unregistered' }));
  }
  dispose(): void {
    for (const leg of [...this.#legs.values()]) leg.hangup();
    this.#options.exchange.leave(this.#options.identity, this);
    this.#sink = null;
  }
  acceptsDestination(destination: string): boolean {
    return /^[a-z][a-z0-9-]{0,31}$/.test(destination);
  }
  updateToken(token: string): void {
    this.tokens.push(token);
  }
  /** As an SDK's `tokenWillExpire`: the token expires in `inMs`. */
  warnTokenExpiry(inMs: number): void {
    this.signal({ type: 'tokenWillExpire', expiresAt: Date.now() + inMs });
  }

  /** Asynchronous, as `device.connect()`: the leg exists a moment later. */
  async dial(request: DialRequest): Promise<LineCall> {
    await new Promise((resolve) => setTimeout(resolve, 5));
    const leg = this.#leg(request.callId);
    const callee = this.#options.exchange.find(request.destination);
    if (!callee) {
      leg.end({ reason: 'failed', sipCode: 404, message: `No one answers to ${request.destination}.` }, 'remote');
      return leg;
    }
    const far = callee.#leg(`${request.callId}~in`);
    leg.peer = far;
    far.peer = leg;
    callee.signal({ type: 'incoming', callId: far.callId, call: far, from: { number: this.#options.identity }, to: request.destination });
    this.signal({ type: 'ringing', callId: leg.callId, earlyMedia: false });
    return leg;
  }

  /** @internal */ signal(signal: LineSignal): void {
    this.#sink?.(signal);
  }
  #leg(callId: string): ReferenceLeg {
    const leg = new ReferenceLeg(this, callId, this.#options.sampleMs ?? 100, () => this.#legs.delete(callId));
    this.#legs.set(callId, leg);
    return leg;
  }
}

/** One call of a reference line. */
class ReferenceLeg implements LineCall {
  peer: ReferenceLeg | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;
  #muted = false;
  #answered = false;
  #ended = false;

  constructor(
    readonly line: ReferenceLine,
    readonly callId: string,
    readonly sampleMs: number,
    readonly release: () => void,
  ) {}

  accept(): void {
    const peer = this.peer;
    if (!peer || this.#ended) return;
    for (const leg of [this, peer]) {
      leg.#answered = true;
      leg.line.signal({ type: 'answered', callId: leg.callId });
      leg.line.signal({ type: 'connected', callId: leg.callId, codec: 'opus', dtmfPath: 'info' });
      leg.#report();
    }
  }
  reject(sipCode: number): void {
    this.peer?.end({ reason: sipCode === 486 || sipCode === 600 ? 'busy' : 'rejected', sipCode }, 'remote');
    this.end(null);
  }
  ignore(): void {
    this.end(null);
  }
  hangup(): void {
    this.peer?.end({ reason: this.#answered ? 'hangup' : 'cancelled' }, 'remote');
    this.end(null);
  }
  setMuted(muted: boolean): void {
    this.#muted = muted;
  }
  sendDtmf(tone: Parameters<LineCall['sendDtmf']>[0]): void {
    const peer = this.peer;
    if (peer && !peer.#ended) peer.line.signal({ type: 'dtmf', callId: peer.callId, digit: tone });
  }
  sendMessage(message: CallMessage): void {
    const peer = this.peer;
    if (!peer || peer.#ended) {
      this.line.signal({ type: 'error', callId: this.callId, error: new HandsetError('line-error', 'The far side is gone.') });
      return;
    }
    peer.line.signal({ type: 'message', callId: peer.callId, message });
    this.line.signal({ type: 'messageSent', callId: this.callId, message });
  }
  postFeedback(): Promise<void> {
    return Promise.resolve();
  }

  /** Ends this leg; `end` null when the core ended it (it knows), else the signal it is told. */
  end(end: Omit<CallEnd, 'by'> | null, by: 'remote' | 'system' = 'remote'): void {
    if (this.#ended) return;
    this.#ended = true;
    clearInterval(this.#timer);
    this.release();
    if (end) queueMicrotask(() => this.line.signal({ type: 'ended', callId: this.callId, end: { ...end, by } }));
  }

  /** The SDK's samples and levels, as a line that owns its media reports them. */
  #report(): void {
    let packets = 0;
    this.#timer = setInterval(() => {
      packets += 50;
      const level = this.#muted ? 0 : 0.4;
      this.line.signal({ type: 'sample', callId: this.callId, sample: referenceSample(packets, level) });
      this.line.signal({ type: 'levels', callId: this.callId, input: level, output: 0.3 });
    }, this.sampleMs);
  }
}

function referenceSample(packets: number, level: number): QualitySample {
  return {
    audioInputLevel: Math.round(level * 32767),
    audioOutputLevel: 9830,
    bytesReceived: 8000,
    bytesSent: 8000,
    packetsReceived: 50,
    packetsSent: 50,
    packetsLost: 0,
    packetsLostFraction: 0,
    outboundPacketsLostFraction: 0,
    jitter: 2,
    rtt: 20,
    mos: 4.4,
    codecName: 'opus',
    timestamp: Date.now(),
    totals: {
      packetsReceived: packets,
      packetsLost: 0,
      packetsLostFraction: 0,
      packetsSent: packets,
      bytesReceived: packets * 160,
      bytesSent: packets * 160,
    },
  };
}

/** A reference line on an exchange: `createPhone({ line: referenceLine({ exchange, identity: 'alice' }) })`. */
export function referenceLine(options: ReferenceLineOptions): ReferenceLine {
  return new ReferenceLine(options);
}
