import type { Line, LineCapabilities, LineEnvironment, LineSignal, LineSignalSink } from '../line/Line';

/** One command the core sent to the line, as data. */
export type LineCommand = {
  readonly [K in Exclude<keyof Line, 'kind' | 'capabilities' | 'acceptsDestination'>]: {
    readonly type: K;
    readonly args: Parameters<NonNullable<Line[K]>>;
  };
}[Exclude<keyof Line, 'kind' | 'capabilities' | 'acceptsDestination'>];

export interface ScriptedLineOptions {
  /** Answer `register()` with `registered` at once. Default true. */
  readonly autoRegister?: boolean;
  readonly capabilities?: Partial<LineCapabilities>;
  /** Destinations accepted besides E.164 and SIP URIs. */
  readonly destinations?: readonly string[];
}

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
  #destinations: ReadonlySet<string>;

  constructor(options: ScriptedLineOptions = {}) {
    this.#autoRegister = options.autoRegister ?? true;
    this.#destinations = new Set(options.destinations ?? []);
    this.capabilities = {
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
      messages: true,
      info: true,
      ...options.capabilities,
    };
  }

  /** Sends a signal to the core, as a provider would. */
  signal(signal: LineSignal): void {
    if (!this.#sink) throw new Error('ScriptedLine: the phone has not started this line (call phone.connect() first).');
    this.#sink(signal);
  }

  /** Commands of one type, or all commands about one call. */
  sent(filter: { type?: LineCommand['type']; callId?: string } = {}): LineCommand[] {
    return this.commands.filter(
      (c) =>
        (filter.type === undefined || c.type === filter.type) &&
        (filter.callId === undefined || c.args[0] === filter.callId || (c.args[0] as { callId?: string })?.callId === filter.callId),
    );
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
  dial(...args: Parameters<Line['dial']>): void {
    this.#record({ type: 'dial', args });
  }
  accept(...args: Parameters<Line['accept']>): void {
    this.#record({ type: 'accept', args });
  }
  reject(...args: Parameters<Line['reject']>): void {
    this.#record({ type: 'reject', args });
  }
  ignore(...args: Parameters<Line['ignore']>): void {
    this.#record({ type: 'ignore', args });
  }
  hangup(...args: Parameters<Line['hangup']>): void {
    this.#record({ type: 'hangup', args });
  }
  hold(...args: Parameters<Line['hold']>): void {
    this.#record({ type: 'hold', args });
  }
  unhold(...args: Parameters<Line['unhold']>): void {
    this.#record({ type: 'unhold', args });
  }
  setMuted(...args: Parameters<Line['setMuted']>): void {
    this.#record({ type: 'setMuted', args });
  }
  sendDtmf(...args: Parameters<Line['sendDtmf']>): void {
    this.#record({ type: 'sendDtmf', args });
  }
  sendMessage(...args: Parameters<Line['sendMessage']>): void {
    this.#record({ type: 'sendMessage', args });
  }
  sendInfo(...args: Parameters<Line['sendInfo']>): void {
    this.#record({ type: 'sendInfo', args });
  }

  #record(command: LineCommand): void {
    this.commands.push(command);
  }
}
