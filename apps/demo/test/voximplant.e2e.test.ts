/**
 * The demo on the Voximplant line, as a new user would set it up: the built demo served locally, the page
 * switched to "Voximplant" in Settings and signed in to the Voximplant line's local stand-in of the cloud's
 * Web SDK signalling (`@handset/voximplant/stand-in`, with the real voximplant-websdk in the page; Playwright
 * answers its `wss://` socket). The far party is a plain RTCPeerConnection with the fake microphone in a second
 * page, so the call's audio is real on loopback.
 */
import { createPageFarParty, type FarParty, routeVoximplant, StandIn, TEST_USER } from '@handset/voximplant/stand-in';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newMediaContext } from '../../../tools/testing/chromium.ts';
import { axeViolations, type DemoServer, peakLevel, screenshot, serveBuiltDemo } from './harness';

/** The signalling host the demo's "Server" field gives the SDK (`init({ serverIp })`); Playwright answers it. */
const host = 'stand-in.voximplant.test';

let server: DemoServer;
let browser: Browser;
let standIn: StandIn;
let farPage: Page;
let far: FarParty;
const contexts: BrowserContext[] = [];
/** Everything the pages wrote to the console: a password or token must never be among it. */
const consoleLines: string[] = [];
/** Uncaught errors in the demo's pages (each test ends with none). */
const pageErrors: string[] = [];
/** Requests that tried to leave the machine (to Voximplant's cloud, say): there must be none. */
const escaped: string[] = [];

beforeAll(async () => {
  const started = await Promise.allSettled([serveBuiltDemo().then((s) => (server = s)), launchChromium().then((b) => (browser = b))]);
  for (const result of started) if (result.status === 'rejected') throw result.reason;
  const farContext = await newMediaContext(browser, server.origin);
  contexts.push(farContext);
  farPage = await farContext.newPage();
  await farPage.goto(server.farPartyUrl);
  far = await createPageFarParty(farPage);
  standIn = new StandIn({ farParty: far });
});

afterEach(() => {
  expect(pageErrors.splice(0), 'uncaught errors in the page').toEqual([]);
  expect(escaped.splice(0), 'requests that left the machine').toEqual([]);
});

afterAll(async () => {
  standIn?.close();
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await server?.close();
});

/** A context whose Voximplant traffic goes to the stand-in, and whose other non-local traffic is stopped and recorded. */
async function newContext(): Promise<BrowserContext> {
  const context = await newMediaContext(browser, server.origin);
  context.setDefaultTimeout(10_000);
  contexts.push(context);
  await context.route(
    (url) => url.origin !== server.origin,
    (route) => {
      escaped.push(route.request().url());
      return route.abort();
    },
  );
  await context.routeWebSocket(
    (url) => url.host !== host,
    (socket) => {
      escaped.push(socket.url());
      void socket.close();
    },
  );
  await routeVoximplant(context, standIn, { host });
  return context;
}

/** Opens the demo (on the sandbox line, as everyone starts) and chooses the Voximplant line in Settings. */
async function openVoximplantSettings(name: string): Promise<Page> {
  const page = await (await newContext()).newPage();
  page.on('pageerror', (error) => pageErrors.push(`[${name}] ${error.message}`));
  page.on('console', (message) => consoleLines.push(message.text()));
  await page.goto(server.origin);
  await page.locator('.demo-app[data-line="sandbox"][data-registration="registered"]').waitFor();
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('radio', { name: /Voximplant/ }).check();
  return page;
}

async function fillVoximplant(
  page: Page,
  fields: { username?: string; password?: string; token?: string; server?: string },
): Promise<void> {
  await page.getByRole('textbox', { name: 'User name' }).fill(fields.username ?? '');
  await page.getByLabel('Password', { exact: true }).fill(fields.password ?? '');
  await page.getByLabel('Or access token').fill(fields.token ?? '');
  await page.getByRole('textbox', { name: /^Server/ }).fill(fields.server ?? '');
  await page.getByRole('button', { name: 'Save and reconnect' }).click();
}

const status = (page: Page) => page.locator('[data-testid="in-call"] .demo-call-status');
const registration = (page: Page) => page.locator('.demo-app').getAttribute('data-registration');
const logins = () => standIn.frames.filter((frame) => frame.name === 'login');

