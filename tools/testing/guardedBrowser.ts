import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchChromium, newMediaContext } from './chromium';
import { type HarnessServer, serveHarness } from './serve';

export interface GuardedBrowser {
  /** The harness server's origin: the only place the pages may reach. */
  readonly origin: string;
  /**
   * A fresh media context for this test. Every request or WebSocket headed anywhere but the harness server is
   * stopped and recorded in `escaped`, so that a test can show nothing left the machine. Registered first, so
   * the routes a stand-in adds later take precedence over these catch-alls.
   */
  context(escaped: string[]): Promise<BrowserContext>;
  /** Runs `stop` after the current test (a stand-in's close). */
  afterTest(stop: () => void): void;
}

/**
 * One Chromium and one harness server (`entry` bundled) for the test file, for offline tests of a provider SDK
 * against a local stand-in; the contexts and what `afterTest` was given are closed after each test.
 * `allow` lets more URLs through (e.g. `data:` sounds).
 */
export function useGuardedBrowser(entry: string, name: string, allow: (url: string) => boolean = () => false): GuardedBrowser {
  let browser: Browser;
  let server: HarnessServer;
  const contexts: BrowserContext[] = [];
  const stops: (() => void)[] = [];

  beforeAll(async () => {
    server = await serveHarness(entry, name);
    browser = await launchChromium();
  });
  afterEach(async () => {
    for (const stop of stops.splice(0)) stop();
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  return {
    get origin() {
      return server.origin;
    },
    async context(escaped) {
      const context = await newMediaContext(browser, server.origin);
      contexts.push(context);
      await context.route('**/*', async (route) => {
        const url = route.request().url();
        if (url.startsWith(`${server.origin}/`) || allow(url)) return route.continue();
        escaped.push(url);
        return route.abort();
      });
      await context.routeWebSocket(/.*/, (socket) => {
        escaped.push(socket.url());
        void socket.close();
      });
      return context;
    },
    afterTest(stop) {
      stops.push(stop);
    },
  };
}
