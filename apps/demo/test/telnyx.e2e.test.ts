/**
 * The demo on the Telnyx line, as a new user would set it up: the built demo served locally, the page switched
 * to "Telnyx" in Settings and signed in to the Telnyx line's local stand-in of Telnyx's signalling
 * (`@handset/telnyx/stand-in`, with the real @telnyx/webrtc SDK in the page). The far party is a plain
 * RTCPeerConnection with the fake microphone in a second page, so the call's audio is real on loopback.
 */
import { type AddressInfo, createServer } from 'node:net';
import { createPageFarParty, type FarParty, startTelnyxStandIn, type TelnyxStandIn } from '@handset/telnyx/stand-in';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newMediaContext } from '../../../tools/testing/chromium.ts';
import { axeViolations, type DemoServer, peakLevel, screenshot, serveBuiltDemo } from './harness';

const alice = { login: 'alice', password: 'alice-telnyx-secret' };
const aliceToken = 'alice-login-token';

let server: DemoServer;
let browser: Browser;
let standIn: TelnyxStandIn;
let farPage: Page;
const contexts: BrowserContext[] = [];
/** Everything the pages wrote to the console: a password or token must never be among it. */
const consoleLines: string[] = [];
/** Uncaught errors in the demo's pages (each test ends with none). */
const pageErrors: string[] = [];

beforeAll(async () => {
  // allSettled, assigning each as it starts: if one fails, afterAll still stops the others.
  const started = await Promise.allSettled([serveBuiltDemo().then((s) => (server = s)), launchChromium().then((b) => (browser = b))]);
  for (const result of started) if (result.status === 'rejected') throw result.reason;
  const farContext = await newMediaContext(browser, server.origin);
  contexts.push(farContext);
  farPage = await farContext.newPage();
  await farPage.goto(server.farPartyUrl);
  standIn = await startTelnyxStandIn({
    users: [alice],
    tokens: { [aliceToken]: alice.login },
    farParty: () => createPageFarParty(farPage),
  });
});

afterEach(() => {
  expect(pageErrors.splice(0), 'uncaught errors in the page').toEqual([]);
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await server?.close();
  await standIn?.close();
});

async function newContext(): Promise<BrowserContext> {
  const context = await newMediaContext(browser, server.origin);
  context.setDefaultTimeout(10_000);
  contexts.push(context);
  return context;
}

/** Opens the demo (on the sandbox line, as everyone starts) and chooses the Telnyx line in Settings. */
async function openTelnyxSettings(name: string): Promise<Page> {
  const page = await (await newContext()).newPage();
  page.on('pageerror', (error) => pageErrors.push(`[${name}] ${error.message}`));
  page.on('console', (message) => consoleLines.push(message.text()));
  await page.goto(server.origin);
  await page.locator('.demo-app[data-line="sandbox"][data-registration="registered"]').waitFor();
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('radio', { name: /Telnyx/ }).check();
  return page;
}

async function fillTelnyx(page: Page, fields: { server?: string; loginToken?: string; login?: string; password?: string }): Promise<void> {
  await page.getByLabel('Login token').fill(fields.loginToken ?? '');
  await page.getByRole('textbox', { name: 'Or SIP user name' }).fill(fields.login ?? '');
  await page.getByLabel('SIP password').fill(fields.password ?? '');
  await page.getByRole('textbox', { name: /^Server/ }).fill(fields.server ?? '');
  await page.getByRole('button', { name: 'Save and reconnect' }).click();
}

const status = (page: Page) => page.locator('[data-testid="in-call"] .demo-call-status');
const registration = (page: Page) => page.locator('.demo-app').getAttribute('data-registration');