describe('the demo on the Voximplant line (the Voximplant stand-in, routed by Playwright)', () => {
  it('settings check the Voximplant fields with human messages before anything connects, and the build carries no stand-in', async () => {
    const sockets = standIn.socketCount;
    const page = await openVoximplantSettings('form');
    await fillVoximplant(page, {});
    expect(await page.getByTestId('voximplant-username-error').textContent()).toMatch(/Enter your Voximplant user name/);
    expect(await page.getByTestId('voximplant-password-error').textContent()).toMatch(
      /Enter the user’s password, or paste an access token/,
    );
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('voximplant-username');

    await fillVoximplant(page, { username: 'alice', password: 'x', token: 'y', server: 'wss://example.com' });
    expect(await page.getByTestId('voximplant-username-error').textContent()).toMatch(/Write the full user name/);
    expect(await page.getByTestId('voximplant-password-error').textContent()).toMatch(/not both/);
    expect(await page.getByTestId('voximplant-server-error').textContent()).toMatch(/without wss:\/\//);

    await fillVoximplant(page, { username: TEST_USER.username, token: 'two words' });
    expect(await page.getByTestId('voximplant-token-error').textContent()).toMatch(/not an access token/);
    // Nothing was saved and nothing connected: the phone is still on the sandbox line.
    expect(await page.locator('.demo-app').getAttribute('data-line')).toBe('sandbox');
    expect(standIn.socketCount).toBe(sockets);
    expect(await axeViolations(page, '[data-testid="settings"]'), 'axe on the Voximplant settings with errors').toEqual([]);
    await screenshot(page, 'voximplant-1-settings-errors');
    await page.close();

    // The stand-in is test equipment: the production build has the Voximplant line and SDK but none of the stand-in.
    const bundle = server.bundle();
    expect(bundle.includes('getNearestHost'), 'the Voximplant SDK').toBe(true);
    for (const marker of ['routeWebSocket', TEST_USER.username, TEST_USER.password])
      expect(bundle.includes(marker), `the build carries ${marker}`).toBe(false);
  });

  it('alice signs in with her password, calls a number, the far side answers with audio, she hangs up', async () => {
    const page = await openVoximplantSettings('alice');
    await fillVoximplant(page, { username: TEST_USER.username, password: TEST_USER.password, server: host });
    await page.locator('.demo-app[data-line="voximplant"][data-registration="registered"]').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('extension').textContent()).toBe(TEST_USER.username);
    expect(logins().at(-1)?.params.slice(0, 2)).toEqual([TEST_USER.username, TEST_USER.password]);
    await page.getByRole('button', { name: 'Phone' }).click();

    const calls = standIn.calls.length;
    const number = page.getByRole('textbox', { name: 'Phone number' });
    await number.fill('+14155550123');
    await number.press('Enter');
    await expect.poll(() => standIn.calls.length, { timeout: 20_000 }).toBe(calls + 1);
    const call = standIn.calls.at(-1)!;
    expect(call.number).toBe('+14155550123');
    await expect.poll(() => status(page).getAttribute('data-state'), { timeout: 20_000 }).toBe('active');

    // Audio both ways: the far party receives the page's microphone, the page's output meter moves with the far party's.
    const heard = await far.inboundPackets();
    await expect.poll(() => far.inboundPackets(), { timeout: 10_000 }).toBeGreaterThan(heard + 20);
    const output = '[data-testid="in-call"] .hs-volume-meter[data-side="output"]';
    await expect.poll(() => peakLevel(page, output, 1000), { timeout: 10_000 }).toBeGreaterThan(0.05);
    expect(await axeViolations(page), 'axe on the Voximplant call').toEqual([]);
    await screenshot(page, 'voximplant-2-in-call');

    await page.getByRole('button', { name: 'Hang up' }).click();
    await expect.poll(() => call.state, { timeout: 10_000 }).toBe('ended');
    await expect
      .poll(() => page.locator('[data-testid="last-call"] .hs-call-status').textContent(), { timeout: 10_000 })
      .toBe('Call ended');
    expect(await page.locator('[data-testid="recents"] .demo-recent').first().getAttribute('data-end-reason')).toBe('hangup');
    // The password is in neither localStorage nor the page's text.
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain(TEST_USER.password);
    expect(await page.evaluate(() => document.body.innerText)).not.toContain(TEST_USER.password);
    await page.close();
  });

  it('an access token signs in; a wrong password and an unknown user are told in words; back to the sandbox works', async () => {
    const tokens = standIn.issueTokens(TEST_USER.username);
    const page = await openVoximplantSettings('token');
    await fillVoximplant(page, { username: TEST_USER.username, token: tokens.accessToken, server: host });
    await page.locator('.demo-app[data-line="voximplant"][data-registration="registered"]').waitFor({ timeout: 20_000 });
    expect(logins().at(-1)?.params[2]).toMatchObject({ accessToken: tokens.accessToken });
    await page.close();

    const wrong = await openVoximplantSettings('wrong-password');
    await fillVoximplant(wrong, { username: TEST_USER.username, password: 'not-alices-password', server: host });
    const problem = wrong.getByTestId('registration-error');
    await problem.waitFor({ timeout: 20_000 });
    expect(await problem.textContent()).toMatch(/Wrong password or access token: Voximplant refused them/);
    expect(await registration(wrong)).toBe('failed');
    expect(await axeViolations(wrong), 'axe on the Voximplant sign-in failure').toEqual([]);
    await screenshot(wrong, 'voximplant-3-wrong-password');

    await wrong.getByRole('button', { name: 'Settings' }).click();
    await fillVoximplant(wrong, { username: 'bob@handset.test-account.voximplant.com', password: 'whatever', server: host });
    await expect.poll(() => problem.textContent().catch(() => ''), { timeout: 20_000 }).toMatch(/Voximplant does not know this user/);
    for (const secret of ['not-alices-password', tokens.accessToken]) {
      expect(await wrong.evaluate(() => document.body.innerText)).not.toContain(secret);
      expect(await wrong.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain(secret);
    }

    await wrong.getByRole('button', { name: 'Settings' }).click();
    await wrong.getByRole('radio', { name: /Sandbox/ }).check();
    await wrong.getByRole('button', { name: 'Save and reconnect' }).click();
    await wrong.locator('.demo-app[data-line="sandbox"][data-registration="registered"]').waitFor();
    await wrong.close();
    expect(consoleLines.filter((line) => line.includes(TEST_USER.password) || line.includes('not-alices-password'))).toEqual([]);
  });
});
