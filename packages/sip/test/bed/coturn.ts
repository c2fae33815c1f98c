import { type ChildProcess, spawn } from 'node:child_process';
import { createConnection, createServer } from 'node:net';

export const coturnBinary = process.env.TURNSERVER_PATH ?? '/usr/bin/turnserver';

export interface CoturnBed {
  /** turn:127.0.0.1:PORT?transport=udp with its long-term credentials. */
  readonly iceServer: { urls: string; username: string; credential: string };
  log(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** coturn on loopback (relays to loopback peers allowed), long-term credentials, no TLS, no CLI. */
export async function startCoturn(): Promise<CoturnBed> {
  const port = await freePort();
  const username = 'handset';
  const credential = 'turn-secret';
  let output = '';
  const child: ChildProcess = spawn(
    coturnBinary,
    [
      '-n',
      '--listening-ip=127.0.0.1',
      '--relay-ip=127.0.0.1',
      `--listening-port=${port}`,
      '--min-port=49160',
      '--max-port=49400',
      '--lt-cred-mech',
      `--user=${username}:${credential}`,
      '--realm=handset.test',
      '--no-cli',
      '--no-tls',
      '--no-dtls',
      '--allow-loopback-peers',
      '--log-file=stdout',
      '--simple-log',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-100_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const deadline = Date.now() + 10_000;
  while (!(await portAnswers(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`turnserver did not start:\n${output.slice(-3000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    iceServer: { urls: `turn:127.0.0.1:${port}?transport=udp`, username, credential },
    log: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}
