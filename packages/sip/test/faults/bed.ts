/**
 * The fault bed of the SIP line's tests: Kamailio and coturn on loopback, the signalling proxy in
 * front of Kamailio and the UDP impairment relay in front of coturn. Alice is the phone under test:
 * her WebSocket runs through the proxy and her media, relay-only, through the impairment relay.
 * Bob is the far end, straight to Kamailio and coturn (relay-only too, so the media never takes a
 * shortcut past the relay). Every page is closed and every phone disposed after each test.
 */
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { launchChromium, newMediaContext } from '../../../../tools/testing/chromium';
import { type SignallingProxy, startSignallingProxy } from '../../../../tools/testing/faults/signallingProxy';
import { startUdpImpairmentRelay, type UdpImpairmentRelay } from '../../../../tools/testing/faults/udpRelay';
import { type HarnessServer, serveHarness } from '../../../../tools/testing/serve';
import { type CoturnBed, startCoturn } from '../bed/coturn';
import { type KamailioBed, startKamailio, testDomain, testUsers } from '../bed/kamailio';

/** The kit samples quality this often in these tests (the default is 1000 ms). */
export const sampleIntervalMs = 500;

export interface FaultPhone {
  readonly page: Page;
  readonly name: 'alice' | 'bob';
}

export interface FaultBed {
  readonly kamailio: KamailioBed;
  readonly turn: CoturnBed;
  readonly proxy: SignallingProxy;
  readonly relay: UdpImpairmentRelay;
  /** Alice through the proxy and the relay; Bob straight to the servers. `extra` overrides line options. */
  phone(name: 'alice' | 'bob', extra?: Record<string, unknown>): Promise<FaultPhone>;
  /** Alice calls Bob, Bob answers; both call ids once both are active. */
  call(alice: FaultPhone, bob: FaultPhone): Promise<{ aliceId: string; bobId: string }>;
}

/** Waits for a log line containing `needle` (after line `from`); returns it with its page time. */
export async function waitFor(page: Page, needle: string, timeout = 15_000, from = 0): Promise<{ line: string; t: number }> {
  try {
    const handle = await page.waitForFunction(
      ([text, start]) => window.faults.log.slice(start as number).find((line) => line.includes(text as string)),
      [needle, from] as const,
      { timeout, polling: 50 },
    );
    const line = (await handle.jsonValue()) as string;
    return { line, t: Number(/^t=(\d+)/.exec(line)?.[1]) };
  } catch (error) {
    const log = await page.evaluate(() => window.faults.log.join('\n')).catch(() => '(page gone)');
    throw new Error(`waited ${timeout} ms for "${needle}"; the page logged:\n${log}`, { cause: error });
  }
}

/** The log lines containing `needle`, in order. */
export function lines(page: Page, needle: string): Promise<string[]> {
  return page.evaluate((text) => window.faults.log.filter((line) => line.includes(text)).map((l) => l.replace(/^t=\d+ /, '')), needle);
}

export const pageNow = (page: Page) => page.evaluate(() => window.faults.now());
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function useFaultBed(title: string): FaultBed {
  let kamailio: KamailioBed | undefined;
  let turn: CoturnBed | undefined;
  let proxy: SignallingProxy | undefined;
  let relay: UdpImpairmentRelay | undefined;
  let harness: HarnessServer | undefined;
  let browser: Browser | undefined;
  const open: { context: BrowserContext; page: Page; name: string }[] = [];

  beforeAll(async () => {
    const [k, t, h, b] = await Promise.allSettled([
      startKamailio(),
      startCoturn(),
      serveHarness(fileURLToPath(new URL('./page.ts', import.meta.url)), title),
      launchChromium(),
    ]);
    kamailio = k.status === 'fulfilled' ? k.value : undefined;
    turn = t.status === 'fulfilled' ? t.value : undefined;
    harness = h.status === 'fulfilled' ? h.value : undefined;
    browser = b.status === 'fulfilled' ? b.value : undefined;
    for (const result of [k, t, h, b]) if (result.status === 'rejected') throw result.reason;
    proxy = await startSignallingProxy({ port: (kamailio as KamailioBed).wsPort });
  });

  // A fresh relay per test: its record starts empty and no impairment outlives a test.
  beforeEach(async () => {
    relay = await startUdpImpairmentRelay(started(turn, 'coturn').iceServer);
  });

  afterEach(async (context) => {
    const failed = context.task.result?.state === 'fail';
    const rejections: string[] = [];
    for (const { page, name } of open) {
      const log = await page.evaluate(() => window.faults.log).catch(() => [] as string[]);
      if (failed) console.log(`---- ${name}'s page log ----\n${log.join('\n')}`);
      rejections.push(...log.filter((line) => line.includes('unhandledrejection')));
      await page.evaluate((n) => window.faults.dispose(n), name).catch(() => {});
    }
    await Promise.all(open.splice(0).map(({ context: c }) => c.close().catch(() => {})));
    proxy?.delay(0);
    proxy?.closeAll();
    await relay?.close();
    relay = undefined;
    expect(rejections).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close().catch(() => {});
    await harness?.close().catch(() => {});
    await proxy?.close();
    await relay?.close();
    await kamailio?.stop();
    await turn?.stop();
  });

  function started<T>(value: T | undefined, what: string): T {
    if (!value) throw new Error(`${what} is not running`);
    return value;
  }

  const bed: FaultBed = {
    get kamailio() {
      return started(kamailio, 'Kamailio');
    },
    get turn() {
      return started(turn, 'coturn');
    },
    get proxy() {
      return started(proxy, 'the signalling proxy');
    },
    get relay() {
      return started(relay, 'the impairment relay');
    },
    async phone(name, extra = {}) {
      const context = await newMediaContext(started(browser, 'Chromium'), started(harness, 'the harness').origin);
      const page = await context.newPage();
      open.push({ context, page, name });
      await page.goto(started(harness, 'the harness').origin);
      await page.waitForFunction(() => typeof window.faults === 'object');
      const underTest = name === 'alice';
      const options = {
        server: underTest ? bed.proxy.wsUrl : bed.kamailio.wsUrl,
        uri: `sip:${name}@${testDomain}`,
        password: testUsers[name],
        iceServers: [underTest ? bed.relay.iceServer : bed.turn.iceServer],
        forceRelayCandidate: true,
        reconnection: { baseMs: 200, maxMs: 2000, maxAttempts: 30 },
        ...extra,
      };
      const result = await page.evaluate(([n, o, ms]) => window.faults.connect(n as string, o as never, ms as number), [
        name,
        options,
        sampleIntervalMs,
      ] as const);
      expect(result, bed.kamailio.log().slice(-2000)).toEqual({ ok: true });
      return { page, name };
    },
    async call(alice, bob) {
      const aliceId = await alice.page.evaluate((to) => window.faults.dial('alice', to), `sip:bob@${testDomain}`);
      const incoming = await waitFor(bob.page, 'bob incoming ');
      const bobId = incoming.line.split(' ').at(-1) as string;
      await bob.page.evaluate((id) => window.faults.act(id, 'accept'), bobId);
      await waitFor(alice.page, `alice ${aliceId} state active`);
      await waitFor(bob.page, `bob ${bobId} state active`);
      return { aliceId, bobId };
    },
  };
  return bed;
}
