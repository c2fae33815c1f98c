import {
  type DialRequest,
  HandsetError,
  type Line,
  type LineCall,
  type LineCapabilities,
  type LineEnvironment,
  type LineSignal,
  type LineSignalSink,
  lineCapabilities,
} from '@handset/core';
import { CallLeg, type LegHost } from './call/CallLeg';
import { BroadcastExchange } from './exchange/BroadcastExchange';
import { builtInNumbers, isBuiltInNumber } from './numbers/directory';
import { VirtualParty } from './numbers/VirtualParty';
import { isExtensionName, type ResolvedSandboxOptions, resolveOptions, type SandboxOptions } from './options';
import type { SandboxMessage } from './signalling/messages';
import { type Port, portPair } from './signalling/Port';

const capabilities: LineCapabilities = lineCapabilities({
  options: new Set([
    'id',
    'callerName',
    'customHeaders',
    'customData',
    'parameters',
    'timeoutSecs',
    'timeLimitSecs',
    'iceServers',
    'preferredCodecs',
    'audio',
    'micId',
    'localStream',
    'remoteElement',
  ]),
  hold: true,
  dtmf: ['rfc4733'],
  messages: true,
  info: true,
  earlyMedia: true,
});

/** The leg of a call that failed before it began (an unknown number): its end is already on its way. */
const failedLeg: LineCall = { accept() {}, reject() {}, ignore() {}, hangup() {}, setMuted() {}, sendDtmf() {} };

/**
 * The sandbox line: built-in numbers answered by virtual parties in the page, and calls to
 * other tabs by extension name. Media is real WebRTC in both cases; only the "network"
 * (signalling) is in the browser.
 */
export class SandboxLine implements Line {
  readonly kind = 'sandbox';
  readonly capabilities = capabilities;
  readonly options: ResolvedSandboxOptions;
  #sink: LineSignalSink | null = null;
  #env: LineEnvironment | null = null;
  #exchange: BroadcastExchange | null = null;
  #legs = new Map<string, CallLeg>();
  #registered = false;
  #pageHide = new AbortController();

  constructor(options?: SandboxOptions) {
    this.options = resolveOptions(options);
  }

  /** This tab's extension while registered. */
  get extension(): string | null {
    return this.#registered ? this.options.extension : null;
  }

  /** Built-in numbers and anything shaped like an extension name. */
  acceptsDestination(destination: string): boolean {
    return isBuiltInNumber(destination) || isExtensionName(destination);
  }

