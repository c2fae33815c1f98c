import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { newMediaContext } from '../../../../tools/testing/chromium';

export interface PhonePage {
  readonly page: Page;
  readonly context: BrowserContext;
}

/**
 * A fresh browser context (own microphone permission) with the harness page loaded; `initScript`,
 * if given, runs in the page before any of its own scripts (playwright's addInitScript).
 */
export async function openPhonePage(browser: Browser, origin: string, initScript?: () => void): Promise<PhonePage> {
  const context = await newMediaContext(browser, origin);
  if (initScript) await context.addInitScript(initScript);
  const page = await context.newPage();
  await page.goto(origin);
  await page.waitForFunction(() => typeof window.bed === 'object');
  return { page, context };
}

/** Waits until a line of the page's event log contains `needle`; returns that line. */
export async function waitForLog(page: Page, needle: string, timeout = 15_000): Promise<string> {
  try {
    const handle = await page.waitForFunction((text) => window.bed.log.find((line) => line.includes(text)), needle, {
      timeout,
      polling: 20,
    });
    return (await handle.jsonValue()) as string;
  } catch (error) {
    const log = await page.evaluate(() => window.bed.log.join('\n')).catch(() => '(page gone)');
    throw new Error(`waited ${timeout} ms for "${needle}"; the page logged:\n${log}`, { cause: error });
  }
}

/** The page's event log lines that contain `needle`, in order. */
export function logLines(page: Page, needle: string): Promise<string[]> {
  return page.evaluate((text) => window.bed.log.filter((line) => line.includes(text)), needle);
}

/** Polls until `read()` satisfies `ok`, or fails after `timeout` with the last value. */
export async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeout = 10_000): Promise<T> {
  const deadline = Date.now() + timeout;
  let value = await read();
  while (!ok(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

/** Audio has arrived on both sides of a call between two phone pages (inbound RTP packets at each end). */
export async function audioBothWays(a: PhonePage, b: PhonePage, ids: { callerId: string; calleeId: string }): Promise<void> {
  const packets = async () => [
    await a.page.evaluate((id) => window.bed.inboundAudioPackets(id), ids.callerId),
    await b.page.evaluate((id) => window.bed.inboundAudioPackets(id), ids.calleeId),
  ];
  const [x, y] = await eventually(packets, ([p, q]) => (p ?? 0) > 0 && (q ?? 0) > 0);
  expect(x).toBeGreaterThan(0);
  expect(y).toBeGreaterThan(0);
}
