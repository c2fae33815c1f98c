/**
 * Registration races against a scriptable WebSocket registrar (test/bed/sipStub.ts): the cases a
 * real server will not produce on demand. Exactly one REGISTER is ever in flight, and nothing
 * reaches unhandledrejection.
 */
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../tools/testing/chromium';
import { type HarnessServer, serveHarness } from '../../../tools/testing/serve';
import { eventually, logLines, openPhonePage, type PhonePage, waitForLog } from './bed/pages';
import { type RegisterScript, type SipStub, startSipStub } from './bed/sipStub';

let harness: HarnessServer;
let browser: Browser;
let stub: SipStub | undefined;
let page: PhonePage | undefined;

beforeAll(async () => {
  harness = await serveHarness(fileURLToPath(new URL('./harness/page.ts', import.meta.url)), 'handset sip registration');
  browser = await launchChromium();
});

afterEach(async () => {
  const rejections = page ? await page.page.evaluate(() => window.bed.log.filter((line) => line.startsWith('unhandledrejection'))) : [];
  await page?.page.evaluate(() => window.bed.dispose('alice')).catch(() => {});
  await page?.context.close().catch(() => {});
  await stub?.close();
  page = undefined;
  stub = undefined;
  expect(rejections).toEqual([]);
});

afterAll(async () => {
  await browser?.close().catch(() => {});
  await harness?.close().catch(() => {});
});

async function register(script: RegisterScript, extra: Record<string, unknown> = {}, stubOptions: { inviteAnswerSdp?: string } = {}) {
  stub = await startSipStub(script, stubOptions);
  page = await openPhonePage(browser, harness.origin);
  const options = {
    server: stub.url,
    uri: 'sip:alice@handset.test',
    reconnection: { baseMs: 100, maxMs: 400, maxAttempts: 5 },
    ...extra,
  };
  return page.page.evaluate((o) => window.bed.connect('alice', o as never), options);
}

const ok = (delayMs = 0) => ({ status: 200, reason: 'OK', delayMs });

describe('one REGISTER in flight', () => {
  it('a 423 Interval Too Brief is retried once with Min-Expires, never in parallel', async () => {
    const result = await register(
      (index) => (index === 0 ? { status: 423, reason: 'Interval Too Brief', headers: ['Min-Expires: 900'], delayMs: 100 } : ok(100)),
      {
        registerExpires: 60,
      },
    );
    expect(result).toEqual({ ok: true });
    const s = stub as SipStub;
    expect(s.registers).toHaveLength(2);
    expect(s.registers[1]?.header('contact')).toMatch(/expires=900/);
    expect(s.maxInFlight).toBe(1);
  });

  it('a socket dying with error and close leads to one reconnection and one REGISTER', async () => {
    expect(await register(() => ok(50))).toEqual({ ok: true });
    const s = stub as SipStub;
    expect(s.registers).toHaveLength(1);
    s.dropAll();
    await waitForLog(page!.page, 'alice registration reconnecting');
    const lines = await eventually(
      () => logLines(page!.page, 'alice registration'),
      (l) => l.at(-1) === 'alice registration registered' && l.length === 4,
    );
    expect(lines).toEqual([
      'alice registration registering',
      'alice registration registered',
      'alice registration reconnecting',
      'alice registration registered',
    ]);
    // Give any duplicate a chance to show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(s.connections).toBe(2);
    expect(s.registers).toHaveLength(2);
    expect(s.maxInFlight).toBe(1);
  });

  it('a half-open socket is found by the keep-alive and the line re-registers within the bound', async () => {
    expect(await register(() => ok(), { keepAliveSecs: 1 })).toEqual({ ok: true });
    const s = stub as SipStub;
    s.freeze();
    const frozenAt = Date.now();
    await waitForLog(page!.page, 'alice registration reconnecting', 5000);
    await eventually(
      () => logLines(page!.page, 'alice registration registered'),
      (l) => l.length === 2,
      5000,
    );
    const elapsed = Date.now() - frozenAt;
    // Keep-alive every 1 s, 1 s to answer, then a 100-200 ms backoff, a connect and a REGISTER.
    expect(elapsed).toBeLessThan(4000);
    expect(s.connections).toBe(2);
    expect(s.registers).toHaveLength(2);
    expect(s.maxInFlight).toBe(1);
  });
});

