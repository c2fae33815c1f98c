/**
 * The SIP line end to end: Chromium pages running @handset/core + @handset/sip, registered
 * with a real Kamailio (test/bed/kamailio.cfg) over WebSocket on loopback.
 * Needs the Debian packages kamailio, kamailio-websocket-modules and chromium.
 */
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../tools/testing/chromium';
import { type HarnessServer, serveHarness } from '../../../tools/testing/serve';
import { type CoturnBed, startCoturn } from './bed/coturn';
import { type KamailioBed, startKamailio, testDomain, testUsers } from './bed/kamailio';
import { eventually, logLines, openPhonePage, type PhonePage, waitForLog } from './bed/pages';

type User = keyof typeof testUsers;

let bed: KamailioBed;
let turn: CoturnBed;
let harness: HarnessServer;
let browser: Browser;
const open: PhonePage[] = [];

beforeAll(async () => {
  bed = await startKamailio();
  turn = await startCoturn();
  harness = await serveHarness(fileURLToPath(new URL('./harness/page.ts', import.meta.url)), 'handset sip e2e');
  browser = await launchChromium();
});

afterEach(async (context) => {
  if (context.task.result?.state === 'fail' || process.env.SIP_E2E_DUMP) {
    for (const { page } of open) {
      const dump = await page.evaluate(() => [...window.bed.log, ...window.bed.sipLog].join('\n')).catch(() => '(page gone)');
      console.log(`---- page log ----\n${dump}`);
    }
  }
  // Nothing may reach unhandledrejection, whatever the scenario (checked after the clean-up below).
  const rejections: string[] = [];
  for (const { page } of open) {
    rejections.push(...(await page.evaluate(() => window.bed.log.filter((line) => line.startsWith('unhandledrejection'))).catch(() => [])));
  }
  // Dispose the phones first so that no REGISTER or call is left on the server for the next test.
  await Promise.all(
    open.map(({ page }) =>
      page
        .evaluate(() =>
          ['alice', 'bob', 'carol', 'dave'].forEach((n) => {
            window.bed.dispose(n);
          }),
        )
        .catch(() => {}),
    ),
  );
  await Promise.all(open.splice(0).map(({ context }) => context.close().catch(() => {})));
  expect(rejections).toEqual([]);
});

afterAll(async () => {
  await browser?.close().catch(() => {});
  await harness?.close().catch(() => {});
  await bed?.stop();
  await turn?.stop();
});

function lineOptions(user: User, extra: Record<string, unknown> = {}) {
  return {
    server: bed.wsUrl,
    uri: `sip:${user}@${testDomain}`,
    password: testUsers[user],
    displayName: user[0]?.toUpperCase() + user.slice(1),
    reconnection: { baseMs: 100, maxMs: 1000, maxAttempts: 20 },
    keepSipLog: true,
    ...extra,
  };
}

/** Opens a page and registers `user` there. */
async function phone(user: User, extra: Record<string, unknown> = {}): Promise<PhonePage> {
  const page = await openPhonePage(browser, harness.origin);
  open.push(page);
  const result = await page.page.evaluate(([name, options]) => window.bed.connect(name as string, options as never), [
    user,
    lineOptions(user, extra),
  ] as const);
  expect(result, bed.log().slice(-2000)).toEqual({ ok: true });
  return page;
}

/** A calls B and B answers; returns both call ids once both sides are active. */
async function connectedCall(a: PhonePage, from: User, b: PhonePage, to: User, options: Record<string, unknown> = {}) {
  const callerId = await a.page.evaluate(([name, dest, opts]) => window.bed.dial(name as string, dest as string, opts as never), [
    from,
    `sip:${to}@${testDomain}`,
    options,
  ] as const);
  await waitForLog(b.page, `${to} incoming`);
  const calleeId = (await b.page.evaluate((name) => window.bed.incoming(name), to)) as string;
  await waitForLog(a.page, `${from} ${callerId} ringing early=false`);
  await b.page.evaluate((id) => window.bed.act(id, 'accept'), calleeId);
  await waitForLog(a.page, `${from} ${callerId} state active`);
  await waitForLog(b.page, `${to} ${calleeId} state active`);
  return { callerId, calleeId };
}

/** The INVITEs (first and re-INVITEs) a page's SIP.js sent, from its transport log. */
function invitesSent(p: PhonePage): Promise<number> {
  return p.page.evaluate(() => window.bed.sipLog.filter((line) => /Sending WebSocket message:\s+INVITE sip:/.test(line)).length);
}

