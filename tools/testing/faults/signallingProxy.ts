/**
 * A TCP proxy on loopback in front of a SIP-over-WebSocket server (Kamailio): the phone's WebSocket
 * runs through it byte for byte, and the test can delay it, close it, or black-hole it. A black hole
 * is the half-open case: both TCP connections stay up, and nothing passes either way, not even the
 * WebSocket close handshake. Connections opened after a black hole pass again, as a new NAT
 * mapping or a new network would.
 */
import { createConnection, createServer, type Socket } from 'node:net';

export interface SignallingProxy {
  /** ws://127.0.0.1:PORT, for the phone's `server`. */
  readonly wsUrl: string;
  /** Connections accepted so far. */
  readonly connections: number;
  /** When each was accepted (Date.now()), oldest first. */
  readonly acceptedAt: readonly number[];
  /** Connections open now. */
  readonly open: number;
  /** Every chunk either way waits `ms` (in order) from now on; 0 stops delaying. */
  delay(ms: number): void;
  /** Closes every open connection (both sides) at once. */
  closeAll(): void;
  /** From now on nothing passes on the connections open now; they stay open. Returns how many. */
  blackHole(): number;
  close(): Promise<void>;
}

interface Pair {
  readonly client: Socket;
  readonly server: Socket;
  silenced: boolean;
}

export async function startSignallingProxy(target: { host?: string; port: number }): Promise<SignallingProxy> {
  const pairs = new Set<Pair>();
  let delayMs = 0;
  let accepted = 0;
  const acceptedAt: number[] = [];

  /** Forwards `from` to `to` for this pair, in order, with the delay in force when each chunk arrived. */
  const pipe = (pair: Pair, from: Socket, to: Socket) => {
    let chain = Promise.resolve();
    from.on('data', (chunk: Buffer) => {
      if (pair.silenced) return;
      const wait = delayMs;
      chain = chain.then(async () => {
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        if (!pair.silenced && !to.destroyed) to.write(chunk);
      });
    });
    // A real close on one side is passed on, unless the pair is black-holed (then nothing is).
    from.on('end', () => {
      if (!pair.silenced) void chain.then(() => to.end());
    });
    from.on('close', () => {
      if (!pair.silenced) {
        to.destroy();
        pairs.delete(pair);
      }
    });
    from.on('error', () => {});
  };

  const server = createServer((client) => {
    accepted += 1;
    acceptedAt.push(Date.now());
    const upstream = createConnection({ host: target.host ?? '127.0.0.1', port: target.port });
    const pair: Pair = { client, server: upstream, silenced: false };
    pairs.add(pair);
    pipe(pair, client, upstream);
    pipe(pair, upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };

  return {
    wsUrl: `ws://127.0.0.1:${port}`,
    get connections() {
      return accepted;
    },
    acceptedAt,
    get open() {
      return [...pairs].filter((p) => !p.client.destroyed).length;
    },
    delay(ms) {
      delayMs = ms;
    },
    closeAll() {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.server.destroy();
      }
      pairs.clear();
    },
    blackHole() {
      let count = 0;
      for (const pair of pairs) {
        if (pair.silenced) continue;
        pair.silenced = true;
        count += 1;
      }
      return count;
    },
    async close() {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.server.destroy();
      }
      pairs.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
