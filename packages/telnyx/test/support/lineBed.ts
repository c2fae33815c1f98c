/**
 * What the line's e2e tests share: Chromium, the line's test page, the stand-in with a far party in a second page,
 * and waits on the page's log. Every wait is bounded and says what it saw when it gives up.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, newMediaContext } from '../../../../tools/testing/chromium';
import { type HarnessServer, serveHarness } from '../../../../tools/testing/serve';
import {
  createPageFarParty,
  type FarParty,
  startTelnyxStandIn,
  type TelnyxStandIn,
  type TelnyxStandInOptions,
} from '../../src/stand-in/index';

export interface LineBed {
  readonly browser: Browser;
  readonly farPage: Page;
  readonly standIn: TelnyxStandIn;
  /** The page with the phones under test. */
  page: Page;
  context: BrowserContext;
  /** Every URL the phone page asked for (to prove nothing left 127.0.0.1). */
  readonly urls: string[];
  reopen(): Promise<void>;
  close(): Promise<void>;
}

export interface BedShared {
  readonly browser: Browser;
  readonly harness: HarnessServer;
  readonly farPage: Page;
  close(): Promise<void>;
}

export async function startShared(): Promise<BedShared> {
  const harness = await serveHarness(new URL('../harness/linePage.ts', import.meta.url).pathname, 'telnyx line test page');
  const browser = await launchChromium();
  const farContext = await newMediaContext(browser, harness.origin);
  const farPage = await farContext.newPage();
  await farPage.goto(harness.origin);
  return {
    browser,
    harness,
    farPage,
    close: async () => {
      await browser.close();
      await harness.close();
    },
  };
}

export async function startBed(shared: BedShared, options: Omit<TelnyxStandInOptions, 'farParty'> = {}): Promise<LineBed> {
  const standIn = await startTelnyxStandIn({ ...options, farParty: () => createPageFarParty(shared.farPage) });
  const urls: string[] = [];
  const bed: LineBed = {
    browser: shared.browser,
    farPage: shared.farPage,
    standIn,
    urls,
    page: undefined as unknown as Page,
    context: undefined as unknown as BrowserContext,
    async reopen() {
      await bed.context?.close();
      bed.context = await newMediaContext(shared.browser, shared.harness.origin);
      bed.page = await bed.context.newPage();
      bed.page.on('request', (request) => urls.push(request.url()));
      bed.page.on('websocket', (socket) => urls.push(socket.url()));
      await bed.page.goto(shared.harness.origin);
      await bed.page.waitForFunction(() => typeof window.line === 'object');
    },
    async close() {
      await bed.context?.close();
      await standIn.close();
    },
  };
  await bed.reopen();
  return bed;
}

/** URLs the page used that are not on 127.0.0.1 (must be none). */
export const offsite = (urls: readonly string[]) =>
  urls.filter((url) => !/^(https?|wss?):\/\/127\.0\.0\.1[:/]/.test(url) && !url.startsWith('data:'));

/** Waits until a log line from index `from` on contains `needle`; returns its index. */
export async function waitForLog(page: Page, needle: string, from = 0, timeout = 20_000): Promise<number> {
  try {
    const handle = await page.waitForFunction(
      ({ text, start }) => {
        const index = window.line.log.findIndex((line, at) => at >= start && line.includes(text));
        return index >= 0 ? { index } : false;
      },
      { text: needle, start: from },
      { timeout, polling: 50 },
    );
    return ((await handle.jsonValue()) as { index: number }).index;
  } catch (error) {
    const log = await page.evaluate(() => window.line.log.join('\n')).catch(() => '(page gone)');
    throw new Error(`waited ${timeout} ms for "${needle}"; the page logged:\n${log}`, { cause: error });
  }
}

export const logLength = (page: Page) => page.evaluate(() => window.line.log.length);

/** Polls until `read()` satisfies `ok`, or returns the last value after `timeout`. */
export async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeout = 15_000): Promise<T> {
  const deadline = Date.now() + timeout;
  let value = await read();
  while (!ok(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 150));
    value = await read();
  }
  return value;
}

/** Audio packets keep arriving: the count grows by more than 20 from now on (bounded wait). Resolves with the growth. */
export async function flowing(read: () => Promise<number>): Promise<number> {
  const start = await read();
  const later = await eventually(read, (value) => value > start + 20);
  return later - start;
}

/** Growth of packets both ways on a call: the far party's received (from the page) and the page's received (from the far party). */
export async function audioBothWays(bed: LineBed, callId: string): Promise<{ toFar: number; fromFar: number }> {
  const far = bed.standIn.call(callId).farParty as FarParty;
  const toFar = await flowing(() => far.inboundPackets());
  const fromFar = await flowing(() => bed.page.evaluate(() => window.line.inboundPackets()));
  return { toFar, fromFar };
}
