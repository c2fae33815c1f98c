/// <reference types="node" />
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchChromium, newMediaContext } from '../../../tools/testing/chromium';
import { type HarnessServer, serveHarness } from '../../../tools/testing/serve';

let server: HarnessServer;
let browser: Browser;

beforeAll(async () => {
  // allSettled, assigning each as it starts: if one fails, afterAll still stops the other.
  const started = await Promise.allSettled([
    serveHarness(new URL('./pages/autoplay.ts', import.meta.url).pathname, 'autoplay').then((s) => (server = s)),
    // Chromium's real policy: sound needs a user gesture first (the shared harness allows autoplay).
    launchChromium(['--autoplay-policy=document-user-activation-required']).then((b) => (browser = b)),
  ]);
  for (const result of started) if (result.status === 'rejected') throw result.reason;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Resolves with the first console line of `page` matching `pattern`. */
function waitForLog(lines: string[], pattern: RegExp, timeoutMs = 8000): Promise<string> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = () => {
      const line = lines.find((l) => pattern.test(l));
      if (line) resolve(line);
      else if (Date.now() - started > timeoutMs) reject(new Error(`no console line matching ${pattern}; saw:\n${lines.join('\n')}`));
      else setTimeout(check, 50);
    };
    check();
  });
}

test('autoplay refused: the store says ringtoneBlocked and audioBlocked, and a click resumes both', async () => {
  const context = await newMediaContext(browser, server.origin);
  const channel = `autoplay-${Date.now()}`;
  const callee = await context.newPage();
  const logs: string[] = [];
  callee.on('console', (message) => logs.push(message.text()));
  await callee.goto(`${server.origin}/?role=callee&channel=${channel}`);
  await waitForLog(logs, /^ready$/);
  const caller = await context.newPage();
  await caller.goto(`${server.origin}/?role=caller&channel=${channel}`);

  await waitForLog(logs, /^ringtone true$/);
  await waitForLog(logs, /"ringtoneBlocked":true/);
  // The page accepted with no capture and no gesture: the call's audio is refused too.
  await waitForLog(logs, /^state active$/);
  await waitForLog(logs, /"audioBlocked":true/);

  logs.length = 0;
  await callee.click('button'); // a real click: the page may now play sound
  const unblocked = await waitForLog(logs, /"audioBlocked":false/);
  expect(unblocked).toContain('"ringtoneBlocked":false');
  await context.close();
});
