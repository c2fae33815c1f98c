import type { Core, Web } from 'sip.js';
// The class from its own module, not the root's `Web` namespace: bundlers keep all of that (+6.5 kB gzip, measured).
import { Transport } from 'sip.js/lib/platform/web/transport/index.js';

/** SIP.js's WebSocket transport options, with the list of servers to rotate through. */
export interface RotatingTransportOptions extends Omit<Web.TransportOptions, 'server'> {
  readonly servers: readonly string[];
}

/**
 * SIP.js's WebSocket transport over a list of servers: `next()` moves the following connect to the
 * next one. Given to the UserAgent as its `transportConstructor`, so the line never writes into the
 * transport's private configuration. It overrides the public `server` getter, which SIP.js reads at
 * each connect (checked by test/sipjsInternals.test.ts). The Via protocol stays the first server's.
 */
export class RotatingTransport extends Transport {
  readonly #servers: readonly string[];
  #index = 0;

  constructor(logger: Core.Logger, options: RotatingTransportOptions) {
    const { servers, ...rest } = options;
    super(logger, { ...rest, server: servers[0] as string });
    this.#servers = [...servers];
  }

  override get server(): string {
    // Should SIP.js's own constructor ask, the list is not set yet: the first server is its configuration's.
    return #servers in this ? (this.#servers[this.#index] ?? super.server) : super.server;
  }

  /** The next connect goes to the next server in the list (back to the first after the last). */
  next(): void {
    this.#index = (this.#index + 1) % this.#servers.length;
  }
}