describe('bad input from the far side', () => {
  it('an answer with garbage SDP ends that call as failed and the line stays registered', async () => {
    const garbage = 'v=0\r\nthis is not a session description\r\nm=audio 9 RTP/AVP 0\r\n';
    expect(await register(() => ok(), {}, { inviteAnswerSdp: garbage })).toEqual({ ok: true });
    const callId = await page!.page.evaluate(() => window.bed.dial('alice', 'sip:bob@handset.test'));
    expect(await waitForLog(page!.page, `alice ${callId} ended`)).toBe(`alice ${callId} ended failed by=system code=-`);
    // It got as far as the answer: the 180 was seen, and the stub heard the ACK and the BYE (488).
    expect(await logLines(page!.page, `alice ${callId} ringing`)).toEqual([`alice ${callId} ringing early=false`]);
    expect((stub as SipStub).methods).toEqual(expect.arrayContaining(['INVITE', 'ACK', 'BYE']));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await page!.page.evaluate(() => window.bed.registration('alice'))).toBe('registered');
    expect(await logLines(page!.page, 'alice registration')).toEqual(['alice registration registering', 'alice registration registered']);
    expect((stub as SipStub).registers).toHaveLength(1);
  });
});

describe('waking up: online and visibilitychange', () => {
  // keepAliveSecs 600: the periodic check would find a dead socket only after 10 minutes. A wake
  // check waits for its OPTIONS as long as any keep-alive does: min(10 s, keepAliveSecs) = 10 s.
  const probeTimeoutMs = 10_000;

  it.each(['online', 'visibilitychange'] as const)(
    '%s checks a half-open socket at once: re-registered within the keep-alive bound',
    async (event) => {
      expect(await register(() => ok(), { keepAliveSecs: 600 })).toEqual({ ok: true });
      const s = stub as SipStub;
      s.freeze();
      const wokeAt = Date.now();
      await page!.page.evaluate((e) => window.bed.wake(e), event);
      await waitForLog(page!.page, 'alice registration reconnecting', probeTimeoutMs + 5000);
      const registered = await eventually(
        () => logLines(page!.page, 'alice registration registered'),
        (l) => l.length === 2,
        5000,
      );
      const elapsed = Date.now() - wokeAt;
      expect(registered).toHaveLength(2);
      // The probe's 10 s, a 50-400 ms backoff, a connect and a REGISTER; generous for a loaded machine.
      expect(elapsed).toBeLessThan(probeTimeoutMs + 3000);
      // What the frozen socket heard: the one OPTIONS of the wake check (no periodic one in 10 minutes).
      expect(s.unanswered.map((r) => r.method)).toEqual(['OPTIONS']);
      expect(s.connections).toBe(2);
      expect(s.registers).toHaveLength(2);
      expect(s.maxInFlight).toBe(1);
    },
  );

  it('a hidden page checks nothing; shown again it checks, and a live socket is kept', async () => {
    expect(await register(() => ok(), { keepAliveSecs: 600 })).toEqual({ ok: true });
    const s = stub as SipStub;
    await page!.page.evaluate(() => window.bed.wake('visibilitychange', 'hidden'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(s.methods.filter((m) => m === 'OPTIONS')).toEqual([]);
    await page!.page.evaluate(() => window.bed.wake('visibilitychange', 'visible'));
    expect(
      await eventually(
        async () => s.methods.filter((m) => m === 'OPTIONS').length,
        (n) => n === 1,
        5000,
      ),
    ).toBe(1);
    // Answered: give a wrong verdict the time to show up (the probe's bound) before counting.
    await new Promise((resolve) => setTimeout(resolve, probeTimeoutMs + 500));
    expect(await logLines(page!.page, 'alice registration')).toEqual(['alice registration registering', 'alice registration registered']);
    expect(s.connections).toBe(1);
    expect(s.registers).toHaveLength(1);
  });

  it('online while a reconnection waits out its backoff reconnects at once', async () => {
    // The first retry after a loss waits 10-20 s (baseMs 20 s, jitter in the upper half).
    expect(await register(() => ok(), { reconnection: { baseMs: 20_000, maxMs: 20_000, maxAttempts: 5 } })).toEqual({ ok: true });
    const s = stub as SipStub;
    s.dropAll();
    await waitForLog(page!.page, 'alice registration reconnecting');
    const wokeAt = Date.now();
    await page!.page.evaluate(() => window.bed.wake('online'));
    const registered = await eventually(
      () => logLines(page!.page, 'alice registration registered'),
      (l) => l.length === 2,
      15_000,
    );
    expect(registered).toHaveLength(2);
    // Well inside the shortest backoff (10 s): the wake, not the timer, reconnected.
    expect(Date.now() - wokeAt).toBeLessThan(5000);
    expect(s.connections).toBe(2);
    expect(s.registers).toHaveLength(2);
    // The cancelled timer does not fire a second attempt later.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(s.connections).toBe(2);
  });
});
