import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeTcpPort, freeUdpPort, portAnswers } from './ports';

/** The test bed's configuration (registrar + proxy, SIP over WebSocket, digest auth). */
export const kamailioConfig = fileURLToPath(new URL('./kamailio.cfg', import.meta.url));
export const kamailioBinary = process.env.KAMAILIO_PATH ?? '/usr/sbin/kamailio';

/** Test users from kamailio.cfg. */
export const testUsers = {
  alice: 'alice-secret',
  bob: 'bob-secret',
  carol: 'carol-secret',
  dave: 'dave-secret',
} as const;
export const testDomain = 'handset.test';

export interface KamailioBed {
  /** ws://127.0.0.1:PORT */
  readonly wsUrl: string;
  readonly wsPort: number;
  readonly udpPort: number;
  /** Everything Kamailio printed so far (for failure reports). */
  log(): string;
  /** JSON-RPC over HTTP on the WebSocket port. */
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  /** How many contacts the location table holds for a user. */
  contacts(user: string): Promise<number>;
  /** SIGKILL, like a crash: WebSockets drop, the location table is lost. */
  kill(): Promise<void>;
  /** Starts again on the same ports. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts Kamailio in the foreground (`-DD -E`) on free loopback ports and waits until its
 * WebSocket port answers. Call `stop()` in afterAll: it kills the whole process group.
 */
export async function startKamailio(options: { config?: string } = {}): Promise<KamailioBed> {
  const config = options.config ?? kamailioConfig;
  const wsPort = await freeTcpPort();
  const udpPort = await freeUdpPort();
  const runDir = mkdtempSync(join(tmpdir(), 'handset-kamailio-'));
  let output = '';
  let child: ChildProcess | null = null;

  const launch = async (): Promise<void> => {
    const started = spawn(
      kamailioBinary,
      ['-DD', '-E', '-Y', runDir, '-f', config, '-A', `WS_PORT=${wsPort}`, '-A', `UDP_PORT=${udpPort}`, '-m', '64', '-M', '8'],
      { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = started;
    const append = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-200_000);
    };
    started.stdout?.on('data', append);
    started.stderr?.on('data', append);
    let exited = false;
    started.once('exit', () => {
      exited = true;
    });
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (exited) throw new Error(`kamailio exited at start-up:\n${output.slice(-4000)}`);
      if (await portAnswers(wsPort)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`kamailio did not open 127.0.0.1:${wsPort} within 10 s:\n${output.slice(-4000)}`);
  };

  /** Signals the process group (kamailio forks its workers) and waits for the main process to exit. */
  const terminate = async (signal: NodeJS.Signals): Promise<void> => {
    const running = child;
    child = null;
    if (!running?.pid || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    try {
      process.kill(-running.pid, signal);
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-(running.pid as number), 'SIGKILL');
      } catch {}
    }, 5000);
    await exited;
    clearTimeout(timer);
    // Workers may outlive the main process by a moment: wait until the port is free.
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && (await portAnswers(wsPort))) await new Promise((resolve) => setTimeout(resolve, 50));
  };

  await launch();
  const wsUrl = `ws://127.0.0.1:${wsPort}`;
  const rpc = async <T>(method: string, params: unknown[] = []): Promise<T> => {
    const response = await fetch(`http://127.0.0.1:${wsPort}/RPC`, {
      method: 'POST',
      body: JSON.stringify({ jsonrpc: '2.0', method, params, id: 1 }),
    });
    const body = (await response.json()) as { result?: T; error?: { message: string } };
    if (body.error) throw Object.assign(new Error(body.error.message), { rpcError: body.error });
    return body.result as T;
  };
  return {
    wsUrl,
    wsPort,
    udpPort,
    log: () => output,
    rpc,
    async contacts(user) {
      try {
        const result = await rpc<{ AoR: string; Contacts: unknown[] }>('ul.lookup', ['location', user]);
        return result.Contacts.length;
      } catch (error) {
        if (/not found/i.test(String((error as Error).message))) return 0;
        throw error;
      }
    },
    kill: () => terminate('SIGKILL'),
    async restart() {
      await terminate('SIGTERM');
      await launch();
    },
    async stop() {
      await terminate('SIGTERM');
      rmSync(runDir, { recursive: true, force: true });
    },
  };
}
