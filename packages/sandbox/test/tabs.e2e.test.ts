/// <reference types="node" />
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchChromium, newMediaContext } from '../../../tools/testing/chromium';
import { type HarnessServer, serveHarness } from '../../../tools/testing/serve';

/** The page script's API (see pages/tab.ts). */
type Tab = {
  connect(extension: string, channel: string): Promise<void>;
  dial(extension: string): void;
  reach(state: string, timeoutMs?: number): Promise<void>;
  state(): string | null;
  remoteHold(): boolean;
  events(): string[];
  accept(): void;
  hold(): void;
  unhold(): void;
  hangup(): void;
  inbound(): Promise<{ packets: number; peak: number }>;
  leftovers(): { pcState: string | null; tracks: string[] };
};
declare const tab: Tab;

let server: HarnessServer;
let browser: Browser;

beforeAll(async () => {
  // allSettled, assigning each as it starts: if one fails, afterAll still stops the other.
  const started = await Promise.allSettled([
    serveHarness(new URL('./pages/tab.ts', import.meta.url).pathname, 'sandbox tab').then((s) => (server = s)),
    launchChromium().then((b) => (browser = b)),
  ]);
  for (const result of started) if (result.status === 'rejected') throw result.reason;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openTab(context: Awaited<ReturnType<typeof newMediaContext>>): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error));
  await page.goto(server.origin);
  await page.waitForFunction(() => 'tab' in window);
  return page;
}

test('two pages call each other by extension: ring, answer, media both ways, hold and unhold on both sides, callee hangs up', async () => {
  // One browser context, two pages: two tabs of one origin, which is what BroadcastChannel connects.
  const context = await newMediaContext(browser, server.origin);
  const [alice, bob] = await Promise.all([openTab(context), openTab(context)]);
  const channel = `e2e-${Date.now()}`;
  await alice.evaluate((c) => tab.connect('alice', c), channel);
  await bob.evaluate((c) => tab.connect('bob', c), channel);

  // Ring.
  await bob.evaluate(() => tab.dial('alice'));
  await alice.waitForFunction(() => tab.state() === 'incoming');
  await bob.evaluate(() => tab.reach('ringing'));
  expect(await alice.evaluate(() => tab.events())).toContain('incoming:bob');

  // Answer; media both ways.
  await alice.evaluate(() => tab.accept());
  await Promise.all([alice.evaluate(() => tab.reach('active')), bob.evaluate(() => tab.reach('active'))]);
  await alice.waitForTimeout(1000);
  const [aliceIn, bobIn] = await Promise.all([alice.evaluate(() => tab.inbound()), bob.evaluate(() => tab.inbound())]);
  expect(aliceIn.packets).toBeGreaterThan(30);
  expect(bobIn.packets).toBeGreaterThan(30);
  expect(aliceIn.peak).toBeGreaterThan(0.05);
  expect(bobIn.peak).toBeGreaterThan(0.05);

  // Hold and unhold by the caller, seen on both sides.
  await bob.evaluate(() => tab.hold());
  expect(await bob.evaluate(() => tab.state())).toBe('held');
  await alice.waitForFunction(() => tab.remoteHold(), undefined, { timeout: 5000 });
  await bob.evaluate(() => tab.unhold());
  await alice.waitForFunction(() => !tab.remoteHold(), undefined, { timeout: 5000 });
  expect(await bob.evaluate(() => tab.state())).toBe('active');

  // And by the callee.
  await alice.evaluate(() => tab.hold());
  await bob.waitForFunction(() => tab.remoteHold(), undefined, { timeout: 5000 });
  await alice.evaluate(() => tab.unhold());
  await bob.waitForFunction(() => !tab.remoteHold(), undefined, { timeout: 5000 });

  expect(await alice.evaluate(() => tab.events())).toEqual([
    'incoming:bob',
    'state:connecting',
    'state:active',
    'hold:remote',
    'unhold:remote',
    'state:held',
    'hold:local',
    'state:active',
    'unhold:local',
  ]);
  expect((await bob.evaluate(() => tab.events())).filter((e) => e.includes('hold'))).toEqual([
    'hold:local',
    'unhold:local',
    'hold:remote',
    'unhold:remote',
  ]);

  // Media flows again after the holds.
  expect((await bob.evaluate(() => tab.inbound())).peak).toBeGreaterThan(0.05);

  // The callee hangs up.
  await alice.evaluate(() => tab.hangup());
  await bob.waitForFunction(() => tab.state() === 'ended', undefined, { timeout: 5000 });
  expect((await bob.evaluate(() => tab.events())).at(-1)).toBe('ended:hangup:remote');
  expect((await alice.evaluate(() => tab.events())).at(-1)).toBe('ended:hangup:local');
  for (const page of [alice, bob]) {
    expect(await page.evaluate(() => tab.leftovers())).toEqual({ pcState: 'closed', tracks: ['ended', 'ended'] });
  }
  await context.close();
});
