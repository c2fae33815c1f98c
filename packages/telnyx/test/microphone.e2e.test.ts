/**
 * The user refuses the microphone: Chromium without the fake permission prompt denies getUserMedia
 * (NotAllowedError), the real SDK reports `telnyx.error` 42001 for the call and hangs it up, and the line turns that into the call's
 * `media-failed` error and a `failed` end. Nothing is offered to Telnyx.
 */
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromiumArgs, chromiumPath } from '../../../tools/testing/chromium';
import { type HarnessServer, serveHarness } from '../../../tools/testing/serve';
import { startTelnyxStandIn, type TelnyxStandIn } from '../src/stand-in/index';
import { waitForLog } from './support/lineBed';

let browser: Browser;
let harness: HarnessServer;
let standIn: TelnyxStandIn;

beforeAll(async () => {
  harness = await serveHarness(new URL('./harness/linePage.ts', import.meta.url).pathname, 'telnyx line test page');
  // Fake devices, but no fake "allow" on the permission prompt: headless Chromium then denies the microphone.
  const args = chromiumArgs.filter((arg) => arg !== '--use-fake-ui-for-media-stream');
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args });
  standIn = await startTelnyxStandIn();
});

afterAll(async () => {
  await browser?.close();
  await harness?.close();
  await standIn?.close();
});

it("a denied microphone (the SDK's 42001) ends the call failed with media-failed, and nothing is offered to Telnyx", async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(harness.origin);
  await page.waitForFunction(() => typeof window.line === 'object');
  const options = { host: standIn.url, login: 'handset', password: 'handset', iceServers: [] };
  expect(await page.evaluate((o) => window.line.create('alice', o as never), options)).toBeNull();
  expect(await page.evaluate(() => window.line.connect('alice'))).toBeNull();

  const id = await page.evaluate(() => window.line.call('alice', '+15551230001'));
  await waitForLog(page, `alice call ${id} ended failed system`);
  const snapshot = await page.evaluate((callId) => window.line.snapshot(callId), id);
  expect(snapshot.end).toMatchObject({ reason: 'failed', by: 'system' });
  expect(snapshot.error).toMatchObject({ code: 'media-failed', providerCode: 42001 });
  expect(await page.evaluate(() => window.line.log.filter((line) => line.includes(' error '))).then((lines) => lines)).toEqual([
    `alice call ${id} error media-failed`,
  ]);
  expect(standIn.invites).toEqual([]);
  expect(await page.evaluate(() => window.line.store('alice').registration.state)).toBe('registered');
});
