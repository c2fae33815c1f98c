/**
 * The hooks and helpers of a test file that drives Chromium pages registered with a real
 * Kamailio (and coturn, when asked): one page per user, each disposed after every test so that
 * no registration or call is left on the server. Nothing may reach unhandledrejection.
 */
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { launchChromium } from '../../../../tools/testing/chromium';
import { type HarnessServer, serveHarness } from '../../../../tools/testing/serve';
import { type CoturnBed, startCoturn } from './coturn';
import { type KamailioBed, startKamailio, testDomain, testUsers } from './kamailio';
import { openPhonePage, type PhonePage, waitForLog } from './pages';

export type User = keyof typeof testUsers;

export interface KamailioPhones {
  readonly kamailio: KamailioBed;
  /** Only with `{ coturn: true }`. */
  readonly turn: CoturnBed;
  /** sip({...}) options for a test user, SIP.js's log kept in the page. */
  lineOptions(user: User, extra?: Record<string, unknown>): Record<string, unknown>;
  /** A fresh page (own browser context, with the `initScript` if any), closed after the test. */
  openPage(): Promise<PhonePage>;
  /** Opens a page and registers `user` there. */
  phone(user: User, extra?: Record<string, unknown>): Promise<PhonePage>;
  /** A calls B and B answers; both call ids once both sides are active. */
  connectedCall(
    a: PhonePage,
    from: User,
    b: PhonePage,
    to: User,
    options?: Record<string, unknown>,
  ): Promise<{ callerId: string; calleeId: string }>;
}

export interface KamailioPhonesOptions {
  /** Start coturn too (`turn`). */
  readonly coturn?: boolean;
  /** Runs in every page before the harness's own scripts, e.g. to record what the page asks the browser for. */
  readonly initScript?: () => void;
}

export function useKamailioPhones(title: string, options: KamailioPhonesOptions = {}): KamailioPhones {
  let kamailio: KamailioBed | undefined;
  let turn: CoturnBed | undefined;
  let harness: HarnessServer | undefined;
  let browser: Browser | undefined;
  const open: PhonePage[] = [];

  beforeAll(async () => {
    // All at once, and whatever fails, nothing started is left running (afterAll stops it).
    const [k, t, h, b] = await Promise.allSettled([
      startKamailio(),
      options.coturn ? startCoturn() : Promise.resolve(undefined),
      serveHarness(fileURLToPath(new URL('../harness/page.ts', import.meta.url)), title),
      launchChromium(),
    ]);
    kamailio = k.status === 'fulfilled' ? k.value : undefined;
    turn = t.status === 'fulfilled' ? t.value : undefined;
    harness = h.status === 'fulfilled' ? h.value : undefined;
    browser = b.status === 'fulfilled' ? b.value : undefined;
    for (const result of [k, t, h, b]) if (result.status === 'rejected') throw result.reason;
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' || process.env.SIP_E2E_DUMP) {
      for (const { page } of open) {
        const dump = await page.evaluate(() => [...window.bed.log, ...window.bed.sipLog].join('\n')).catch(() => '(page gone)');
        console.log(`---- page log ----\n${dump}`);
      }
    }
    // Nothing may reach unhandledrejection, whatever the scenario (checked after the clean-up below).
    const rejections: string[] = [];
    for (const { page } of open) {
      rejections.push(
        ...(await page.evaluate(() => window.bed.log.filter((line) => line.startsWith('unhandledrejection'))).catch(() => [])),
      );
    }
    // Dispose the phones first so that no REGISTER or call is left on the server for the next test.
    await Promise.all(
      open.map(({ page }) =>
        page
          .evaluate(() =>
            ['alice', 'bob', 'carol', 'dave'].forEach((n) => {
              window.bed.dispose(n);
            }),
          )
          .catch(() => {}),
      ),
    );
    await Promise.all(open.splice(0).map(({ context }) => context.close().catch(() => {})));
    expect(rejections).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close().catch(() => {});
    await harness?.close().catch(() => {});
    await kamailio?.stop();
    await turn?.stop();
  });

  const started = <T>(value: T | undefined, what: string): T => {
    if (!value) throw new Error(`${what} is not running`);
    return value;
  };

  const phones: KamailioPhones = {
    get kamailio() {
      return started(kamailio, 'Kamailio');
    },
    get turn() {
      return started(turn, 'coturn (useKamailioPhones(title, { coturn: true }))');
    },
    lineOptions(user, extra = {}) {
      return {
        server: phones.kamailio.wsUrl,
        uri: `sip:${user}@${testDomain}`,
        password: testUsers[user],
        displayName: user[0]?.toUpperCase() + user.slice(1),
        reconnection: { baseMs: 100, maxMs: 1000, maxAttempts: 20 },
        keepSipLog: true,
        ...extra,
      };
    },
    async openPage() {
      const page = await openPhonePage(started(browser, 'Chromium'), started(harness, 'The harness').origin, options.initScript);
      open.push(page);
      return page;
    },
    async phone(user, extra = {}) {
      const page = await phones.openPage();
      const result = await page.page.evaluate(([name, lineOptions]) => window.bed.connect(name as string, lineOptions as never), [
        user,
        phones.lineOptions(user, extra),
      ] as const);
      expect(result, phones.kamailio.log().slice(-2000)).toEqual({ ok: true });
      return page;
    },
    async connectedCall(a, from, b, to, callOptions = {}) {
      const callerId = await a.page.evaluate(([name, dest, opts]) => window.bed.dial(name as string, dest as string, opts as never), [
        from,
        `sip:${to}@${testDomain}`,
        callOptions,
      ] as const);
      await waitForLog(b.page, `${to} incoming`);
      const calleeId = (await b.page.evaluate((name) => window.bed.incoming(name), to)) as string;
      await waitForLog(a.page, `${from} ${callerId} ringing early=false`);
      await b.page.evaluate((id) => window.bed.act(id, 'accept'), calleeId);
      await waitForLog(a.page, `${from} ${callerId} state active`);
      await waitForLog(b.page, `${to} ${calleeId} state active`);
      return { callerId, calleeId };
    },
  };
  return phones;
}