describe('the demo on the Telnyx line (the Telnyx stand-in on loopback)', () => {
  it('settings check the Telnyx fields with human messages, and the build carries no stand-in', async () => {
    const page = await openTelnyxSettings('form');
    await fillTelnyx(page, {});
    expect(await page.getByTestId('telnyx-loginToken-error').textContent()).toMatch(/Paste your login token/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('telnyx-loginToken');

    await fillTelnyx(page, { loginToken: 'a-token', login: 'alice', password: 'x', server: 'https://rtc.example.com' });
    expect(await page.getByTestId('telnyx-server-error').textContent()).toMatch(/starts with wss:\/\//);
    expect(await page.getByTestId('telnyx-loginToken-error').textContent()).toMatch(/not both/);

    await fillTelnyx(page, { login: 'alice' });
    expect(await page.getByTestId('telnyx-password-error').textContent()).toMatch(/Enter the password/);
    expect(await page.getByRole('textbox', { name: 'Or SIP user name' }).getAttribute('aria-invalid')).toBeNull();

    await fillTelnyx(page, { loginToken: 'two words' });
    expect(await page.getByTestId('telnyx-loginToken-error').textContent()).toMatch(/not a login token/);
    // Nothing was saved and nothing connected: the phone is still on the sandbox line.
    expect(await page.locator('.demo-app').getAttribute('data-line')).toBe('sandbox');
    expect(standIn.connectionUrls).toEqual([]);
    expect(await axeViolations(page, '[data-testid="settings"]'), 'axe on the Telnyx settings with errors').toEqual([]);
    await screenshot(page, 'telnyx-1-settings-errors');
    await page.close();

    // The stand-in is test equipment: the production build has the Telnyx line but none of the stand-in.
    const bundle = server.bundle();
    expect(bundle.includes('telnyx_rtc.invite'), 'the Telnyx SDK').toBe(true);
    // Names that survive minification: the far party's page hook, the stand-in's own messages, its WebSocket server.
    for (const marker of ['__handsetFarParties', 'has no farParty factory', 'WebSocketServer'])
      expect(bundle.includes(marker), `the build carries ${marker}`).toBe(false);
  });

  it('alice signs in with her SIP user and password, calls a number, the far side answers with audio, she hangs up', async () => {
    const page = await openTelnyxSettings('alice');
    await fillTelnyx(page, { login: alice.login, password: alice.password, server: standIn.url });
    await page.locator('.demo-app[data-line="telnyx"][data-registration="registered"]').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('extension').textContent()).toBe('alice');
    expect(standIn.logins.at(-1)).toMatchObject({ login: alice.login, outcome: 'new-session' });
    await page.getByRole('button', { name: 'Phone' }).click();

    const invites = standIn.invites.length;
    const number = page.getByRole('textbox', { name: 'Phone number' });
    await number.fill('+15551230001');
    await number.press('Enter');
    await expect.poll(() => standIn.invites.length, { timeout: 20_000 }).toBe(invites + 1);
    const callId = standIn.invites.at(-1)!.callId;
    await standIn.ring(callId);
    await standIn.answer(callId);
    await expect.poll(() => status(page).getAttribute('data-state'), { timeout: 20_000 }).toBe('active');
    expect(await page.locator('[data-testid="in-call"] h2').textContent()).toMatch(/\+1\s?555\s?123\s?0001|\+15551230001/);

    // Audio both ways: the far party receives the page's microphone, the page's output meter moves with the far party's.
    const far = standIn.call(callId).farParty as FarParty;
    const heard = await far.inboundPackets();
    await expect.poll(() => far.inboundPackets(), { timeout: 10_000 }).toBeGreaterThan(heard + 20);
    const output = '[data-testid="in-call"] .hs-volume-meter[data-side="output"]';
    await expect.poll(() => peakLevel(page, output, 1000), { timeout: 10_000 }).toBeGreaterThan(0.05);
    expect(await axeViolations(page), 'axe on the Telnyx call').toEqual([]);
    await screenshot(page, 'telnyx-2-in-call');

    await page.getByRole('button', { name: 'Hang up' }).click();
    await expect.poll(() => standIn.call(callId).hangup?.by, { timeout: 10_000 }).toBe('client');
    await expect
      .poll(() => page.locator('[data-testid="last-call"] .hs-call-status').textContent(), { timeout: 10_000 })
      .toBe('Call ended');
    expect(await page.locator('.demo-app').getAttribute('data-live-calls')).toBe('0');
    expect(await page.locator('[data-testid="recents"] .demo-recent').first().getAttribute('data-end-reason')).toBe('hangup');
    // The password is in neither localStorage nor the page's text.
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain(alice.password);
    expect(await page.evaluate(() => document.body.innerText)).not.toContain(alice.password);
    await page.close();
  });

  it('a login token signs in; a wrong password and a refused token are told in words', async () => {
    const page = await openTelnyxSettings('token');
    await fillTelnyx(page, { loginToken: aliceToken, server: standIn.url });
    await page.locator('.demo-app[data-line="telnyx"][data-registration="registered"]').waitFor({ timeout: 20_000 });
    expect(standIn.logins.at(-1)).toMatchObject({ loginToken: aliceToken, outcome: 'new-session' });
    await page.close();

    const wrong = await openTelnyxSettings('wrong-password');
    await fillTelnyx(wrong, { login: alice.login, password: 'not-alices-password', server: standIn.url });
    const problem = wrong.getByTestId('registration-error');
    await problem.waitFor({ timeout: 20_000 });
    expect(await problem.textContent()).toMatch(/Wrong user name or password: Telnyx refused them/);
    expect(await registration(wrong)).toBe('failed');
    expect(standIn.logins.at(-1)).toMatchObject({ login: alice.login, outcome: 'rejected' });
    expect(await axeViolations(wrong), 'axe on the Telnyx sign-in failure').toEqual([]);
    await screenshot(wrong, 'telnyx-3-wrong-password');

    await wrong.getByRole('button', { name: 'Settings' }).click();
    await fillTelnyx(wrong, { loginToken: 'expired-or-unknown-token', server: standIn.url });
    await expect
      .poll(() => problem.textContent().catch(() => ''), { timeout: 20_000 })
      .toMatch(/Telnyx refused the login token: it is wrong or has expired/);
    expect(standIn.logins.at(-1)).toMatchObject({ loginToken: 'expired-or-unknown-token', outcome: 'rejected' });
    for (const secret of ['not-alices-password', 'expired-or-unknown-token']) {
      expect(await wrong.evaluate(() => document.body.innerText)).not.toContain(secret);
      expect(await wrong.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain(secret);
    }
    await wrong.close();
    expect(consoleLines.filter((line) => /telnyx-secret|not-alices-password|expired-or-unknown-token/.test(line))).toEqual([]);
  });

  it('a server that cannot be reached is told in words while the line retries; back to the sandbox works', async () => {
    const page = await openTelnyxSettings('unreachable');
    await fillTelnyx(page, { login: alice.login, password: alice.password, server: `ws://127.0.0.1:${await closedPort()}` });
    const notice = page.getByTestId('notice').filter({ hasText: 'Telnyx server cannot be reached' });
    await notice.waitFor({ timeout: 20_000 });
    expect(await notice.getAttribute('role')).toBe('alert');
    // The SDK keeps retrying: the header says so, and no sign-in reached the stand-in.
    expect(await registration(page)).toBe('registering');
    expect(await page.getByTestId('registration').textContent()).toMatch(/Connecting/);
    expect(await axeViolations(page), 'axe on the unreachable Telnyx server').toEqual([]);
    await screenshot(page, 'telnyx-4-unreachable');

    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('radio', { name: /Sandbox/ }).check();
    await page.getByRole('button', { name: 'Save and reconnect' }).click();
    await page.locator('.demo-app[data-line="sandbox"][data-registration="registered"]').waitFor();
    await page.close();
  });
});

/** A port on 127.0.0.1 that nothing listens on (one the system just gave and took back). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
