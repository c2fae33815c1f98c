/**
 * The demo softphone, tried as a new user would: the built demo served locally, Debian's Chromium with
 * fake media devices, every step through what the page shows (roles, names, state attributes).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newMediaContext } from '../../../tools/testing/chromium.ts';
import { axeViolations, type DemoServer, peakLevel, screenshot, serveBuiltDemo } from './harness';

let server: DemoServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let run = 0;

beforeAll(async () => {
  // allSettled, assigning each as it starts: if one fails, afterAll still stops the other.
  const started = await Promise.allSettled([serveBuiltDemo().then((s) => (server = s)), launchChromium().then((b) => (browser = b))]);
  for (const result of started) if (result.status === 'rejected') throw result.reason;
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await server?.close();
});

/** A fresh browser profile with the microphone allowed. */
async function newContext(): Promise<BrowserContext> {
  const context = await newMediaContext(browser, server.origin);
  context.setDefaultTimeout(10_000); // a missing element fails the step quickly, with its name
  contexts.push(context);
  return context;
}

/** Opens the demo as extension `ext` and waits until it is online. */
async function openDemo(context: BrowserContext, ext: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[${ext}] page error:`, error));
  await page.goto(`${server.origin}/?ext=${ext}`);
  await page.locator('.demo-app[data-registration="registered"]').waitFor();
  return page;
}

const unique = (name: string) => `${name}-${process.pid}-${++run}`;
const status = (page: Page) => page.locator('[data-testid="in-call"] .demo-call-status');
const heading = (page: Page) => page.locator('[data-testid="in-call"] h2');

async function expectNoViolations(page: Page, what: string, include?: string): Promise<void> {
  const violations = await axeViolations(page, include);
  expect(violations, `axe on ${what}`).toEqual([]);
}

async function dialName(page: Page, destination: string): Promise<void> {
  await page.getByRole('textbox', { name: /Call a name/ }).fill(destination);
  await page.getByRole('button', { name: 'Call', exact: true }).last().click();
}

describe('the demo softphone', () => {
  it('calls echo: active, hears itself, mutes, sends digits, hangs up, finds the call in recent calls', async () => {
    const page = await openDemo(await newContext(), unique('echo-user'));
    await expect.poll(() => page.getByRole('heading', { name: 'Recent calls' }).isVisible()).toBe(true);
    await expectNoViolations(page, 'the dial screen');
    await screenshot(page, '1-dial-screen');

    await page.getByRole('button', { name: /^Call echo/ }).click();
    await expect.poll(() => status(page).getAttribute('data-state'), { timeout: 10_000 }).toBe('active');
    await expect.poll(() => status(page).textContent()).toBe('Connected');
    expect(await heading(page).textContent()).toBe('echo');

    // The far side (echo) plays the fake microphone's beeps back: the output meter moves.
    const output = '[data-testid="in-call"] .hs-volume-meter[data-side="output"]';
    await expect.poll(() => peakLevel(page, output, 1500), { timeout: 10_000 }).toBeGreaterThan(0.1);
    const before = await peakLevel(page, output, 2000);

    await page.getByRole('button', { name: 'Mute' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Mute' }).getAttribute('aria-pressed')).toBe('true');
    // The echo is one second late, and later still on a loaded machine: the output falls silent once it has passed.
    await expect.poll(() => peakLevel(page, output, 1500), { timeout: 10_000 }).toBeLessThan(before / 4);

    await page.getByRole('button', { name: 'Mute' }).click();
    await page.getByRole('button', { name: 'Keypad' }).click();
    const keypad = page.getByRole('group', { name: 'Keypad' });
    for (const digit of ['1', '2', '#']) await keypad.getByRole('button', { name: digit, exact: true }).click();
    await expect.poll(() => keypad.locator('output').textContent()).toBe('12#');

    // Wait for a few quality samples, so the chart has lines.
    await expect.poll(() => page.locator('.demo-chart').getAttribute('data-samples'), { timeout: 10_000 }).not.toMatch(/^[012]$/);
    await expectNoViolations(page, 'the in-call screen');
    await screenshot(page, '2-in-call-echo');

    await page.getByRole('button', { name: 'Hang up' }).click();
    await page.locator('[data-testid="dial"]').waitFor();
    expect(await page.locator('.demo-app').getAttribute('data-live-calls')).toBe('0');
    await expect.poll(() => page.locator('[data-testid="last-call"] .hs-call-status').getAttribute('data-state')).toBe('ended');
    const recent = page.locator('[data-testid="recents"] .demo-recent').first();
    expect(await recent.getAttribute('data-direction')).toBe('outgoing');
    expect(await recent.getAttribute('data-end-reason')).toBe('hangup');
    expect(Number(await recent.getAttribute('data-duration'))).toBeGreaterThanOrEqual(4);
    expect(await recent.textContent()).toMatch(/echo.*Outgoing.*0:0[4-9].*ended/);
    await screenshot(page, '3-dial-screen-with-recent-call');

    // Click to call back.
    await recent.click();
    await expect.poll(() => status(page).getAttribute('data-state'), { timeout: 10_000 }).toBe('active');
    await page.getByRole('button', { name: 'Hang up' }).click();
    await page.locator('[data-testid="dial"]').waitFor();
  });

  it('tab to tab: A calls B, B answers from the dialog, holds, A hangs up', async () => {
    const context = await newContext();
    const [a, b] = await Promise.all([openDemo(context, unique('alice')), openDemo(context, unique('bob'))]);
    const bobExt = new URL(b.url()).searchParams.get('ext')!;

    await dialName(a, bobExt);
    const dialog = b.getByRole('alertdialog', { name: 'Incoming call' });
    await dialog.waitFor({ timeout: 10_000 });
    await expect.poll(() => b.evaluate(() => document.activeElement?.textContent)).toBe('Accept');
    expect(await dialog.getAttribute('aria-describedby')).toBeTruthy();
    await expectNoViolations(b, 'the incoming call dialog');
    await screenshot(b, '4-incoming-call-dialog');

    await b.keyboard.press('Enter'); // Accept has the focus
    await expect.poll(() => status(b).getAttribute('data-state'), { timeout: 10_000 }).toBe('active');
    await expect.poll(() => status(a).getAttribute('data-state'), { timeout: 10_000 }).toBe('active');

    await b.getByRole('button', { name: 'Hold' }).click();
    await expect.poll(() => status(b).textContent()).toBe('On hold');
    await expect.poll(() => a.locator('[data-testid="remote-hold"]').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await status(a).getAttribute('data-remote-hold')).toBe('');
    await screenshot(a, '5-in-call-held-by-the-other-side');

    await a.getByRole('button', { name: 'Hang up' }).click();
    for (const page of [a, b]) {
      await expect
        .poll(() => page.locator('[data-testid="last-call"] .hs-call-status').textContent(), { timeout: 10_000 })
        .toBe('Call ended');
      expect(await page.locator('.demo-app').getAttribute('data-live-calls')).toBe('0');
    }
    await a.close();
    await b.close();
  });

  it('call waiting: C calls A while A talks to B; A holds B and accepts C, then swaps back to B', async () => {
    const context = await newContext();
    const [a, b, c] = await Promise.all([
      openDemo(context, unique('anna')),
      openDemo(context, unique('ben')),
      openDemo(context, unique('cleo')),
    ]);
    const [aExt, bExt, cExt] = [a, b, c].map((p) => new URL(p.url()).searchParams.get('ext')!);

    await dialName(a, bExt!);
    await b.getByRole('alertdialog', { name: 'Incoming call' }).waitFor({ timeout: 10_000 });
    await b.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => status(a).getAttribute('data-state'), { timeout: 10_000 }).toBe('active');

    await dialName(c, aExt!);
    const waiting = a.getByRole('alertdialog', { name: 'Call waiting' });
    await waiting.waitFor({ timeout: 10_000 });
    await expect.poll(() => a.evaluate(() => document.activeElement?.textContent)).toBe('Hold & accept');
    expect(await waiting.getByRole('button', { name: 'End & accept' }).isEnabled()).toBe(true);
    expect(await waiting.getByRole('button', { name: 'Decline' }).isEnabled()).toBe(true);
    await expectNoViolations(a, 'the call waiting dialog');
    await screenshot(a, '6-call-waiting-dialog');

    await waiting.getByRole('button', { name: 'Hold & accept' }).click();
    await expect.poll(() => heading(a).textContent(), { timeout: 10_000 }).toBe(cExt);
    await expect.poll(() => status(a).getAttribute('data-state'), { timeout: 10_000 }).toBe('active');
    await expect.poll(() => a.locator('.demo-other-call').getAttribute('data-state')).toBe('held');
    await expect.poll(() => b.locator('[data-testid="remote-hold"]').isVisible(), { timeout: 10_000 }).toBe(true);
    await expectNoViolations(a, 'the in-call screen with a held call');
    await screenshot(a, '7-in-call-with-a-held-call');

    await a.getByRole('button', { name: `Swap to ${bExt}` }).click();
    await expect.poll(() => heading(a).textContent(), { timeout: 10_000 }).toBe(bExt);
    await expect.poll(() => status(a).getAttribute('data-state'), { timeout: 10_000 }).toBe('active');
    await expect.poll(() => a.locator('.demo-other-call').getAttribute('data-state')).toBe('held');
    await expect.poll(() => c.locator('[data-testid="remote-hold"]').isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => b.locator('[data-testid="remote-hold"]').count(), { timeout: 10_000 }).toBe(0);

    await a.getByRole('button', { name: `Hang up ${cExt}` }).click();
    await a.getByRole('button', { name: 'Hang up' }).click();
    for (const page of [a, b, c])
      await expect.poll(() => page.locator('.demo-app').getAttribute('data-live-calls'), { timeout: 10_000 }).toBe('0');
    await Promise.all([a.close(), b.close(), c.close()]);
  });

  it('settings: devices, a microphone test with a live meter, the ringtone test, the line', async () => {
    const page = await openDemo(await newContext(), unique('settings-user'));
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Test microphone' }).click();
    await expect.poll(() => peakLevel(page, '[data-testid="mic-test"] .hs-volume-meter', 1500), { timeout: 10_000 }).toBeGreaterThan(0.1);
    await expect.poll(() => page.getByRole('combobox', { name: 'Microphone' }).locator('option').count()).toBeGreaterThan(1);
    await page.getByRole('button', { name: 'Play ringtone' }).click();
    expect(await page.getByRole('button', { name: 'Stop ringtone' }).getAttribute('data-state')).toBe('on');
    await expectNoViolations(page, 'the settings screen');
    await screenshot(page, '8-settings');
    await page.getByRole('button', { name: 'Stop ringtone' }).click();
    await page.getByRole('button', { name: 'Stop microphone test' }).click();

    // A new extension: the phone reconnects under that name.
    await page.getByRole('textbox', { name: 'Extension' }).fill('echo');
    await page.getByRole('button', { name: 'Save and reconnect' }).click();
    expect(await page.getByRole('alert').filter({ hasText: 'sandbox number' }).count()).toBe(1);
    const renamed = unique('renamed');
    await page.getByRole('textbox', { name: 'Extension' }).fill(renamed);
    await page.getByRole('button', { name: 'Save and reconnect' }).click();
    await expect.poll(() => page.getByTestId('extension').textContent(), { timeout: 10_000 }).toBe(renamed);

    // A second tab taking the same name is told why it cannot register.
    const twin = await page.context().newPage();
    await twin.goto(`${server.origin}/?ext=${renamed}`);
    const problem = twin.getByTestId('registration-error');
    await problem.waitFor({ timeout: 10_000 });
    expect(await problem.textContent()).toMatch(/Another tab already uses this extension/);
    await expectNoViolations(twin, 'the registration failure');
    await screenshot(twin, '9-registration-failed');

    // A number that cannot be dialled gets a human message where it was typed.
    await page.getByRole('button', { name: 'Phone' }).click();
    const number = page.getByRole('textbox', { name: 'Phone number' });
    await number.fill('12#');
    await number.press('Enter');
    const dialpad = page.getByRole('group', { name: 'Dialpad' });
    expect(await dialpad.getByRole('alert').textContent({ timeout: 5000 })).toMatch(/not a number we can dial/);
    expect(await number.getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('textbox', { name: /Call a name/ }).fill('not a number!');
    await page.getByRole('textbox', { name: /Call a name/ }).press('Enter');
    expect(await page.locator('.demo-name-form').getByRole('alert').textContent({ timeout: 5000 })).toMatch(/not a number we can dial/);
    expect(await page.locator('.demo-app').getAttribute('data-live-calls')).toBe('0');
    // And a call the far side refuses is told with its reason.
    await page.getByRole('button', { name: /^Call busy/ }).click();
    await expect
      .poll(
        () =>
          page
            .getByTestId('notice')
            .first()
            .textContent({ timeout: 1000 })
            .catch(() => ''),
        { timeout: 10_000 },
      )
      .toMatch(/busy is busy \(SIP 486\)/);
    await screenshot(page, '10-call-failures');
  });
});

describe('the demo softphone without the microphone', () => {
  let denied: Browser;
  beforeAll(async () => {
    denied = await launchChromium(['--use-fake-ui-for-media-stream=deny']); // the last flag wins: every prompt is refused
  });
  afterAll(async () => {
    await denied?.close();
  });

  it('tells the user the microphone is blocked, and leaves no call behind', async () => {
    const context = await denied.newContext();
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto(`${server.origin}/?ext=${unique('no-mic')}`);
    await page.locator('.demo-app[data-registration="registered"]').waitFor();
    await page.getByRole('button', { name: /^Call echo/ }).click();
    const notice = page.getByTestId('notice');
    await expect.poll(() => notice.first().textContent(), { timeout: 10_000 }).toMatch(/microphone is blocked/);
    expect(await notice.first().getAttribute('role')).toBe('alert');
    await expect.poll(() => page.locator('.demo-app').getAttribute('data-live-calls')).toBe('0');
    expect(await page.locator('[data-testid="in-call"]').count()).toBe(0);
    expect(await page.evaluate(() => document.querySelectorAll('audio').length)).toBe(0);
    await expectNoViolations(page, 'the dial screen with the microphone blocked');
    await screenshot(page, '11-microphone-blocked');

    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Test microphone' }).click();
    await expect.poll(() => page.getByTestId('mic-test').getByRole('alert').textContent()).toMatch(/microphone is blocked/);
    await context.close();
  });
});
