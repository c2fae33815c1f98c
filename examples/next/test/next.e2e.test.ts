import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Browser, ConsoleMessage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newMediaContext } from '../../../tools/testing/chromium.ts';

// The Next.js App Router example, as a user runs it: `next build`, `next start`, a page whose Server Component
// imports @handset/react, hydrated in Chromium, and a real call on the sandbox line with media both ways.
// It reads the workspace packages' dist/, so they must be built first (npm test builds them before Vitest).
const appDir = fileURLToPath(new URL('..', import.meta.url));
const nextBin = fileURLToPath(new URL('../../../node_modules/next/dist/bin/next', import.meta.url));
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' };

/** Runs `next <args>` in the example; resolves with its output, rejects with it when next fails. */
function next(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, ...args], { cwd: appDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`next ${args.join(' ')} exited ${code}:\n${output}`))));
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** Polls until the server answers, within a bound; the server's own output explains a failure. */
async function waitForServer(url: string, child: ChildProcess, log: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited ${child.exitCode}:\n${log()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`next start did not answer within ${timeoutMs} ms:\n${log()}`);
}

describe('examples/next: Next.js App Router', () => {
  let server: ChildProcess | undefined;
  let origin = '';
  let browser: Browser | undefined;
  let buildOutput = '';

  beforeAll(async () => {
    buildOutput = await next(['build']);
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    let serverLog = '';
    server = spawn(process.execPath, [nextBin, 'start', '--hostname', '127.0.0.1', '--port', String(port)], {
      cwd: appDir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (chunk) => (serverLog += chunk));
    server.stderr?.on('data', (chunk) => (serverLog += chunk));
    await waitForServer(origin, server, () => serverLog);
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await once(server, 'exit');
    }
  });

  it('builds, and the server-rendered page carries the kit', async () => {
    expect(buildOutput).toContain('Compiled successfully');
    const html = await (await fetch(origin)).text();
    for (const part of ['hs-call-status', 'hs-call-timer', 'hs-volume-meter', 'hs-dialpad', 'hs-call-controls']) {
      expect(html).toContain(part);
    }
    // formatDuration from @handset/react/server ran in the Server Component (a client reference would throw).
    expect(html).toMatch(/plays your voice back (<!-- -->)?0:01(<!-- -->)? later/);
  });

  it('hydrates without a mismatch and makes a real call to echo', async () => {
    const context = await newMediaContext(browser!, origin);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message: ConsoleMessage) => {
      // A missing favicon is the page's business; any other error or warning (hydration above all) is ours.
      if ((message.type() === 'error' || message.type() === 'warning') && !message.text().startsWith('Failed to load resource')) {
        problems.push(`${message.type()}: ${message.text()}`);
      }
    });
    try {
      await page.goto(origin);
      // Hydrated: the client has attached its handlers, so a click reaches the phone.
      await page.getByRole('button', { name: 'Call echo' }).click();
      await page.locator('.hs-call-status[data-state="active"]').waitFor({ timeout: 30_000 });
      // Media both ways: echo plays the fake microphone back, so the far side's meter moves.
      await page.waitForFunction(
        () => Number(document.querySelector<HTMLElement>('.hs-volume-meter')?.style.getPropertyValue('--hs-level')) > 0.05,
        undefined,
        { timeout: 30_000 },
      );
      await page.locator('.hs-hangup-button').click();
      await page.locator('.hs-call-status:not([data-state="active"])').waitFor({ timeout: 30_000 });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
