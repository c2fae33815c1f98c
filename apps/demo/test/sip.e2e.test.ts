/**
 * The demo on the SIP line, as a user would set it up: the built demo served locally, each page switched to
 * "SIP over WebSocket" in Settings and registered with a real Kamailio on loopback (the SIP line's test bed,
 * packages/sip/test/bed). Needs the Debian packages kamailio, kamailio-websocket-modules and chromium.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KamailioBed, startKamailio, testDomain, testUsers } from '../../../packages/sip/test/bed/kamailio.ts';
import { launchChromium, newMediaContext } from '../../../tools/testing/chromium.ts';
import { axeViolations, type DemoServer, peakLevel, screenshot, serveBuiltDemo } from './harness';

type User = keyof typeof testUsers;

let server: DemoServer;
let browser: Browser;
let bed: KamailioBed;
const contexts: BrowserContext[] = [];
/** Everything the pages wrote to the console: a password must never be among it. */
const consoleLines: string[] = [];

beforeAll(async () => {
  // allSettled, assigning each as it starts: if one fails, afterAll still stops the others.
  const started = await Promise.allSettled([
    serveBuiltDemo().then((s) => (server = s)),
    launchChromium().then((b) => (browser = b)),
    startKamailio().then((k) => (bed = k)),
  ]);
  for (const result of started) if (result.status === 'rejected') throw result.reason;
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await server?.close();
  await bed?.stop();
});

async function newContext(): Promise<BrowserContext> {
  const context = await newMediaContext(browser, server.origin);
  context.setDefaultTimeout(10_000);
  contexts.push(context);
  return context;
}

