import type { CallFeedback } from '../call/types';
import type { HandsetError } from '../errors/HandsetError';
import {
  type AcceptRequest,
  type DialRequest,
  type DtmfTone,
  type Line,
  type LineCall,
  type LineCapabilities,
  type LineEnvironment,
  type LineSignal,
  type LineSignalSink,
  lineCapabilities,
} from '../line/Line';
import type { SipHeader } from '../options/types';

type CallCommandName = Exclude<keyof LineCall, 'recoveryToken'>;
type LineCommandName = 'start' | 'register' | 'unregister' | 'dispose' | 'dial' | 'updateToken' | 'recover';

/**
 * One command the core sent, as data. A call's commands carry its id first (`{ type: 'hold', args: [callId] }`),
 * so a test reads every command in one list.
 */
export type LineCommand =
  | { readonly [K in LineCommandName]: { readonly type: K; readonly args: Parameters<NonNullable<Line[K]>> } }[LineCommandName]
  | { readonly [K in CallCommandName]: { readonly type: K; readonly args: readonly [callId: string, ...unknown[]] } }[CallCommandName];

export interface ScriptedLineOptions {
  /** Answer `register()` with `registered` at once. Default true. */
  readonly autoRegister?: boolean;
  readonly capabilities?: Partial<LineCapabilities>;
  /** Destinations accepted besides E.164 and SIP URIs. */
  readonly destinations?: readonly string[];
  /** Dial asynchronously: `dial()` returns a promise the test settles with `completeDial()` or `failDial()`. */
  readonly asyncDial?: boolean;
}

/** An `incoming` signal as a test writes it: the line makes the call's leg when none is given. */
export type ScriptedSignal = LineSignal | (Omit<Extract<LineSignal, { type: 'incoming' }>, 'call'> & { call?: LineCall });

/**
 * A line for unit tests of the core: it records every command it receives and sends
 * whatever signals the test scripts. It has no media and decides nothing.
 */
export class ScriptedLine implements Line {
  readonly kind = 'scripted';
  readonly capabilities: LineCapabilities;
  readonly commands: LineCommand[] = [];
  env: LineEnvironment | null = null;
  #sink: LineSignalSink | null = null;
  #autoRegister: boolean;
  #asyncDial: boolean;
  #destinations: ReadonlySet<string>;
  #pendingDials = new Map<string, { resolve(leg: LineCall): void; reject(error: unknown): void }>();

  constructor(options: ScriptedLineOptions = {}) {
    this.#autoRegister = options.autoRegister ?? true;
    this.#asyncDial = options.asyncDial ?? false;
    this.#destinations = new Set(options.destinations ?? []);
    this.capabilities = lineCapabilities({
      options: new Set([
        'id',
        'callerName',
        'callerNumber',
        'customHeaders',
        'clientState',
        'customData',
        'parameters',
        'timeoutSecs',
        'timeLimitSecs',
      ]),
      hold: true,
      blindTransfer: true,
      dtmf: ['rfc4733', 'info'],
      messages: true,
      info: true,
      earlyMedia: true,
      ...options.capabilities,
    });
  }

  /** Sends a signal to the core, as a provider would. */
  signal(signal: ScriptedSignal): void {
    if (!this.#sink) throw new Error('ScriptedLine: the phone has not started this line (call phone.connect() first).');
    this.#sink(signal.type === 'incoming' ? { ...signal, call: signal.call ?? this.#legFor(signal.callId) } : signal);
  }

  /** Commands of one type, or all commands about one call. */
  sent(filter: { type?: LineCommand['type']; callId?: string } = {}): LineCommand[] {
    return this.commands.filter(
      (c) =>
        (filter.type === undefined || c.type === filter.type) &&
        (filter.callId === undefined || c.args[0] === filter.callId || (c.args[0] as { callId?: string })?.callId === filter.callId),
    );
  }

  /** Settles an asynchronous dial (`asyncDial`): the call's leg exists from now on. */
  completeDial(callId: string): void {
    this.#pendingDials.get(callId)?.resolve(this.#legFor(callId));
    this.#pendingDials.delete(callId);
  }

  /** Fails an asynchronous dial (`asyncDial`), as an SDK's rejected `connect()`. */
  failDial(callId: string, error: HandsetError | Error): void {
    this.#pendingDials.get(callId)?.reject(error);
    this.#pendingDials.delete(callId);
  }

  acceptsDestination(destination: string): boolean {
    return this.#destinations.has(destination);
  }

  start(sink: LineSignalSink, env: LineEnvironment): void {
    this.#sink = sink;
    this.env = env;
    this.#record({ type: 'start', args: [sink, env] });
  }
  register(): void {
    this.#record({ type: 'register', args: [] });
    if (this.#autoRegister) this.signal({ type: 'registration', state: 'registered' });
  }
  unregister(): void {
    this.#record({ type: 'unregister', args: [] });
  }
  dispose(): void {
    this.#record({ type: 'dispose', args: [] });
    this.#sink = null;
  }
  dial(request: DialRequest): LineCall | Promise<LineCall> {
    this.#record({ type: 'dial', args: [request] });
    if (!this.#asyncDial) return this.#legFor(request.callId);
    return new Promise((resolve, reject) => this.#pendingDials.set(request.callId, { resolve, reject }));
  }
  updateToken(token: string): void {
    this.#record({ type: 'updateToken', args: [token] });
  }

  /** The leg for a call id: every command it takes is recorded with the id first. */
  callFor(callId: string): LineCall {
    const record = (type: CallCommandName, ...args: unknown[]) => this.#record({ type, args: [callId, ...args] } as LineCommand);
    const leg: Required<Omit<LineCall, 'recoveryToken'>> = {
      accept: (request: AcceptRequest) => record('accept', request),
      reject: (sipCode: number, headers: readonly SipHeader[]) => record('reject', sipCode, headers),
      ignore: () => record('ignore'),
      hangup: (headers: readonly SipHeader[]) => record('hangup', headers),
      setMuted: (muted: boolean) => record('setMuted', muted),
      sendDtmf: (tone: DtmfTone, durationMs: number) => record('sendDtmf', tone, durationMs),
      hold: () => record('hold'),
      unhold: () => record('unhold'),
      sendMessage: (message) => record('sendMessage', message),
      sendInfo: (mimeType: string, body: string, headers: readonly SipHeader[]) => record('sendInfo', mimeType, body, headers),
      transfer: (target: string) => record('transfer', target),
      attendedTransfer: (target: LineCall) => record('attendedTransfer', callIdOf.get(target)),
      setCustomData: (value: string) => record('setCustomData', value),
      postFeedback: (feedback: CallFeedback) => record('postFeedback', feedback),
      setSpeaker: (deviceId: string) => record('setSpeaker', deviceId),
    };
    return leg;
  }

  /** The leg handed to the core, remembered by id so that an attended transfer can name its target. */
  #legFor(callId: string): LineCall {
    const leg = this.callFor(callId);
    callIdOf.set(leg, callId);
    return leg;
  }

  #record(command: LineCommand): void {
    this.commands.push(command);
  }
}

const callIdOf = new WeakMap<LineCall, string>();
