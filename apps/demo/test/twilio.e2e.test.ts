/**
 * The demo on the Twilio line, as a new user would set it up: the built demo served locally, the page switched
 * to "Twilio" in Settings with a token URL (this app's server endpoint, as in Twilio's quickstarts, answered
 * here by the test), and the real @twilio/voice-sdk in the page talking to the Twilio line's stand-in
 * (`@handset/twilio/stand-in`) at the SDK's own default address (`wss://voice-js.roaming.twilio.com/signal`,
 * answered by Playwright: the demo has no test-only setting). The far party is a plain RTCPeerConnection with
 * the fake microphone in a second page, so the call's audio is real on loopback.
 */
import { createPageFarParty } from '@handset/telnyx/stand-in';
import { type FarParty, routeTwilio, StandIn, type StandInCall, testToken } from '@handset/twilio/stand-in';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newMediaContext } from '../../../tools/testing/chromium.ts';
import { axeViolations, type DemoServer, peakLevel, screenshot, serveBuiltDemo } from './harness';

/** Where the SDK connects by default (edge `roaming`): the demo gives it no other host. */
const twilioHost = 'voice-js.roaming.twilio.com';

let server: DemoServer;
let browser: Browser;
let standIn: StandIn;
let far: FarParty;
const contexts: BrowserContext[] = [];
/** Every token the test's token URL handed out: none may end up in the console, the page's text or localStorage. */
const tokens: string[] = [];
const consoleLines: string[] = [];
/** Uncaught errors in the demo's pages (each test ends with none). */
const pageErrors: string[] = [];

beforeAll(async () => {
  // allSettled, assigning each as it starts: if one fails, afterAll still stops the others.
  const started = await Promise.allSettled([serveBuiltDemo().then((s) => (server = s)), launchChromium().then((b) => (browser = b))]);
  for (const result of started) if (result.status === 'rejected') throw result.reason;
  const farContext = await newMediaContext(browser, server.origin);
  contexts.push(farContext);
  const farPage = await farContext.newPage();
  await farPage.goto(server.farPartyUrl);
  // The page-backed far party of the Telnyx stand-in is a plain RTCPeerConnection with the fake microphone;
  // these calls have no ICE restart, so it needs no `reanswer`.
  const party = await createPageFarParty(farPage);
  far = { ...party, reanswer: () => Promise.reject(new Error('no ICE restart in the demo test')) };
  // Outgoing calls ring until the test answers them, as a far party picks up.
  standIn = new StandIn({ farParty: far, outgoing: 'ring' });
});

afterEach(() => {
  expect(pageErrors.splice(0), 'uncaught errors in the page').toEqual([]);
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await server?.close();
  standIn?.close();
});

/** The app's token endpoint, as the test answers it: a JSON `{ token }`, a failure status, or nothing. */
type TokenAnswer = { token: string } | { status: number };

/** A fresh profile whose Twilio traffic goes to the stand-in, with the token URL answered by `answer()`. */
async function newContext(answer: () => TokenAnswer, twilioReachable = true): Promise<BrowserContext> {
  const context = await newMediaContext(browser, server.origin);
  context.setDefaultTimeout(10_000);
  contexts.push(context);
  if (twilioReachable) await routeTwilio(context, standIn, { host: twilioHost });
  // Twilio's address refuses the socket (as from a network that blocks it): the page never leaves this machine.
  else await context.routeWebSocket(`wss://${twilioHost}/signal`, (socket) => socket.close({ code: 1006 }));
  await context.route(`${server.origin}/api/twilio-token`, (route: Route) => {
    const given = answer();
    if ('token' in given) tokens.push(given.token);
    return 'token' in given
      ? route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ identity: 'x', token: given.token }) })
      : route.fulfill({ status: given.status, contentType: 'text/plain', body: 'no' });
  });
  return context;
}