/** From SIP.js's transport log: the most REGISTER requests ever waiting for a final response at once. */
function maxRegistersInFlight(lines: string[]): number {
  let open = 0;
  let max = 0;
  for (const line of lines) {
    if (/Sending WebSocket message:\s+REGISTER sip:/.test(line)) max = Math.max(max, ++open);
    else if (/Received WebSocket text message:\s+SIP\/2\.0 [2-6]\d\d/.test(line) && /CSeq: \d+ REGISTER/i.test(line))
      open = Math.max(0, open - 1);
  }
  return max;
}

describe('SIP line through Kamailio', () => {
  it('registers with digest authentication, one contact on the server', async () => {
    const alice = await phone('alice');
    expect(await alice.page.evaluate(() => window.bed.registration('alice'))).toBe('registered');
    expect(await logLines(alice.page, 'alice registration')).toEqual(['alice registration registering', 'alice registration registered']);
    expect(await bed.contacts('alice')).toBe(1);
    // Credentials stay out of the logs: SIP.js's own lines are redacted.
    expect(await alice.page.evaluate(() => window.bed.sipLog.filter((line) => line.includes('alice-secret')))).toEqual([]);
    expect(await alice.page.evaluate(() => window.bed.sipLines('alice', 'Authorization: Digest'))).toEqual([]);
    expect((await alice.page.evaluate(() => window.bed.sipLines('alice', 'Authorization: [redacted]'))).length).toBeGreaterThan(0);
  });

  it('a wrong password ends in failed with a clear error that does not contain the password', async () => {
    const page = await openPhonePage(browser, harness.origin);
    open.push(page);
    const result = await page.page.evaluate(
      (options) => window.bed.connect('alice', options as never),
      lineOptions('alice', { password: 'not-the-password-42' }),
    );
    expect(result.ok).toBe(false);
    expect(result.code).toBe('registration-failed');
    expect(result.message).toMatch(/refused the credentials \(401/);
    expect(result.message).not.toContain('not-the-password-42');
    expect(await page.page.evaluate(() => window.bed.registration('alice'))).toBe('failed');
    expect(await bed.contacts('alice')).toBe(0);
  });

  it('an unreachable server ends in failed after the retry policy, reconnecting in between', async () => {
    const page = await openPhonePage(browser, harness.origin);
    open.push(page);
    const result = await page.page.evaluate(
      (options) => window.bed.connect('alice', options as never),
      lineOptions('alice', { server: 'ws://127.0.0.1:9', reconnection: { baseMs: 50, maxMs: 100, maxAttempts: 3 } }),
    );
    expect(result.ok).toBe(false);
    expect(result.code).toBe('registration-failed');
    expect(result.message).toMatch(/after 3 attempts/);
    expect(await logLines(page.page, 'alice registration')).toEqual([
      'alice registration registering',
      'alice registration reconnecting',
      'alice registration failed',
    ]);
  });

  it('A calls B: ringing, answer, audio both ways, hold and unhold seen on both sides, INFO DTMF, messages, hang-up', async () => {
    const alice = await phone('alice', { dtmfMode: 'info' });
    const bob = await phone('bob');
    const { callerId, calleeId } = await connectedCall(alice, 'alice', bob, 'bob', { callerName: 'Alice Smith' });
    expect(await waitForLog(bob.page, 'bob incoming')).toContain('from=sip:alice@handset.test name=Alice Smith');

    const packets = async () => [
      await alice.page.evaluate((id) => window.bed.inboundAudioPackets(id), callerId),
      await bob.page.evaluate((id) => window.bed.inboundAudioPackets(id), calleeId),
    ];
    const counted = await eventually(packets, ([a, b]) => (a ?? 0) > 0 && (b ?? 0) > 0);
    expect(counted[0]).toBeGreaterThan(0);
    expect(counted[1]).toBeGreaterThan(0);
    expect((await alice.page.evaluate((id) => window.bed.snapshot(id), callerId)).codec).toBe('opus');

    // Local hold on A, seen as remote hold on B; then back.
    expect(await alice.page.evaluate((id) => window.bed.act(id, 'hold'), callerId)).toBe('held');
    await waitForLog(bob.page, `bob ${calleeId} hold remote`);
    expect((await bob.page.evaluate((id) => window.bed.snapshot(id), calleeId)).remoteHold).toBe(true);
    expect(await alice.page.evaluate((id) => window.bed.act(id, 'unhold'), callerId)).toBe('active');
    await waitForLog(bob.page, `bob ${calleeId} unhold remote`);
    // And the other way round.
    await bob.page.evaluate((id) => window.bed.act(id, 'hold'), calleeId);
    await waitForLog(alice.page, `alice ${callerId} hold remote`);
    await bob.page.evaluate((id) => window.bed.act(id, 'unhold'), calleeId);
    await waitForLog(alice.page, `alice ${callerId} unhold remote`);
    expect(await alice.page.evaluate((id) => window.bed.snapshot(id).state, callerId)).toBe('active');
    expect(await logLines(alice.page, 'error')).toEqual([]);

    // Ten digits by SIP INFO arrive in order as dtmf events.
    await alice.page.evaluate((id) => window.bed.act(id, 'sendDigits', '1234567890'), callerId);
    await waitForLog(bob.page, `bob ${calleeId} dtmf 0`);
    expect((await logLines(bob.page, ' dtmf ')).map((line) => line.split(' ').pop())).toEqual('1234567890'.split(''));

    // In-dialog MESSAGE and INFO.
    await alice.page.evaluate((id) => window.bed.act(id, 'sendMessage', 'hello bob'), callerId);
    await waitForLog(bob.page, `bob ${calleeId} message "hello bob"`);
    await waitForLog(alice.page, `alice ${callerId} messageSent "hello bob"`);
    await bob.page.evaluate((id) => window.bed.act(id, 'sendInfo', 'application/x-handset-test', 'ping'), calleeId);
    await waitForLog(alice.page, `alice ${callerId} info application/x-handset-test ping`);

    // B hangs up.
    await bob.page.evaluate((id) => window.bed.act(id, 'hangup'), calleeId);
    expect(await waitForLog(alice.page, `alice ${callerId} ended`)).toBe(`alice ${callerId} ended hangup by=remote code=-`);
    expect(await waitForLog(bob.page, `bob ${calleeId} ended`)).toBe(`bob ${calleeId} ended hangup by=local code=-`);
  });

  it('both sides holding at once resolves: both held, each sees the other hold', async () => {
    const alice = await phone('alice');
    const bob = await phone('bob');
    const { callerId, calleeId } = await connectedCall(alice, 'alice', bob, 'bob');
    await Promise.all([
      alice.page.evaluate((id) => window.bed.act(id, 'hold'), callerId),
      bob.page.evaluate((id) => window.bed.act(id, 'hold'), calleeId),
    ]);
    await waitForLog(alice.page, `alice ${callerId} hold remote`, 20_000);
    await waitForLog(bob.page, `bob ${calleeId} hold remote`, 20_000);
    const settled = async () => [
      await alice.page.evaluate((id) => window.bed.snapshot(id), callerId),
      await bob.page.evaluate((id) => window.bed.snapshot(id), calleeId),
    ];
    const [a, b] = await eventually(settled, ([x, y]) => x.state === 'held' && y.state === 'held' && x.remoteHold && y.remoteHold, 15_000);
    expect([a.state, a.remoteHold, b.state, b.remoteHold]).toEqual(['held', true, 'held', true]);
    expect(await logLines(alice.page, 'error')).toEqual([]);
    expect(await logLines(bob.page, 'error')).toEqual([]);
    // And both resume.
    await Promise.all([
      alice.page.evaluate((id) => window.bed.act(id, 'unhold'), callerId),
      bob.page.evaluate((id) => window.bed.act(id, 'unhold'), calleeId),
    ]);
    const [c, d] = await eventually(
      settled,
      ([x, y]) => x.state === 'active' && y.state === 'active' && !x.remoteHold && !y.remoteHold,
      15_000,
    );
    expect([c.state, c.remoteHold, d.state, d.remoteHold]).toEqual(['active', false, 'active', false]);
  });

  it('DTMF by RFC 4733 when the far side offers telephone-event: no INFO is sent', async () => {
    const alice = await phone('alice');
    const bob = await phone('bob');
    const { callerId, calleeId } = await connectedCall(alice, 'alice', bob, 'bob');
    expect(await alice.page.evaluate((id) => window.bed.watchDtmfSender('alice', id), callerId)).toBe(true);
    await alice.page.evaluate((id) => window.bed.act(id, 'sendDigits', '19#'), callerId);
    await waitForLog(alice.page, `alice ${callerId} rtpTone #`);
    expect((await logLines(alice.page, 'rtpTone')).map((line) => line.split(' ').pop())).toEqual(['1', '9', '#']);
    expect(await alice.page.evaluate(() => window.bed.sipLines('alice', 'INFO sip:'))).toEqual([]);
    expect(await logLines(bob.page, ' dtmf ')).toEqual([]);
    await alice.page.evaluate((id) => window.bed.act(id, 'hangup'), callerId);
    await waitForLog(bob.page, `bob ${calleeId} ended`);
  });

  it('custom X- headers travel on the INVITE, the answer and the BYE', async () => {
    const alice = await phone('alice');
    const bob = await phone('bob');
    const callerId = await alice.page.evaluate(
      (dest) => window.bed.dial('alice', dest, { customHeaders: { 'X-Account': 'acct-42' } }),
      `sip:bob@${testDomain}`,
    );
    await waitForLog(bob.page, 'bob incoming');
    const calleeId = (await bob.page.evaluate(() => window.bed.incoming('bob'))) as string;
    await bob.page.evaluate((id) => window.bed.act(id, 'accept', { customHeaders: { 'X-Answered-By': 'desk-7' } }), calleeId);
    await waitForLog(alice.page, `alice ${callerId} state active`);
    await alice.page.evaluate((id) => window.bed.act(id, 'hangup', { 'X-Reason': 'done' }), callerId);
    await waitForLog(bob.page, `bob ${calleeId} ended hangup by=remote`);
    const received = async (page: typeof bob.page, name: string, text: string) =>
      (await page.evaluate(([n, t]) => window.bed.sipLines(n as string, t as string), [name, text] as const)).filter((line) =>
        line.includes('Received'),
      );
    expect((await received(bob.page, 'bob', 'X-Account: acct-42')).some((line) => line.includes('INVITE sip:'))).toBe(true);
    expect((await received(alice.page, 'alice', 'X-Answered-By: desk-7')).some((line) => line.includes('SIP/2.0 200 OK'))).toBe(true);
    expect((await received(bob.page, 'bob', 'X-Reason: done')).some((line) => line.includes('BYE sip:'))).toBe(true);
  });

  it('the caller hangs up an answered call', async () => {
    const alice = await phone('alice');
    const bob = await phone('bob');
    const { callerId, calleeId } = await connectedCall(alice, 'alice', bob, 'bob');
    await alice.page.evaluate((id) => window.bed.act(id, 'hangup'), callerId);
    expect(await waitForLog(bob.page, `bob ${calleeId} ended`)).toBe(`bob ${calleeId} ended hangup by=remote code=-`);
    expect(await waitForLog(alice.page, `alice ${callerId} ended`)).toBe(`alice ${callerId} ended hangup by=local code=-`);
  });

  for (const [code, reason] of [
    [486, 'busy'],
    [603, 'rejected'],
  ] as const) {
    it(`a call rejected with ${code} ends as ${reason} on the caller's side`, async () => {
      const alice = await phone('alice');
      const bob = await phone('bob');
      const callerId = await alice.page.evaluate((dest) => window.bed.dial('alice', dest), `sip:bob@${testDomain}`);
      await waitForLog(bob.page, 'bob incoming');
      const calleeId = (await bob.page.evaluate(() => window.bed.incoming('bob'))) as string;
      await bob.page.evaluate(([id, c]) => window.bed.act(id as string, 'reject', c), [calleeId, code] as const);
      expect(await waitForLog(alice.page, `alice ${callerId} ended`)).toBe(`alice ${callerId} ended ${reason} by=remote code=${code}`);
      expect(await waitForLog(bob.page, `bob ${calleeId} ended`)).toBe(`bob ${calleeId} ended rejected by=local code=${code}`);
    });
  }

  it('a call cancelled before the answer ends as cancelled on both sides', async () => {
    const alice = await phone('alice');
    const bob = await phone('bob');
    const callerId = await alice.page.evaluate((dest) => window.bed.dial('alice', dest), `sip:bob@${testDomain}`);
    await waitForLog(bob.page, 'bob incoming');
    await waitForLog(alice.page, `alice ${callerId} ringing`);
    const calleeId = (await bob.page.evaluate(() => window.bed.incoming('bob'))) as string;
    await alice.page.evaluate((id) => window.bed.act(id, 'hangup'), callerId);
    expect(await waitForLog(alice.page, `alice ${callerId} ended`)).toBe(`alice ${callerId} ended cancelled by=local code=-`);
    expect(await waitForLog(bob.page, `bob ${calleeId} ended`)).toBe(`bob ${calleeId} ended cancelled by=remote code=-`);
  });

  it('a user who is not registered: the call fails with 404', async () => {
    const alice = await phone('alice');
    const callerId = await alice.page.evaluate((dest) => window.bed.dial('alice', dest), `sip:dave@${testDomain}`);
    expect(await waitForLog(alice.page, `alice ${callerId} ended`)).toBe(`alice ${callerId} ended failed by=remote code=404`);
  });

  it('blind transfer: B transfers A to C by REFER; A talks to C on the same call, B ends', async () => {
    const alice = await phone('alice');
    const bob = await phone('bob');
    const carol = await phone('carol');
    const { callerId, calleeId } = await connectedCall(alice, 'alice', bob, 'bob');
    const firstPc = await alice.page.evaluate((id) => window.bed.pcSerial(id), callerId);
    await bob.page.evaluate(([id, target]) => window.bed.act(id as string, 'transfer', target), [
      calleeId,
      `sip:carol@${testDomain}`,
    ] as const);
    expect(await waitForLog(carol.page, 'carol incoming')).toContain('from=sip:alice@handset.test');
    const carolId = (await carol.page.evaluate(() => window.bed.incoming('carol'))) as string;
    await carol.page.evaluate((id) => window.bed.act(id, 'accept'), carolId);
    await waitForLog(carol.page, `carol ${carolId} state active`);
    expect(await waitForLog(bob.page, `bob ${calleeId} ended`)).toBe(`bob ${calleeId} ended hangup by=system code=-`);
    // Alice's call goes on with a new peer connection, and audio flows between Alice and Carol.
    const secondPc = await eventually(
      () => alice.page.evaluate((id) => window.bed.pcSerial(id), callerId),
      (serial) => serial !== firstPc,
    );
    expect(secondPc).not.toBe(firstPc);
    const packets = async () => [
      await alice.page.evaluate((id) => window.bed.inboundAudioPackets(id), callerId),
      await carol.page.evaluate((id) => window.bed.inboundAudioPackets(id), carolId),
    ];
    const counted = await eventually(packets, ([a, c]) => (a ?? 0) > 0 && (c ?? 0) > 0);
    expect(counted[0]).toBeGreaterThan(0);
    expect(counted[1]).toBeGreaterThan(0);
    expect(await alice.page.evaluate((id) => window.bed.snapshot(id).state, callerId)).toBe('active');
    expect(await logLines(alice.page, `alice ${callerId} ended`)).toEqual([]);
    // Carol hangs up: Alice's call ends once.
    await carol.page.evaluate((id) => window.bed.act(id, 'hangup'), carolId);
    expect(await waitForLog(alice.page, `alice ${callerId} ended`)).toBe(`alice ${callerId} ended hangup by=remote code=-`);
    expect(await logLines(alice.page, `alice ${callerId} ended`)).toHaveLength(1);
  });

  it('attended transfer: B, talking to A and to C, joins them by REFER with Replaces; B ends both, A and C talk', async () => {
    const alice = await phone('alice');
    const bob = await phone('bob');
    const carol = await phone('carol');
    const first = await connectedCall(alice, 'alice', bob, 'bob');
    const second = await connectedCall(bob, 'bob', carol, 'carol');
    const alicePc = await alice.page.evaluate((id) => window.bed.pcSerial(id), first.callerId);
    const carolPc = await carol.page.evaluate((id) => window.bed.pcSerial(id), second.calleeId);
    await bob.page.evaluate(([a, c]) => window.bed.attendedTransfer('bob', a as string, c as string), [
      first.calleeId,
      second.callerId,
    ] as const);
    expect(await waitForLog(bob.page, `bob ${first.calleeId} ended`)).toBe(`bob ${first.calleeId} ended hangup by=system code=-`);
    expect(await waitForLog(bob.page, `bob ${second.callerId} ended`)).toBe(`bob ${second.callerId} ended hangup by=remote code=-`);
    // Alice and Carol keep their calls, each on a new peer connection, and hear each other.
    await eventually(
      () => alice.page.evaluate((id) => window.bed.pcSerial(id), first.callerId),
      (serial) => serial !== alicePc,
    );
    await eventually(
      () => carol.page.evaluate((id) => window.bed.pcSerial(id), second.calleeId),
      (serial) => serial !== carolPc,
    );
    const packets = async () => [
      await alice.page.evaluate((id) => window.bed.inboundAudioPackets(id), first.callerId),
      await carol.page.evaluate((id) => window.bed.inboundAudioPackets(id), second.calleeId),
    ];
    const counted = await eventually(packets, ([a, c]) => (a ?? 0) > 0 && (c ?? 0) > 0);
    expect(counted[0]).toBeGreaterThan(0);
    expect(counted[1]).toBeGreaterThan(0);
    expect(await alice.page.evaluate((id) => window.bed.snapshot(id).state, first.callerId)).toBe('active');
    expect(await carol.page.evaluate((id) => window.bed.snapshot(id).state, second.calleeId)).toBe('active');
    expect(await logLines(carol.page, 'carol incoming')).toHaveLength(1);
    // Carol got Alice's INVITE with Replaces naming the dialog with Bob.
    const replaces = await carol.page.evaluate(() => window.bed.sipLines('carol', 'Replaces:'));
    expect(replaces.some((line) => /INVITE sip:/.test(line) && /From: [^\n]*alice@/.test(line))).toBe(true);
    expect(await logLines(alice.page, 'ended')).toEqual([]);
    expect(await logLines(carol.page, 'ended')).toEqual([]);
    // Carol hangs up: Alice's call ends once.
    await carol.page.evaluate((id) => window.bed.act(id, 'hangup'), second.calleeId);
    expect(await waitForLog(alice.page, `alice ${first.callerId} ended`)).toBe(`alice ${first.callerId} ended hangup by=remote code=-`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await logLines(alice.page, `alice ${first.callerId} ended`)).toHaveLength(1);
    expect(await logLines(carol.page, `carol ${second.calleeId} ended`)).toHaveLength(1);
  });

  it('forceRelayCandidate: only relay candidates are offered and audio flows through coturn', async () => {
    const alice = await phone('alice', { iceServers: [turn.iceServer] });
    const bob = await phone('bob');
    const { callerId, calleeId } = await connectedCall(alice, 'alice', bob, 'bob', { forceRelayCandidate: true });
    const packets = async () => [
      await alice.page.evaluate((id) => window.bed.inboundAudioPackets(id), callerId),
      await bob.page.evaluate((id) => window.bed.inboundAudioPackets(id), calleeId),
    ];
    const counted = await eventually(packets, ([a, b]) => (a ?? 0) > 0 && (b ?? 0) > 0);
    expect(counted[0]).toBeGreaterThan(0);
    expect(counted[1]).toBeGreaterThan(0);
    const candidates = await alice.page.evaluate((id) => window.bed.candidates(id), callerId);
    expect(candidates?.offered.length).toBeGreaterThan(0);
    expect(new Set(candidates?.offered)).toEqual(new Set(['relay']));
    expect(candidates?.selected).toBe('relay');
    await alice.page.evaluate((id) => window.bed.act(id, 'hangup'), callerId);
    await waitForLog(bob.page, 'ended hangup by=remote');
  });

  it('Kamailio killed and restarted while registered: reconnecting, then registered again, one contact', async () => {
    const alice = await phone('alice');
    expect(await bed.contacts('alice')).toBe(1);
    await bed.kill();
    await waitForLog(alice.page, 'alice registration reconnecting');
    await bed.restart();
    const registered = await eventually(
      () => logLines(alice.page, 'alice registration'),
      (lines) => lines.at(-1) === 'alice registration registered' && lines.length >= 4,
      15_000,
    );
    expect(registered.slice(0, 3)).toEqual([
      'alice registration registering',
      'alice registration registered',
      'alice registration reconnecting',
    ]);
    expect(registered.at(-1)).toBe('alice registration registered');
    expect(registered).not.toContain('alice registration failed');
    expect(await bed.contacts('alice')).toBe(1);
    expect(maxRegistersInFlight(await alice.page.evaluate(() => window.bed.sipLines('alice', 'REGISTER')))).toBe(1);
    // The line works after the restart: a call goes through.
    const bob = await phone('bob');
    const { callerId } = await connectedCall(alice, 'alice', bob, 'bob');
    await alice.page.evaluate((id) => window.bed.act(id, 'hangup'), callerId);
    await waitForLog(bob.page, 'ended hangup by=remote');
  });

  it('an answered call whose media flows survives Kamailio going away and coming back', async () => {
    const alice = await phone('alice');
    const bob = await phone('bob');
    const { callerId, calleeId } = await connectedCall(alice, 'alice', bob, 'bob');
    const packets = () => alice.page.evaluate((id) => window.bed.inboundAudioPackets(id), callerId);
    await eventually(packets, (n) => n > 0);
    await bed.kill();
    await waitForLog(alice.page, 'alice registration reconnecting');
    const during = await packets();
    await bed.restart();
    await eventually(
      () => logLines(alice.page, 'alice registration registered'),
      (lines) => lines.length === 2,
      15_000,
    );
    // Media never went through Kamailio: it kept flowing, and neither side ended the call.
    expect(await eventually(packets, (n) => n > during + 20)).toBeGreaterThan(during + 20);
    expect(await alice.page.evaluate((id) => window.bed.snapshot(id).state, callerId)).toBe('active');
    expect(await bob.page.evaluate((id) => window.bed.snapshot(id).state, calleeId)).toBe('active');
    expect(await logLines(alice.page, 'ended')).toEqual([]);
    expect(await logLines(bob.page, 'ended')).toEqual([]);
  });

  it('ICE failing on an active call: an ICE restart by re-INVITE, reconnecting then reconnected, audio flows on', async () => {
    const alice = await phone('alice');
    const bob = await phone('bob');
    const { callerId, calleeId } = await connectedCall(alice, 'alice', bob, 'bob');
    const packets = () => bob.page.evaluate((id) => window.bed.inboundAudioPackets(id), calleeId);
    await eventually(packets, (n) => n > 0);
    const before = await alice.page.evaluate((id) => window.bed.iceUfrags(id), callerId);
    // The failure is reported by the page (the peer connection says `failed` once); the restart is real.
    expect(await alice.page.evaluate((id) => window.bed.fakeMediaState(id, 'failed'), callerId)).toBe(true);
    await waitForLog(alice.page, `alice ${callerId} reconnecting`);
    await waitForLog(alice.page, `alice ${callerId} reconnected`);
    const after = await alice.page.evaluate((id) => window.bed.iceUfrags(id), callerId);
    expect(after.local).not.toBe(before.local);
    expect(after.remote).not.toBe(before.remote);
    // Bob answered the restart offer: his side has Alice's new credentials and gave new ones.
    expect(await bob.page.evaluate((id) => window.bed.iceUfrags(id), calleeId)).toEqual({ local: after.remote, remote: after.local });
    const sent = await packets();
    expect(await eventually(packets, (n) => n > sent + 20)).toBeGreaterThan(sent + 20);
    expect(await alice.page.evaluate((id) => window.bed.snapshot(id).state, callerId)).toBe('active');
    expect(await logLines(alice.page, `alice ${callerId} reconnect`)).toEqual([
      `alice ${callerId} reconnecting`,
      `alice ${callerId} reconnected`,
    ]);
    expect(await logLines(alice.page, 'ended')).toEqual([]);
    expect(await logLines(bob.page, 'ended')).toEqual([]);
    expect(await invitesSent(alice)).toBe(2);
  });

  it('ICE that stays failed past mediaRecoverySecs ends the call with network, once', async () => {
    const alice = await phone('alice', { mediaRecoverySecs: 2 });
    const bob = await phone('bob');
    const { callerId, calleeId } = await connectedCall(alice, 'alice', bob, 'bob');
    const start = Date.now();
    await alice.page.evaluate((id) => window.bed.fakeMediaState(id, 'failed', true), callerId);
    await waitForLog(alice.page, `alice ${callerId} reconnecting`);
    expect(await waitForLog(alice.page, `alice ${callerId} ended`)).toBe(`alice ${callerId} ended network by=system code=-`);
    expect(Date.now() - start).toBeLessThan(4000);
    await waitForLog(bob.page, `bob ${calleeId} ended hangup by=remote`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await logLines(alice.page, `alice ${callerId} ended`)).toHaveLength(1);
    expect(await logLines(bob.page, `bob ${calleeId} ended`)).toHaveLength(1);
    // At least one restart was tried before giving up.
    expect(await invitesSent(alice)).toBeGreaterThanOrEqual(2);
  });
});
