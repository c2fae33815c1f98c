import type { Core, UserAgent } from 'sip.js';

/**
 * Finds a half-open WebSocket (the server stopped answering without closing it): every
 * `intervalMs` an OPTIONS goes to the registrar, and any final answer proves the path alive.
 * No answer within `timeoutMs` calls `onDead` once. `probe()` checks at once (after sleep, or
 * when the browser comes back online).
 */
export class KeepAlive {
  readonly #ua: UserAgent;
  readonly #target: string;
  readonly #intervalMs: number;
  readonly #timeoutMs: number;
  readonly #onDead: () => void;
  #interval: ReturnType<typeof setInterval> | undefined;
  #deadline: ReturnType<typeof setTimeout> | undefined;
  #request: Core.OutgoingRequest | undefined;

  constructor(ua: UserAgent, target: string, intervalMs: number, onDead: () => void) {
    this.#ua = ua;
    this.#target = target;
    this.#intervalMs = intervalMs;
    this.#timeoutMs = Math.min(10_000, Math.max(1000, intervalMs));
    this.#onDead = onDead;
  }

  /** Starts the periodic check (idempotent). */
  start(): void {
    if (this.#interval !== undefined || this.#intervalMs <= 0) return;
    this.#interval = setInterval(() => this.probe(), this.#intervalMs);
  }

  stop(): void {
    clearInterval(this.#interval);
    this.#interval = undefined;
    this.#settle();
  }

  /** Sends one OPTIONS now unless one is already out. */
  probe(): void {
    if (this.#deadline !== undefined || !this.#ua.isConnected()) return;
    const core = this.#ua.userAgentCore;
    const uri = this.#ua.configuration.uri;
    const target = (this.#ua.constructor as typeof UserAgent).makeURI(this.#target);
    if (!target) return;
    const message = core.makeOutgoingRequestMessage('OPTIONS', target, uri, uri, {});
    this.#deadline = setTimeout(() => {
      this.#settle();
      this.#onDead();
    }, this.#timeoutMs);
    const alive = () => this.#settle();
    try {
      this.#request = core.request(message, { onAccept: alive, onReject: alive, onRedirect: alive });
    } catch {
      this.#settle();
    }
  }

  #settle(): void {
    clearTimeout(this.#deadline);
    this.#deadline = undefined;
    this.#request?.dispose();
    this.#request = undefined;
  }
}
