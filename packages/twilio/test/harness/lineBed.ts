import type { Page } from 'playwright-core';
import { useGuardedBrowser } from '../../../../tools/testing/guardedBrowser';
import type { TwilioLineOptions } from '../../src/line/TwilioLine';
import { routeTwilio } from '../../src/stand-in/playwright';
import { StandIn, type StandInOptions } from '../../src/stand-in/standIn';
import { testToken } from '../../src/stand-in/token';
import { HOST } from './bed';
import { pageFarParty } from './pageFarParty';

export type LineOptions = Partial<Omit<TwilioLineOptions, 'hold' | 'recovery'>> & { holdAction?: 'ok' | 'fail'; recovery?: boolean };

export interface LineBed {
  readonly standIn: StandIn;
  /** The page with the handset phone on the Twilio line. */
  readonly page: Page;
  readonly farPage: Page;
  /** Every request or socket that was headed off the machine (and was stopped). */
  readonly escaped: string[];
  /** Creates the phone (the line's factory runs here); returns the error code it threw, or null. */
  create(options?: LineOptions): Promise<string | null>;
  /** Creates the phone with a token for alice and connects it (registered). */
  connect(options?: LineOptions): Promise<void>;
}

/** The options every test's line gets: the stand-in's host, Twilio's sounds silenced (handset's kit plays). */
export function lineOptions(options: LineOptions = {}): LineOptions {
  return {
    token: testToken({ identity: 'alice', ttlSecs: 3600 }),
    sounds: 'kit',
    ...options,
    sdkOptions: { chunderw: HOST, logLevel: 'silent', ...options.sdkOptions },
  };
}

/**
 * One Chromium for the file; per test a fresh stand-in, the phone page (handset on the Twilio line) and a
 * far page (the far party's media), each in its own context. Anything not local is stopped and recorded.
 */
export function useLineBed(): { open(options?: StandInOptions & { telephoneEvent?: boolean }): Promise<LineBed> } {
  const guarded = useGuardedBrowser(new URL('./linePage.ts', import.meta.url).pathname, 'twilio line');

  return {
    async open({ telephoneEvent, ...options } = {}) {
      const escaped: string[] = [];
      const farPage = await (await guarded.context(escaped)).newPage();
      await farPage.goto(guarded.origin);
      await farPage.waitForFunction(() => typeof window.far === 'object');
      const farParty = await pageFarParty(farPage, telephoneEvent === undefined ? {} : { telephoneEvent });
      const standIn = new StandIn({ farParty, ...options });
      guarded.afterTest(() => standIn.close());
      const context = await guarded.context(escaped);
      await routeTwilio(context, standIn, { host: HOST });
      const page = await context.newPage();
      await page.goto(guarded.origin);
      await page.waitForFunction(() => typeof window.line === 'object');
      const bed: LineBed = {
        standIn,
        page,
        farPage,
        escaped,
        create: (given) => page.evaluate((o) => window.line.create(o), lineOptions(given) as never),
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

export function linesOf(page: Page, needle: string): Promise<string[]> {
  return page.evaluate((text) => window.line.log.filter((entry) => entry.includes(text)), needle);
}
