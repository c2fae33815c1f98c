import { HandsetError, type RegistrationState } from '@handset/core';
import { type Core, Registerer, RegistererState, type UserAgent, UserAgentState } from 'sip.js';
import { backoffDelay } from './backoff';
import type { ResolvedSipOptions } from './options';
import { cancelRegistererRefresh, registerInFlight, registerInFlightChange } from './sipjs/internals';
import { RotatingTransport } from './sipjs/rotatingTransport';

export type RegistrationSink = (state: RegistrationState, error?: HandsetError) => void;

/** Final REGISTER responses that no retry will cure: the credentials or the user are wrong. */
const terminalCodes = new Set([401, 403, 404, 407]);

/**
 * Keeps one registration alive: connects the WebSocket, registers, and after a loss reconnects
 * with jittered backoff until `maxAttempts`. Exactly one REGISTER is ever in flight: every send
 * goes through `#send()`, which defers to the end of the outstanding one, and duplicate loss
 * reports (a socket's `error` and `close`, a failed connect) collapse into one scheduled retry.
 */
export class Registration {
  readonly #ua: UserAgent;
  readonly #options: ResolvedSipOptions;
  readonly #sink: RegistrationSink;
  readonly #registerer: Registerer;
  /** The app wants to be registered (between register() and unregister()). */
  #wanted = false;
  /** A REGISTER is wanted as soon as the outstanding one has its final response. */
  #again = false;
  /** Set by a final answer that ends retrying (wrong credentials). */
  #terminal = false;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #disposed = false;
  /** The REGISTER out is an unregister (expires 0): a start() must send its own after it. */
  #unregistering = false;
  /** start() is waiting on the REGISTER already out. */
  #joined = false;
  /** The last state reported, so that one answer is never reported twice. */
  #reported: RegistrationState | undefined;

