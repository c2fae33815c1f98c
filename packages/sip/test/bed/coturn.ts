import { type ChildProcess, spawn } from 'node:child_process';
import { freeTcpPort, portAnswers } from './ports';

export const coturnBinary = process.env.TURNSERVER_PATH ?? '/usr/bin/turnserver';

export interface CoturnBed {
  /** turn:127.0.0.1:PORT?transport=udp with its long-term credentials. */
  readonly iceServer: { urls: string; username: string; credential: string };
  log(): string;
  /** Starts again on the same port with the same credentials (stopping it first if it runs); old allocations are gone. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** coturn on loopback (relays to loopback peers allowed), long-term credentials, no TLS, no CLI. */
export async function startCoturn(): Promise<CoturnBed> {
  const port = await freeTcpPort();
  const username = 'handset';
  const credential = 'turn-secret';
  let output = '';
  let child: ChildProcess | null = null;

  const launch = async (): Promise<void> => {
    const started: ChildProcess = spawn(
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
    child = started;
    const append = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-100_000);
    };
    started.stdout?.on('data', append);
    started.stderr?.on('data', append);
    const deadline = Date.now() + 10_000;
    while (!(await portAnswers(port))) {
      if (started.exitCode !== null || Date.now() > deadline) {
        started.kill('SIGKILL');
        throw new Error(`turnserver did not start:\n${output.slice(-3000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const stop = async (): Promise<void> => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  };

  await launch();
  return {
    iceServer: { urls: `turn:127.0.0.1:${port}?transport=udp`, username, credential },
    log: () => output,
    async restart() {
      await stop();
      await launch();
    },
    stop,
  };
}
