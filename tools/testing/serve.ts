import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';

export interface HarnessServer {
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * Bundles a test page's entry (TypeScript, importing the workspace packages) with esbuild and
 * serves it on 127.0.0.1 at a random port: `/` is an empty HTML page that loads the bundle.
 * The page's script typically assigns helpers to `window` for playwright's `page.evaluate`.
 */
export async function serveHarness(
  entry: string,
  title = 'handset test page',
  options: { isolated?: boolean } = {},
): Promise<HarnessServer> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    sourcemap: 'inline',
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"development"' },
  });
  const script = result.outputFiles[0]?.contents ?? new Uint8Array();
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><script type="module" src="/harness.js"></script></body></html>`;
  // Cross-origin isolation gives performance.now() 5 µs resolution instead of 100 µs (for benchmarks).
  const isolation = options.isolated ? { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' } : {};
  const server: Server = createServer((request, response) => {
    if (request.url === '/harness.js') {
      response.writeHead(200, { 'content-type': 'text/javascript', ...isolation }).end(script);
    } else if (request.url === '/' || request.url?.startsWith('/?')) {
      response.writeHead(200, { 'content-type': 'text/html', ...isolation }).end(html);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
