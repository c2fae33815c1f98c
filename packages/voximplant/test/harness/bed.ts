import type { Page } from 'playwright-core';
import { useGuardedBrowser } from '../../../../tools/testing/guardedBrowser';
import { routeVoximplant } from '../../src/stand-in/playwright';
import { StandIn, type StandInOptions, TEST_USER } from '../../src/stand-in/standIn';
import { pageFarParty } from './pageFarParty';

/** The server the SDK is given as `serverIp`; only Playwright's route ever answers it. */
export const HOST = 'stand-in.voximplant.test';

export interface Bed {
  readonly standIn: StandIn;
  readonly phone: Page;
  readonly farPage: Page;
  /** Every request or socket that was headed off the machine (and was stopped). */
  readonly escaped: string[];
  /** `init` + `connect` on the phone page. */
  connect(): Promise<void>;
  /** Connects and logs TEST_USER in with its password. */
  login(): Promise<void>;
}

/**
 * One Chromium for the file; per test, a fresh stand-in, a phone page (the SDK under test) and a far
 * page (the far party's media), each in its own context. Anything not local or Voximplant's is stopped
 * and recorded in `escaped`.
 */
export function useBed(entry = new URL('./page.ts', import.meta.url).pathname): { open(options?: StandInOptions): Promise<Bed> } {
  const guarded = useGuardedBrowser(entry, 'voximplant stand-in', (url) => url.startsWith('data:'));

  return {
    async open(options = {}) {
      const escaped: string[] = [];
      const farContext = await guarded.context(escaped);
      const farPage = await farContext.newPage();
      await farPage.goto(guarded.origin);
      await farPage.waitForFunction(() => typeof window.far === 'object');
      const farParty = await pageFarParty(farPage);
      const standIn = new StandIn({ farParty, ...options });
      guarded.afterTest(() => standIn.close());
      const phoneContext = await guarded.context(escaped);
      await routeVoximplant(phoneContext, standIn, { host: HOST });
      const phone = await phoneContext.newPage();
      await phone.goto(guarded.origin);
      await phone.waitForFunction(() => typeof window.phone === 'object');
      const bed: Bed = {
        standIn,
        phone,
        farPage,
        escaped,
        async connect() {
          await phone.evaluate((host) => window.phone.connect(host), HOST);
        },
        async login() {
          await bed.connect();
          await phone.evaluate(([username, password]) => window.phone.login(username, password), [
            TEST_USER.username,
            TEST_USER.password,
          ] as const);
          await waitForLog(phone, 'client login ');
        },
      };
      return bed;
    },
  };
}

/** Waits until a line of the phone page's log contains `needle`; returns that line. */
export async function waitForLog(page: Page, needle: string, timeout = 15_000): Promise<string> {
  try {
    const handle = await page.waitForFunction((text) => window.phone.log.find((line) => line.includes(text)), needle, {
      timeout,
      polling: 20,
    });
    return (await handle.jsonValue()) as string;
  } catch (error) {
    const log = await page.evaluate(() => window.phone.log.join('\n')).catch(() => '(page gone)');
    throw new Error(`waited ${timeout} ms for "${needle}"; the page logged:\n${log}`, { cause: error });
  }
}

/** Polls until `read()` satisfies `ok`, or gives up after `timeout` with the last value. */
export async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeout = 15_000): Promise<T> {
  const deadline = Date.now() + timeout;
  let value = await read();
  while (!ok(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}
