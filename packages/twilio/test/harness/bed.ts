import type { Page } from 'playwright-core';
import { useGuardedBrowser } from '../../../../tools/testing/guardedBrowser';
import { routeTwilio } from '../../src/stand-in/playwright';
import { StandIn, type StandInOptions } from '../../src/stand-in/standIn';
import { testToken } from '../../src/stand-in/token';
import { pageFarParty } from './pageFarParty';

/** The chunderw host the Device dials; only Playwright's route ever answers it. */
export const HOST = 'stand-in.twilio.test';

/** The Device options a test may vary; the rest are fixed in page.ts (chunderw, sounds, publishEvents: false). */
export interface DeviceOptions {
  readonly tokenRefreshMs?: number;
  readonly publishEvents?: boolean;
}

export interface Bed {
  readonly standIn: StandIn;
  readonly phone: Page;
  readonly farPage: Page;
  /** Every request or socket that was headed off the machine (and was stopped). */
  readonly escaped: string[];
  /** Creates the Device with this token (not registered yet). */
  createDevice(token: string, options?: DeviceOptions): Promise<void>;
  /** Creates the Device with a token for `identity` and registers it. */
  register(options?: { identity?: string; ttlSecs?: number } & DeviceOptions): Promise<void>;
}

/**
 * One Chromium for the file; per test, a fresh stand-in, a phone page (the SDK under test) and a
 * far page (the far party's media), each in its own context. Anything not local or Twilio is
 * stopped and recorded in `escaped`.
 */
export function useBed(): { open(options?: StandInOptions & { telephoneEvent?: boolean }): Promise<Bed> } {
  const guarded = useGuardedBrowser(new URL('./page.ts', import.meta.url).pathname, 'twilio stand-in');

  return {
    async open({ telephoneEvent, ...options } = {}) {
      const escaped: string[] = [];
      const farContext = await guarded.context(escaped);
      const farPage = await farContext.newPage();
      await farPage.goto(guarded.origin);
      await farPage.waitForFunction(() => typeof window.far === 'object');
      const farParty = await pageFarParty(farPage, telephoneEvent === undefined ? {} : { telephoneEvent });
      const standIn = new StandIn({ farParty, ...options });
      guarded.afterTest(() => standIn.close());
      const phoneContext = await guarded.context(escaped);
      await routeTwilio(phoneContext, standIn, { host: HOST });
      const phone = await phoneContext.newPage();
      await phone.goto(guarded.origin);
      await phone.waitForFunction(() => typeof window.phone === 'object');
      const bed: Bed = {
        standIn,
        phone,
        farPage,
        escaped,
        async createDevice(token, options = {}) {
          await phone.evaluate(([jwt, host, deviceOptions]) => window.phone.setup(jwt, host, deviceOptions), [
            token,
            HOST,
            options,
          ] as const);
        },
        async register({ identity = 'alice', ttlSecs = 3600, ...options } = {}) {
          await bed.createDevice(testToken({ identity, ttlSecs }), options);
          await phone.evaluate(() => window.phone.register());
          await waitForLog(phone, 'device registered');
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

export function logLines(page: Page, needle: string): Promise<string[]> {
  return page.evaluate((text) => window.phone.log.filter((line) => line.includes(text)), needle);
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
