/**
 * The SIP line end to end: Chromium pages running @handset/core + @handset/sip, registered
 * with a real Kamailio (test/bed/kamailio.cfg) over WebSocket on loopback.
 * Needs the Debian packages kamailio, kamailio-websocket-modules and chromium.
 */
import { describe, expect, it } from 'vitest';
import { testDomain } from './bed/kamailio';
import { useKamailioPhones } from './bed/kamailioPhones';
import { eventually, logLines, type PhonePage, waitForLog } from './bed/pages';

const phones = useKamailioPhones('handset sip e2e', { coturn: true });
const { phone, connectedCall, lineOptions, openPage } = phones;

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
    expect(await phones.kamailio.contacts('alice')).toBe(1);
    // Credentials stay out of the logs: SIP.js's own lines are redacted.
    expect(await alice.page.evaluate(() => window.bed.sipLog.filter((line) => line.includes('alice-secret')))).toEqual([]);
    expect(await alice.page.evaluate(() => window.bed.sipLines('alice', 'Authorization: Digest'))).toEqual([]);
    expect((await alice.page.evaluate(() => window.bed.sipLines('alice', 'Authorization: [redacted]'))).length).toBeGreaterThan(0);
  });

  it('a wrong password ends in failed with a clear error that does not contain the password', async () => {
    const page = await openPage();
    const result = await page.page.evaluate(
      (options) => window.bed.connect('alice', options as never),
      lineOptions('alice', { password: 'not-the-password-42' }),
    );
    expect(result.ok).toBe(false);
    expect(result.code).toBe('registration-failed');
    expect(result.message).toMatch(/refused the credentials \(401/);
    expect(result.message).not.toContain('not-the-password-42');
    expect(await page.page.evaluate(() => window.bed.registration('alice'))).toBe('failed');
    expect(await phones.kamailio.contacts('alice')).toBe(0);
  });

  it('an unreachable server ends in failed after the retry policy, reconnecting in between', async () => {
    const page = await openPage();
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
    await bob.page.evaluate(
      (id) =>
        window.bed.act(id, 'sendInfo', 'application/x-handset-test', 'ping', { 'X-Ticket': '42', 'User-to-User': 'a1b2;encoding=hex' }),
      calleeId,
    );
    // Headers on INFO (Voximplant's sendInfo(mimeType, body, headers)) travel through Kamailio.
    await waitForLog(alice.page, `alice ${callerId} info application/x-handset-test ping X-Ticket=42 User-to-User=a1b2;encoding=hex`);

    // B hangs up.
    await bob.page.evaluate((id) => window.bed.act(id, 'hangup'), calleeId);
    expect(await waitForLog(alice.page, `alice ${callerId} ended`)).toBe(`alice ${callerId} ended hangup by=remote code=-`);
    expect(await waitForLog(bob.page, `bob ${calleeId} ended`)).toBe(`bob ${calleeId} ended hangup by=local code=-`);
  });

  it('both sides holding at once (glare, 491) resolves: both held, each sees the other hold', async () => {
    const alice = await phone('alice');
    const bob = await phone('bob');
    const { callerId, calleeId } = await connectedCall(alice, 'alice', bob, 'bob');
    // Loopback is too fast for two re-INVITEs to cross by chance: each page's leaves 400 ms late.
    await Promise.all([alice.page.evaluate(() => window.bed.delayReinvites(400)), bob.page.evaluate(() => window.bed.delayReinvites(400))]);
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
    // It was glare: at least one hold was refused with 491 (and then retried).
    const refused = async () =>
      [
        ...(await alice.page.evaluate(() => window.bed.sipLines('alice', 'SIP/2.0 491'))),
        ...(await bob.page.evaluate(() => window.bed.sipLines('bob', 'SIP/2.0 491'))),
      ].filter((line) => line.includes('Received'));
    expect((await refused()).length).toBeGreaterThan(0);
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

  it('forceRelayCandidate: only relay candidates are offered and audio flows through coturn', async () => {
    const alice = await phone('alice', { iceServers: [phones.turn.iceServer] });
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
    expect(await phones.kamailio.contacts('alice')).toBe(1);
    await phones.kamailio.kill();
    await waitForLog(alice.page, 'alice registration reconnecting');
    await phones.kamailio.restart();
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
    expect(await phones.kamailio.contacts('alice')).toBe(1);
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
    await phones.kamailio.kill();
    await waitForLog(alice.page, 'alice registration reconnecting');
    const during = await packets();
    await phones.kamailio.restart();
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