/** Opens the demo (on the sandbox line, as everyone starts) and chooses the Twilio line in Settings. */
async function openTwilioSettings(name: string, answer: () => TokenAnswer, twilioReachable = true): Promise<Page> {
  const page = await (await newContext(answer, twilioReachable)).newPage();
  page.on('pageerror', (error) => pageErrors.push(`[${name}] ${error.message}`));
  page.on('console', (message) => consoleLines.push(message.text()));
  await page.goto(server.origin);
  await page.locator('.demo-app[data-line="sandbox"][data-registration="registered"]').waitFor();
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('radio', { name: /Twilio/ }).check();
  return page;
}

async function saveTokenUrl(page: Page, tokenUrl: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Token URL' }).fill(tokenUrl);
  await page.getByRole('button', { name: 'Save and reconnect' }).click();
}

const status = (page: Page) => page.locator('[data-testid="in-call"] .demo-call-status');
const tokenUrl = () => `${server.origin}/api/twilio-token`;
const tokenUrlError = (page: Page) => page.getByTestId('twilio-tokenUrl-error');

describe('the demo on the Twilio line (the Twilio stand-in, routed by Playwright)', () => {
  it('settings check the token URL and what it gives, with human messages, and the build carries no stand-in', async () => {
    let answer: TokenAnswer = { status: 500 };
    const page = await openTwilioSettings('form', () => answer);
    await saveTokenUrl(page, '');
    expect(await tokenUrlError(page).textContent()).toMatch(/Enter the address where your server hands out Twilio access tokens/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('twilio-tokenUrl');
    await saveTokenUrl(page, 'ftp://example.com/token');
    expect(await tokenUrlError(page).textContent()).toMatch(/is a web address/);

    await saveTokenUrl(page, tokenUrl());
    await expect.poll(() => tokenUrlError(page).textContent()).toMatch(/refused to give a token \(HTTP 500\)/);
    answer = { token: testToken({ identity: 'bob', ttlSecs: -60 }) };
    await saveTokenUrl(page, tokenUrl());
    await expect.poll(() => tokenUrlError(page).textContent()).toMatch(/access token from your token URL has expired/);
    answer = { token: 'not-a-jwt' };
    await saveTokenUrl(page, tokenUrl());
    await expect.poll(() => tokenUrlError(page).textContent()).toMatch(/not a Twilio access token/);
    expect(await page.getByRole('textbox', { name: 'Token URL' }).getAttribute('aria-invalid')).toBe('true');
    // Nothing was switched and nothing reached Twilio's address: the phone is still on the sandbox line.
    expect(await page.locator('.demo-app').getAttribute('data-line')).toBe('sandbox');
    expect(standIn.frames).toEqual([]);
    expect(await axeViolations(page, '[data-testid="settings"]'), 'axe on the Twilio settings with errors').toEqual([]);
    await screenshot(page, 'twilio-1-settings-errors');
    await page.close();

    // The stand-in is test equipment: the production build has the Twilio line but none of the stand-in.
    const bundle = server.bundle();
    expect(bundle.includes('voice-js.'), 'the Twilio SDK').toBe(true);
    for (const marker of ['routeWebSocket', 'handset-twilio-stand-in-test-key', 'keepAlivesEchoed'])
      expect(bundle.includes(marker), `the build carries ${marker}`).toBe(false);
  });

  it('bob saves a token URL, is online as bob, calls a number, the far side answers with audio, he hangs up', async () => {
    const page = await openTwilioSettings('bob', () => ({ token: testToken({ identity: 'bob', ttlSecs: 3600 }) }));
    await saveTokenUrl(page, tokenUrl());
    await page.locator('.demo-app[data-line="twilio"][data-registration="registered"]').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('extension').textContent()).toBe('bob');
    // The token is kept in memory only: a reloaded tab fetches a new one from the token URL and is online again.
    const fetched = tokens.length;
    await page.reload();
    await page.locator('.demo-app[data-line="twilio"][data-registration="registered"]').waitFor({ timeout: 20_000 });
    expect(tokens.length).toBe(fetched + 1);
    expect(await page.getByTestId('extension').textContent()).toBe('bob');

    const before = standIn.calls.length;
    const number = page.getByRole('textbox', { name: 'Phone number' });
    await number.fill('+15551230001');
    await number.press('Enter');
    const call = await standIn.waitFor(() => standIn.calls[before], 'the outgoing call', 20_000);
    expect(call).toMatchObject({ direction: 'outgoing', params: { To: '+15551230001' } });
    await standIn.waitFor(() => call.state === 'ringing' || undefined, 'the call ringing', 20_000);
    await standIn.answer(call.callSid);
    await expect.poll(() => status(page).getAttribute('data-state'), { timeout: 20_000 }).toBe('active');

    // Audio both ways: the far party receives the page's microphone, the page's output meter moves with the far party's.
    const heard = await far.inboundPackets();
    await expect.poll(() => far.inboundPackets(), { timeout: 10_000 }).toBeGreaterThan(heard + 20);
    const output = '[data-testid="in-call"] .hs-volume-meter[data-side="output"]';
    await expect.poll(() => peakLevel(page, output, 1000), { timeout: 10_000 }).toBeGreaterThan(0.05);
    expect(await axeViolations(page), 'axe on the Twilio call').toEqual([]);
    await screenshot(page, 'twilio-2-in-call');

    await page.getByRole('button', { name: 'Hang up' }).click();
    await expect.poll(() => (call as StandInCall).endedBy, { timeout: 10_000 }).toBe('client');
    await expect
      .poll(() => page.locator('[data-testid="last-call"] .hs-call-status').textContent(), { timeout: 10_000 })
      .toBe('Call ended');
    expect(await page.locator('.demo-app').getAttribute('data-live-calls')).toBe('0');
    await page.close();
  });

  it('a token Twilio refuses is told in words, and switching back to the sandbox works', async () => {
    // Well formed and not expired, so the form takes it; only Twilio (the stand-in) can tell its signature is wrong.
    const forged = testToken({ identity: 'mallory', ttlSecs: 3600, key: 'not-the-account-key' });
    const page = await openTwilioSettings('forged', () => ({ token: forged }));
    await saveTokenUrl(page, tokenUrl());
    const problem = page.getByTestId('registration-error');
    await problem.waitFor({ timeout: 20_000 });
    expect(await problem.textContent()).toMatch(/Twilio refused the access token from your token URL/);
    expect(await page.locator('.demo-app').getAttribute('data-registration')).toBe('failed');
    expect(await axeViolations(page), 'axe on the refused Twilio token').toEqual([]);
    await screenshot(page, 'twilio-3-refused-token');

    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('radio', { name: /Sandbox/ }).check();
    await page.getByRole('button', { name: 'Save and reconnect' }).click();
    await page.locator('.demo-app[data-line="sandbox"][data-registration="registered"]').waitFor();
    expect(await page.getByTestId('registration-error').count()).toBe(0);
    for (const token of tokens) {
      expect(await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }))).not.toContain(token);
      expect(consoleLines.some((line) => line.includes(token))).toBe(false);
    }
    await page.close();
  });

  it('Twilio or the token URL out of reach is told in words', async () => {
    let reachable = false;
    const page = await openTwilioSettings(
      'offline',
      () => (reachable ? { token: testToken({ identity: 'carol' }) } : { status: 0 }),
      false,
    );
    await page.route(tokenUrl(), (route) => (reachable ? route.fallback() : route.abort('connectionrefused')));
    await saveTokenUrl(page, tokenUrl());
    await expect.poll(() => tokenUrlError(page).textContent()).toMatch(/token URL cannot be reached/);
    expect(await page.locator('.demo-app').getAttribute('data-line')).toBe('sandbox');

    reachable = true;
    await saveTokenUrl(page, tokenUrl());
    const notice = page.getByTestId('notice').filter({ hasText: 'Twilio cannot be reached' });
    await notice.waitFor({ timeout: 20_000 });
    expect(await notice.getAttribute('role')).toBe('alert');
    expect(await page.locator('.demo-app').getAttribute('data-line')).toBe('twilio');
    expect(await page.getByTestId('registration').textContent()).not.toMatch(/Online/);
    expect(await axeViolations(page), 'axe on Twilio out of reach').toEqual([]);
    await screenshot(page, 'twilio-4-unreachable');
    await page.close();
  });
});
