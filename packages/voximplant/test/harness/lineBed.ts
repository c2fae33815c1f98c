import type { Page } from 'playwright-core';
import { useGuardedBrowser } from '../../../../tools/testing/guardedBrowser';
import { oneTimeKeyHash } from '../../src/stand-in/account';
import { routeVoximplant } from '../../src/stand-in/playwright';
import { StandIn, type StandInOptions, TEST_USER } from '../../src/stand-in/standIn';
import { HOST } from './bed';
import { pageFarParty } from './pageFarParty';

/** The line's options as they cross into the page (the one-time-key hash is made on the Node side, as an app server would). */
export type LineOptions = Record<string, unknown>;

export interface LineBed {
  readonly standIn: StandIn;
  /** The page with the handset phone on the Voximplant line. */
  readonly page: Page;
  readonly farPage: Page;
  readonly escaped: string[];
  /** Another far party in a page of its own, for a second call at the same time (the stand-in takes the first free one). */
  addFarPage(): Promise<Page>;
  /** Creates the phone (the line's factory runs here); returns the error code it threw, or null. */
  create(options?: LineOptions): Promise<string | null>;
  /** Creates the phone with TEST_USER's password (or the options given) and connects it (logged in). */
  connect(options?: LineOptions): Promise<void>;
}

/** The options every test's line gets: TEST_USER with its password, the SDK pointed at the stand-in. */
export function lineOptions(options: LineOptions = {}): LineOptions {
  const auth = 'token' in options || 'oneTimeKeyVia' in options ? {} : { password: TEST_USER.password };
  return { username: TEST_USER.username, ...auth, ...options, init: { serverIp: HOST, showDebugInfo: false } };
}

/**
 * One Chromium for the file; per test a fresh stand-in, the phone page (handset on the Voximplant line) and a
 * far page (the far party's media), each in its own context. Anything not local is stopped and recorded.
 */
export function useLineBed(): { open(options?: StandInOptions): Promise<LineBed> } {
  const guarded = useGuardedBrowser(new URL('./linePage.ts', import.meta.url).pathname, 'voximplant line');

  return {
    async open(options = {}) {
      const escaped: string[] = [];
      const newFarPage = async () => {
        const page = await (await guarded.context(escaped)).newPage();
        await page.goto(guarded.origin);
        await page.waitForFunction(() => typeof window.far === 'object');
        return page;
      };
      const farPage = await newFarPage();
      const farParty = await pageFarParty(farPage);
      const standIn = new StandIn({ farParty, ...options });
      guarded.afterTest(() => standIn.close());
      const context = await guarded.context(escaped);
      await routeVoximplant(context, standIn, { host: HOST });
      const page = await context.newPage();
      await page.exposeFunction('hashOneTimeKey', (key: string) => oneTimeKeyHash(key, TEST_USER.username, TEST_USER.password));
      await page.goto(guarded.origin);
      await page.waitForFunction(() => typeof window.line === 'object');
      const bed: LineBed = {
        standIn,
        page,
        farPage,
        escaped,
        async addFarPage() {
          const page = await newFarPage();
          standIn.addFarParty(await pageFarParty(page));
          return page;
        },
        create: (given) => page.evaluate((o) => window.line.create(o as never), lineOptions(given)),
        async connect(given) {
          const refused = await bed.create(given);
          if (refused) throw new Error(`the line refused its options: ${refused}`);
          const failed = await page.evaluate(() => window.line.connect());
          if (failed) throw new Error(`connect() failed: ${failed}`);
        },
      };
      return bed;
    },
  };
}

/** Waits until a line of the page's log contains `needle`; returns that line. */
export async function waitForLine(page: Page, needle: string, timeout = 15_000): Promise<string> {
  try {
    const handle = await page.waitForFunction((text) => window.line.log.find((entry) => entry.includes(text)), needle, {
      timeout,
      polling: 20,
    });
    return (await handle.jsonValue()) as string;
  } catch (error) {
    const log = await page.evaluate(() => window.line.log.join('\n')).catch(() => '(page gone)');
    throw new Error(`waited ${timeout} ms for "${needle}"; the page logged:\n${log}`, { cause: error });
  }
}