/** Opens the demo (on the sandbox line, as everyone starts) and goes to Settings. */
async function openSettings(context: BrowserContext, name: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[${name}] page error:`, error));
  page.on('console', (message) => consoleLines.push(message.text()));
  await page.goto(server.origin);
  await page.locator('.demo-app[data-line="sandbox"][data-registration="registered"]').waitFor();
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('radio', { name: /SIP over WebSocket/ }).check();
  return page;
}

async function fillSip(page: Page, fields: { server: string; uri: string; password: string; displayName?: string }): Promise<void> {
  await page.getByRole('textbox', { name: 'Server (WebSocket URI)' }).fill(fields.server);
  await page.getByRole('textbox', { name: 'SIP URI' }).fill(fields.uri);
  await page.getByLabel('Password').fill(fields.password);
  await page.getByRole('textbox', { name: 'Display name (optional)' }).fill(fields.displayName ?? '');
  await page.getByRole('button', { name: 'Save and reconnect' }).click();
}

/** Switches a page to the SIP line as `user` through the settings form and waits until it is online. */
async function signIn(context: BrowserContext, user: User): Promise<Page> {
  const page = await openSettings(context, user);
  await fillSip(page, {
    server: bed.wsUrl,
    uri: `sip:${user}@${testDomain}`,
    password: testUsers[user],
    displayName: user[0]!.toUpperCase() + user.slice(1),
  });
  await page.locator('.demo-app[data-line="sip"][data-registration="registered"]').waitFor({ timeout: 15_000 });
  expect(await page.getByTestId('extension').textContent()).toBe(`${user}@${testDomain}`);
  await page.getByRole('button', { name: 'Phone' }).click();
  return page;
}

const status = (page: Page) => page.locator('[data-testid="in-call"] .demo-call-status');

describe('the demo on the SIP line (Kamailio on loopback)', () => {
  it('settings check the SIP fields with human messages', async () => {
    const page = await openSettings(await newContext(), 'form');
    await page.getByRole('button', { name: 'Save and reconnect' }).click();
    expect(await page.getByTestId('sip-server-error').textContent()).toMatch(/WebSocket address/);
    expect(await page.getByTestId('sip-uri-error').textContent()).toMatch(/Enter your SIP address/);
    // The first field in error has the focus and says so.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('sip-server');
    expect(await page.getByRole('textbox', { name: 'Server (WebSocket URI)' }).getAttribute('aria-invalid')).toBe('true');

    await fillSip(page, { server: 'https://sip.example.com', uri: 'alice', password: 'x', displayName: 'Al "the" ice' });
    expect(await page.getByTestId('sip-server-error').textContent()).toMatch(/starts with wss:\/\/ or ws:\/\//);
    expect(await page.getByTestId('sip-uri-error').textContent()).toMatch(/has a user and a domain/);
    expect(await page.getByTestId('sip-displayName-error').textContent()).toMatch(/cannot contain quotes/);
    // Nothing was saved: the phone is still on the sandbox line.
    expect(await page.locator('.demo-app').getAttribute('data-line')).toBe('sandbox');
    expect(await axeViolations(page, '[data-testid="settings"]'), 'axe on the SIP settings with errors').toEqual([]);
    await screenshot(page, 'sip-1-settings-errors');
    await page.close();
  });

  it('alice calls bob through Kamailio: bob accepts, both active, alice hangs up, both ended', async () => {
    const [alice, bob] = await Promise.all([signIn(await newContext(), 'alice'), signIn(await newContext(), 'bob')]);
    await expect.poll(() => bed.contacts('bob')).toBe(1);

    await alice.getByRole('textbox', { name: /Call a name/ }).fill(`sip:bob@${testDomain}`);
    await alice.getByRole('button', { name: 'Call', exact: true }).last().click();
    const dialog = bob.getByRole('alertdialog', { name: 'Incoming call' });
    await dialog.waitFor({ timeout: 15_000 });
    await screenshot(bob, 'sip-2-incoming-call');
    await dialog.getByRole('button', { name: 'Accept' }).click();
    for (const page of [alice, bob]) await expect.poll(() => status(page).getAttribute('data-state'), { timeout: 15_000 }).toBe('active');
    // Media flows both ways through the SIP call: each side's output meter moves with the other's fake microphone.
    const output = '[data-testid="in-call"] .hs-volume-meter[data-side="output"]';
    for (const page of [alice, bob]) await expect.poll(() => peakLevel(page, output, 1000), { timeout: 10_000 }).toBeGreaterThan(0.05);
    await screenshot(alice, 'sip-3-in-call');

    await alice.getByRole('button', { name: 'Hang up' }).click();
    for (const page of [alice, bob]) {
      await expect
        .poll(() => page.locator('[data-testid="last-call"] .hs-call-status').textContent(), { timeout: 10_000 })
        .toBe('Call ended');
      expect(await page.locator('.demo-app').getAttribute('data-live-calls')).toBe('0');
    }
    // The call is in the recent calls of this SIP address.
    const recent = alice.locator('[data-testid="recents"] .demo-recent').first();
    expect(await recent.getAttribute('data-end-reason')).toBe('hangup');
    // The password is in neither localStorage nor the page's text.
    for (const [page, user] of [
      [alice, 'alice'],
      [bob, 'bob'],
    ] as const) {
      const secret = testUsers[user];
      expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain(secret);
      expect(await page.evaluate(() => document.body.innerText)).not.toContain(secret);
    }
    await Promise.all([alice.close(), bob.close()]);
  });

  it('a wrong password is told in words, and switching back to the sandbox works', async () => {
    const page = await openSettings(await newContext(), 'carol');
    await fillSip(page, { server: bed.wsUrl, uri: `carol@${testDomain}`, password: 'not-carols-password' });
    const problem = page.getByTestId('registration-error');
    await problem.waitFor({ timeout: 15_000 });
    expect(await problem.textContent()).toMatch(/Wrong password/);
    expect(await page.locator('.demo-app').getAttribute('data-registration')).toBe('failed');
    expect(await bed.contacts('carol')).toBe(0);
    // `carol@…` was completed to a SIP URI, and the password is not echoed anywhere.
    await page.getByRole('button', { name: 'Settings' }).click();
    expect(await page.getByRole('textbox', { name: 'SIP URI' }).inputValue()).toBe(`sip:carol@${testDomain}`);
    expect(await page.evaluate(() => document.body.innerText)).not.toContain('not-carols-password');
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain('not-carols-password');
    expect(await axeViolations(page), 'axe on the SIP registration failure').toEqual([]);
    await screenshot(page, 'sip-4-wrong-password');

    await page.getByRole('radio', { name: /Sandbox/ }).check();
    await page.getByRole('button', { name: 'Save and reconnect' }).click();
    await page.locator('.demo-app[data-line="sandbox"][data-registration="registered"]').waitFor();
    expect(await page.getByTestId('registration-error').count()).toBe(0);
    await page.close();

    expect(consoleLines.filter((line) => /-secret|not-carols-password/.test(line))).toEqual([]);
  });
});