  start(sink: LineSignalSink, env: LineEnvironment): void {
    this.#sink = sink;
    this.#env = env;
    // A tab closing hangs its calls up instead of leaving the other tab in silence.
    globalThis.addEventListener?.('pagehide', () => this.#hangupAll(), { signal: this.#pageHide.signal });
  }

  register(): void {
    const ext = this.options.extension;
    if (ext === null) {
      this.#registered = true;
      queueMicrotask(() => this.#signal({ type: 'registration', state: 'registered' }));
      return;
    }
    let exchange: BroadcastExchange;
    try {
      exchange = this.#ensureExchange();
    } catch (cause) {
      queueMicrotask(() =>
        this.#signal({
          type: 'registration',
          state: 'failed',
          error: new HandsetError('unsupported', 'Tab-to-tab calls need BroadcastChannel, which this browser lacks.', { cause }),
        }),
      );
      return;
    }
    if (isBuiltInNumber(ext)) {
      queueMicrotask(() =>
        this.#signal({
          type: 'registration',
          state: 'failed',
          error: new HandsetError('registration-conflict', `"${ext}" is a built-in sandbox number; choose another extension.`),
        }),
      );
      return;
    }
    exchange.register(ext).then(
      () => {
        this.#registered = true;
        this.#signal({ type: 'registration', state: 'registered' });
      },
      (error: HandsetError) => this.#signal({ type: 'registration', state: 'failed', error }),
    );
  }

  unregister(): void {
    this.#registered = false;
    this.#exchange?.release();
    queueMicrotask(() => this.#signal({ type: 'registration', state: 'unregistered' }));
  }

  dispose(): void {
    this.#hangupAll();
    this.#pageHide.abort();
    this.#exchange?.close();
    this.#exchange = null;
    this.#registered = false;
    this.#sink = null;
  }

  dial(request: DialRequest): LineCall {
    const destination = request.destination;
    const builtIn = isBuiltInNumber(destination);
    const own = this.options.extension;
    let port: Port;
    if (builtIn) {
      const [phoneSide, partySide] = portPair();
      port = phoneSide;
      // The party is created when the INVITE reaches it, as a server would.
      partySide.onMessage((message: SandboxMessage) => {
        if (message.t !== 'invite') return;
        const party = new VirtualParty(partySide, message, this.options.timing);
        builtInNumbers[destination.toLowerCase()]?.(party);
      });
    } else if (isExtensionName(destination) && destination.toLowerCase() !== own) {
      try {
        port = this.#ensureExchange().openDialog(request.callId, destination.toLowerCase());
      } catch {
        port = portPair()[0]; // no BroadcastChannel: nobody answers, the lookup times out as 404
      }
    } else {
      const loop = destination.toLowerCase() === own;
      this.#later(() =>
        this.#signal({
          type: 'ended',
          callId: request.callId,
          end: loop
            ? { reason: 'failed', sipCode: 482, message: '482 Loop Detected: that is this tab’s own extension.', by: 'remote' }
            : { reason: 'failed', sipCode: 404, message: `404 Not Found: the sandbox has no number "${destination}".`, by: 'remote' },
        }),
      );
      return failedLeg;
    }
    const leg = this.#newLeg(request.callId, 'outgoing', port);
    const callerName = request.options.callerName ?? this.options.displayName;
    void leg.dial(request, this.options.extension ?? 'anonymous', callerName);
    return leg;
  }

  // ---- machinery ----

  #ensureExchange(): BroadcastExchange {
    this.#exchange ??= new BroadcastExchange(this.options.channel, this.options.timing.claimMs, (invite, port) => {
      if (!this.#registered || !this.#sink || this.#legs.has(invite.callId)) {
        port.send({ t: 'reject', callId: invite.callId, code: 480, reason: 'Temporarily Unavailable' });
        port.close();
        return;
      }
      this.#newLeg(invite.callId, 'incoming', port).receiveInvite(invite);
    });
    return this.#exchange;
  }

  #newLeg(callId: string, direction: 'outgoing' | 'incoming', port: Port): CallLeg {
    const env = this.#env;
    if (!env) throw new HandsetError('not-connected', 'The sandbox line has not been started.');
    const host: LegHost = {
      signal: (signal) => this.#signal(signal),
      env,
      timing: this.options.timing,
      playRemoteAudio: this.options.playRemoteAudio ?? !env.playsRemoteAudio,
      released: (leg) => {
        if (this.#legs.get(leg.callId) === leg) this.#legs.delete(leg.callId);
      },
    };
    const leg = new CallLeg(host, callId, direction, port);
    this.#legs.set(callId, leg);
    return leg;
  }

  /** BYE, CANCEL or 480 for every live call, and the core hears the calls ended. */
  #hangupAll(): void {
    for (const leg of [...this.#legs.values()]) {
      leg.hangup();
      this.#signal({
        type: 'ended',
        callId: leg.callId,
        end: { reason: 'hangup', by: 'system', message: 'The sandbox line was shut down.' },
      });
    }
  }

  #signal(signal: LineSignal): void {
    this.#sink?.(signal);
  }

  #later(run: () => void): void {
    setTimeout(run, 0);
  }
}

/** The zero-setup line: `createPhone({ line: sandbox() })`, then call `echo`. */
export function sandbox(options?: SandboxOptions): SandboxLine {
  return new SandboxLine(options);
}