  constructor(ua: UserAgent, options: ResolvedSipOptions, sink: RegistrationSink) {
    this.#ua = ua;
    this.#options = options;
    this.#sink = sink;
    // Refresh at 90% of the time granted (SIP.js's default is 99%): a slow answer to the refresh
    // must not let the registration expire meanwhile (which would report `reconnecting`).
    this.#registerer = new Registerer(ua, { expires: options.registerExpires, refreshFrequency: 90, logConfiguration: false });
    this.#registerer.stateChange.addListener((state) => this.#onRegistererState(state));
    registerInFlightChange(this.#registerer).addListener((waiting) => {
      if (waiting) return;
      if (this.#again) {
        this.#again = false;
        this.#send();
      }
    });
  }

  /** Registers now (or as soon as the WebSocket is up). */
  start(): void {
    if (this.#disposed) return;
    this.#wanted = true;
    this.#terminal = false;
    this.#attempt = 0;
    this.#reported = undefined;
    this.#clearTimer();
    if (registerInFlight(this.#registerer) && !this.#unregistering) {
      // A REGISTER (a refresh, a retry) is out: its answer serves this request too, never a second one.
      if (!this.#joined) {
        this.#joined = true;
        registerInFlightChange(this.#registerer).once(() => {
          this.#joined = false;
          if (this.#registerer.state === RegistererState.Registered) this.#registered();
        });
      }
      return;
    }
    if (this.#ua.isConnected()) this.#send();
    else this.#connect();
  }

  /** Unregisters; nothing is retried until start() again. */
  stop(): void {
    this.#wanted = false;
    this.#reported = undefined;
    this.#again = false;
    this.#clearTimer();
    if (this.#registerer.state !== RegistererState.Registered || !this.#ua.isConnected()) return;
    const unregister = () => {
      if (this.#wanted || this.#disposed || registerInFlight(this.#registerer)) return;
      this.#unregistering = true;
      this.#registerer.unregister().catch(() => {});
    };
    if (registerInFlight(this.#registerer)) registerInFlightChange(this.#registerer).once(unregister);
    else unregister();
  }

  dispose(): void {
    this.#disposed = true;
    this.#wanted = false;
    this.#clearTimer();
    this.#registerer.dispose().catch(() => {});
  }

  /** The WebSocket went away (error and close may both arrive: one retry is scheduled). */
  transportLost(): void {
    if (!this.#wanted || this.#disposed) return;
    this.#lost(new HandsetError('registration-failed', 'The connection to the SIP server was lost and could not be re-established.'));
  }

  /**
   * The browser is back online or awake: a reconnection waiting out its backoff goes now (the
   * network that failed it may be back). The attempt is not counted again.
   */
  wake(): void {
    if (this.#timer === undefined || !this.#wanted || this.#disposed) return;
    this.#clearTimer();
    this.#retry();
  }

  #retry(): void {
    if (!this.#wanted || this.#disposed) return;
    if (this.#ua.isConnected()) this.#send();
    else this.#connect();
  }

  #connect(): void {
    const connect = this.#ua.state === UserAgentState.Started ? this.#ua.reconnect() : this.#ua.start();
    connect.then(
      () => {
        if (this.#wanted && !this.#disposed) this.#send();
      },
      () => this.transportLost(),
    );
  }

  #send(): void {
    if (!this.#wanted || this.#disposed) return;
    if (registerInFlight(this.#registerer)) {
      this.#again = true;
      return;
    }
    // SIP.js's own refresh timer would otherwise fire a second REGISTER while ours is out.
    cancelRegistererRefresh(this.#registerer);
    this.#unregistering = false;
    this.#registerer
      .register({
        requestDelegate: {
          // After a reconnection the registerer is still in state Registered: no state change follows.
          onAccept: () => this.#registered(),
          onReject: (response) => this.#rejected(response),
        },
      })
      .catch(() => {
        // Only RequestPendingError, which #send() rules out; nothing may reach unhandledrejection.
      });
  }

  #rejected(response: Core.IncomingResponse): void {
    const code = response.message.statusCode ?? 0;
    if (!terminalCodes.has(code)) return; // #onRegistererState schedules the retry
    this.#terminal = true;
    this.#wanted = false;
    this.#clearTimer();
    const why =
      code === 404
        ? 'the server does not know this user (404 Not Found); check the SIP URI'
        : `the server refused the credentials (${code} ${response.message.reasonPhrase}); check authorizationUsername and password`;
    this.#report('failed', new HandsetError('registration-failed', `Registration failed: ${why}.`));
  }

  #onRegistererState(state: RegistererState): void {
    if (this.#disposed) return;
    if (state === RegistererState.Registered) {
      this.#registered();
      return;
    }
    if (state !== RegistererState.Unregistered || !this.#wanted) return;
    // A rejection calls the request's onReject right after this state change: wait for it.
    queueMicrotask(() => {
      if (!this.#wanted || this.#terminal || this.#disposed) return;
      this.#lost(new HandsetError('registration-failed', 'The SIP server did not accept the registration.'));
    });
  }

  #registered(): void {
    if (!this.#wanted || this.#disposed) return;
    this.#attempt = 0;
    this.#clearTimer();
    this.#report('registered');
  }

  #report(state: RegistrationState, error?: HandsetError): void {
    if (state === 'registered' && this.#reported === 'registered') return;
    this.#reported = state;
    this.#sink(state, error);
  }

  /** One retry, scheduled once however many times the loss is reported. */
  #lost(error: HandsetError): void {
    if (this.#timer !== undefined) return;
    this.#attempt += 1;
    const policy = this.#options.reconnection;
    if (this.#attempt > policy.maxAttempts) {
      this.#wanted = false;
      this.#report('failed', new HandsetError('registration-failed', `${error.message} Gave up after ${policy.maxAttempts} attempts.`));
      return;
    }
    this.#report('reconnecting');
    this.#rotateServer();
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        this.#retry();
      },
      backoffDelay(policy, this.#attempt),
    );
  }

  /** With several servers, each retry goes to the next one. */
  #rotateServer(): void {
    const servers = this.#options.servers;
    const transport = this.#ua.transport;
    if (servers.length < 2 || this.#ua.isConnected() || !(transport instanceof RotatingTransport)) return;
    transport.next();
  }

  #clearTimer(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
