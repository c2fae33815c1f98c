// The one way a benchmark opens its page: a harness entry served on loopback, in Debian's Chromium with fake
// media devices, opened and ready (its entry has set `window.bench`). `run` gets the page; all is closed after.
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium, newMediaContext } from '../tools/testing/chromium.ts';
import { serveHarness } from '../tools/testing/serve.ts';

export async function withBenchPage<T>(
  entry: URL,
  title: string,
  run: (page: Page) => Promise<T>,
  options: { isolated?: boolean; chromiumArgs?: readonly string[] } = {},
): Promise<T> {
  const server = await serveHarness(fileURLToPath(entry), title, options);
  const browser = await launchChromium(options.chromiumArgs);
  try {
    const context = await newMediaContext(browser, server.origin);
    const page = await context.newPage();
    await page.goto(server.origin);
    await page.waitForFunction(() => 'bench' in window);
    return await run(page);
  } finally {
    await browser.close();
    await server.close();
  }
}
