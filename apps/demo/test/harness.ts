import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { build } from 'vite';

export const demoRoot = fileURLToPath(new URL('..', import.meta.url));
export const artifacts = join(demoRoot, 'test-results');

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

const farPartyPath = '/__far-party';

export interface DemoServer {
  readonly origin: string;
  /** A blank page on the demo's origin (microphone allowed there), where a test runs a line stand-in's far party. */
  readonly farPartyUrl: string;
  /** The built demo's JavaScript, every file joined (to prove what a production build carries). */
  bundle(): string;
  close(): Promise<void>;
}

/**
 * Builds the demo with its own Vite config (the packages' built entry points, as a user gets them) into a
 * temporary folder, and serves that build from 127.0.0.1 on a random port.
 */
export async function serveBuiltDemo(): Promise<DemoServer> {
  const outDir = mkdtempSync(join(tmpdir(), 'handset-demo-'));
  // Vitest sets NODE_ENV=test, which would bundle React's development build: test what users get.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  await build({
    configFile: join(demoRoot, 'vite.config.ts'),
    root: demoRoot,
    logLevel: 'warn',
    mode: 'production',
    build: { outDir, emptyOutDir: true, sourcemap: false },
  }).finally(() => {
    process.env.NODE_ENV = nodeEnv;
  });
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    if (path === farPartyPath) {
      response.writeHead(200, { 'content-type': types['.html'] }).end('<!doctype html><title>far party</title>');
      return;
    }
    const file = normalize(join(outDir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(outDir) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    farPartyUrl: `http://127.0.0.1:${port}${farPartyPath}`,
    bundle: () =>
      readdirSync(join(outDir, 'assets'))
        .filter((name) => name.endsWith('.js'))
        .map((name) => readFileSync(join(outDir, 'assets', name), 'utf8'))
        .join('\n'),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        rmSync(outDir, { recursive: true, force: true });
      }),
  };
}

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe-core on the page (or one part of it) and returns the violations, readable. */
export async function axeViolations(page: Page, include?: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async (selector) => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(selector ? { include: [selector] } : document, { resultTypes: ['violations'] });
    return result.violations;
  }, include ?? null);
  return violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(' ')}: ${n.failureSummary ?? ''}`).join('\n')}`,
  );
}

/** Saves a screenshot of the page as a test artifact under apps/demo/test-results/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true, animations: 'disabled' });
}

/**
 * The highest level an audio meter of the page shows over a while, read from what the VolumeMeter writes
 * to the DOM each frame (`--hs-level`).
 */
export function peakLevel(page: Page, selector: string, ms: number): Promise<number> {
  return page.evaluate(
    ({ selector, ms }) =>
      new Promise<number>((resolve) => {
        let peak = 0;
        const end = performance.now() + ms;
        const read = () => {
          const el = document.querySelector<HTMLElement>(selector);
          peak = Math.max(peak, Number(el?.style.getPropertyValue('--hs-level') || 0));
          if (performance.now() < end) setTimeout(read, 20);
          else resolve(peak);
        };
        read();
      }),
    { selector, ms },
  );
}
