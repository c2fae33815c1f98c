/**
 * Registration races against a scriptable WebSocket registrar (test/bed/sipStub.ts): the cases a
 * real server will not produce on demand. Exactly one REGISTER is ever in flight, and nothing
 * reaches unhandledrejection.
 */
import { describe, expect, it } from 'vitest';
import { eventually, logLines, waitForLog } from './bed/pages';
import type { RegisterScript } from './bed/sipStub';
import { useStubBed } from './bed/stubBed';

const bed = useStubBed('handset sip registration');

/** Registers alice (without a media kit) against a stub answering REGISTERs by `script`. */
function register(script: RegisterScript, extra: Record<string, unknown> = {}, stubOptions: { inviteAnswerSdp?: string } = {}) {
  return bed.register(stubOptions, { withMedia: false, ...extra }, script);
}

const ok = (delayMs = 0) => ({ status: 200, reason: 'OK', delayMs });

describe('one REGISTER in flight', () => {
  it('a 423 Interval Too Brief is retried once with Min-Expires, never in parallel', async () => {
    await register(
      (index) => (index === 0 ? { status: 423, reason: 'Interval Too Brief', headers: ['Min-Expires: 900'], delayMs: 100 } : ok(100)),
      {
        registerExpires: 60,
      },
    );
    const s = bed.stub;
    expect(s.registers).toHaveLength(2);
    expect(s.registers[1]?.header('contact')).toMatch(/expires=900/);
    expect(s.maxInFlight).toBe(1);
  });

  it('a socket dying with error and close leads to one reconnection and one REGISTER', async () => {
    await register(() => ok(50));
    const s = bed.stub;
    expect(s.registers).toHaveLength(1);
    s.dropAll();
    await waitForLog(bed.page, 'alice registration reconnecting');
    const lines = await eventually(
      () => logLines(bed.page, 'alice registration'),
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
    await register(() => ok(), { keepAliveSecs: 1 });
    const s = bed.stub;
    s.freeze();
    const frozenAt = Date.now();
    await waitForLog(bed.page, 'alice registration reconnecting', 5000);
    await eventually(
      () => logLines(bed.page, 'alice registration registered'),
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
    await register(() => ok(), {}, { inviteAnswerSdp: garbage });
    const callId = await bed.page.evaluate(() => window.bed.dial('alice', 'sip:bob@handset.test'));
    expect(await waitForLog(bed.page, `alice ${callId} ended`)).toBe(`alice ${callId} ended failed by=system code=-`);
    // It got as far as the answer: the 180 was seen, and the stub heard the ACK and the BYE (488).
    expect(await logLines(bed.page, `alice ${callId} ringing`)).toEqual([`alice ${callId} ringing early=false`]);
    expect(bed.stub.methods).toEqual(expect.arrayContaining(['INVITE', 'ACK', 'BYE']));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await bed.page.evaluate(() => window.bed.registration('alice'))).toBe('registered');
    expect(await logLines(bed.page, 'alice registration')).toEqual(['alice registration registering', 'alice registration registered']);
    expect(bed.stub.registers).toHaveLength(1);
  });
});

describe('waking up: online and visibilitychange', () => {
  // keepAliveSecs 600: the periodic check would find a dead socket only after 10 minutes. A wake
  // check waits for its OPTIONS as long as any keep-alive does: min(10 s, keepAliveSecs) = 10 s.
  const probeTimeoutMs = 10_000;

  it.each(['online', 'visibilitychange'] as const)(
    '%s checks a half-open socket at once: re-registered within the keep-alive bound',
    async (event) => {
      await register(() => ok(), { keepAliveSecs: 600 });
      const s = bed.stub;
      s.freeze();
      const wokeAt = Date.now();
      await bed.page.evaluate((e) => window.bed.wake(e), event);
      await waitForLog(bed.page, 'alice registration reconnecting', probeTimeoutMs + 5000);
      const registered = await eventually(
        () => logLines(bed.page, 'alice registration registered'),
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
    await register(() => ok(), { keepAliveSecs: 600 });
    const s = bed.stub;
    await bed.page.evaluate(() => window.bed.wake('visibilitychange', 'hidden'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(s.methods.filter((m) => m === 'OPTIONS')).toEqual([]);
    await bed.page.evaluate(() => window.bed.wake('visibilitychange', 'visible'));
    expect(
      await eventually(
        async () => s.methods.filter((m) => m === 'OPTIONS').length,
        (n) => n === 1,
        5000,
      ),
    ).toBe(1);
    // Answered: give a wrong verdict the time to show up (the probe's bound) before counting.
    await new Promise((resolve) => setTimeout(resolve, probeTimeoutMs + 500));
    expect(await logLines(bed.page, 'alice registration')).toEqual(['alice registration registering', 'alice registration registered']);
    expect(s.connections).toBe(1);
    expect(s.registers).toHaveLength(1);
  });

  it('online while a reconnection waits out its backoff reconnects at once', async () => {
    // The first retry after a loss waits 10-20 s (baseMs 20 s, jitter in the upper half).
    await register(() => ok(), { reconnection: { baseMs: 20_000, maxMs: 20_000, maxAttempts: 5 } });
    const s = bed.stub;
    s.dropAll();
    await waitForLog(bed.page, 'alice registration reconnecting');
    const wokeAt = Date.now();
    await bed.page.evaluate(() => window.bed.wake('online'));
    const registered = await eventually(
      () => logLines(bed.page, 'alice registration registered'),
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
