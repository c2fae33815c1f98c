/**
 * Signalling faults for real: Alice's WebSocket to Kamailio runs through the signalling proxy
 * (tools/testing/faults/signallingProxy.ts), which black-holes it (half-open: TCP up, nothing
 * passes), closes it, or outlives a Kamailio crash. The line must notice within its keep-alive
 * bound, reconnect and re-register (with backoff, without a REGISTER storm), and a call in progress
 * keeps its media and stays under control.
 * Needs the Debian packages kamailio, kamailio-websocket-modules, coturn and chromium.
 */
import { describe, expect, it } from 'vitest';
import { recordFaultRow } from '../../../../tools/testing/faults/benchRows';
import { testDomain } from '../bed/kamailio';
import { eventually } from '../bed/pages';
import { lines, pageNow, sleep, useFaultBed, waitFor } from './bed';

const bed = useFaultBed('handset sip faults: signalling');

const logLength = (page: import('playwright-core').Page) => page.evaluate(() => window.faults.log.length);
const packets = (page: import('playwright-core').Page, id: string) => page.evaluate((callId) => window.faults.inboundPackets(callId), id);

describe('signalling faults (SIP line through Kamailio)', () => {
  it('black-holed while idle: noticed within the keep-alive bound, re-registered, and a call placed after that reaches the phone', async () => {
    const keepAliveSecs = 2;
    // The README's bound: one keep-alive interval, then min(10 s, max(1 s, keepAliveSecs)) for the answer.
    const boundMs = keepAliveSecs * 1000 + Math.min(10_000, Math.max(1000, keepAliveSecs * 1000));
    const alice = await bed.phone('alice', { keepAliveSecs });
    const bob = await bed.phone('bob');
    const from = await logLength(alice.page);
    const start = await pageNow(alice.page);
    expect(bed.proxy.blackHole()).toBe(1);
    const noticed = await waitFor(alice.page, 'alice registration reconnecting', boundMs + 5000, from);
    // Page time; the slack is for timers on a loaded machine.
    expect(noticed.t - start).toBeLessThanOrEqual(boundMs + 1000);
    const registered = await waitFor(alice.page, 'alice registration registered', 10_000, from);
    expect(bed.proxy.connections).toBe(2);
    await eventually(
      () => bed.kamailio.contacts('alice'),
      (n) => n >= 1,
    );

    // Bob calls Alice: the INVITE finds her on her new connection.
    const bobId = await bob.page.evaluate((to) => window.faults.dial('bob', to), `sip:alice@${testDomain}`);
    const incoming = await waitFor(alice.page, 'alice incoming ', 10_000);
    const aliceId = incoming.line.split(' ').at(-1) as string;
    await alice.page.evaluate((id) => window.faults.act(id, 'accept'), aliceId);
    await waitFor(bob.page, `bob ${bobId} state active`);
    await waitFor(alice.page, `alice ${aliceId} state active`);
    await bob.page.evaluate((id) => window.faults.act(id, 'hangup'), bobId);
    await waitFor(alice.page, `alice ${aliceId} ended hangup by=remote`);

    // Told: one reconnection of the registration, no error.
    expect(await lines(alice.page, 'alice registration')).toEqual([
      'alice registration registering',
      'alice registration registered',
      'alice registration reconnecting',
      'alice registration registered',
    ]);
    expect(await lines(alice.page, 'error')).toEqual([]);
    expect(await alice.page.evaluate(() => window.faults.store('alice', ''))).toMatchObject({
      registration: 'registered',
      registrationError: null,
    });
    recordFaultRow({
      line: 'sip',
      impairment: 'signalling black-holed (idle)',
      applied: 'TCP kept open, nothing passed either way',
      reported: `registration reconnecting → registered (keepAliveSecs ${keepAliveSecs}, bound ${boundMs} ms); incoming call answered`,
      kitMos: null,
      eModelMos: null,
      detectMs: noticed.t - start,
      recoverMs: registered.t - noticed.t,
    });
  });

  it('signalling closed mid-call: the call keeps its media, the socket comes back, the call can still be held and hung up', async () => {
    const alice = await bed.phone('alice');
    const bob = await bed.phone('bob');
    const { aliceId, bobId } = await bed.call(alice, bob);
    const from = await logLength(alice.page);
    const start = await pageNow(alice.page);
    bed.proxy.closeAll();
    await waitFor(alice.page, 'alice registration reconnecting', 5000, from);
    const back = await waitFor(alice.page, 'alice registration registered', 10_000, from);

    // The media never depended on the socket.
    expect(await alice.page.evaluate((id) => window.faults.state(id), aliceId)).toBe('active');
    const before = await packets(alice.page, aliceId);
    await sleep(1000);
    expect((await packets(alice.page, aliceId)) - before).toBeGreaterThan(25);

    // In-dialog requests go out on the new socket.
    await alice.page.evaluate((id) => window.faults.act(id, 'hold'), aliceId);
    await waitFor(alice.page, `alice ${aliceId} state held`, 10_000);
    await waitFor(bob.page, `bob ${bobId} hold remote`, 10_000);
    await alice.page.evaluate((id) => window.faults.act(id, 'hangup'), aliceId);
    await waitFor(alice.page, `alice ${aliceId} ended hangup by=local`);
    await waitFor(bob.page, `bob ${bobId} ended hangup by=remote`);

    // Nothing about the call was told but what happened to it: no reconnecting, no error, one end.
    expect(await lines(alice.page, `alice ${aliceId} reconnect`)).toEqual([]);
    expect(await lines(alice.page, `alice ${aliceId} error`)).toEqual([]);
    expect(await lines(alice.page, `alice ${aliceId} ended`)).toHaveLength(1);
    expect(await alice.page.evaluate((id) => window.faults.store('alice', id), aliceId)).toMatchObject({
      registration: 'registered',
      end: { reason: 'hangup', by: 'local' },
      error: null,
    });
    recordFaultRow({
      line: 'sip',
      impairment: 'signalling closed mid-call',
      applied: 'both TCP connections closed',
      reported: 'registration reconnecting → registered; call active, held, hung up',
      kitMos: null,
      eModelMos: null,
      detectMs: null,
      recoverMs: back.t - start,
    });
  });

  it('Kamailio restarted: re-registration with backoff, no REGISTER storm', async () => {
    const policy = { baseMs: 200, maxMs: 2000, maxAttempts: 30 };
    const alice = await bed.phone('alice', { reconnection: policy });
    const from = await logLength(alice.page);
    const registersBefore = (await alice.page.evaluate(() => window.faults.registersSent('alice'))).length;
    // The counter works: the first registration sent a REGISTER and its answer to the digest challenge.
    expect(registersBefore).toBe(2);
    const connectionsBefore = bed.proxy.connections;
    const start = await pageNow(alice.page);
    const downAt = Date.now();
    await bed.kamailio.kill();
    await waitFor(alice.page, 'alice registration reconnecting', 5000, from);
    await sleep(3000);
    await bed.kamailio.restart();
    const upAt = Date.now();
    const registered = await waitFor(alice.page, 'alice registration registered', 15_000, from);
    // Give a storm time to show.
    await sleep(2000);

    const attempts = bed.proxy.acceptedAt.slice(connectionsBefore);
    const registers = (await alice.page.evaluate(() => window.faults.registersSent('alice'))).slice(registersBefore);
    // Each wait is at least half the exponential step (equal jitter), less a little for timers.
    const gaps = attempts.slice(1).map((t, i) => t - (attempts[i] as number));
    gaps.forEach((gap, i) => {
      expect(gap).toBeGreaterThanOrEqual(Math.min(policy.maxMs, policy.baseMs * 2 ** (i + 1)) / 2 - 50);
    });
    // About 3.5 s down: 100-200, 200-400, 400-800, 800-1600 ms... at most 7 connections.
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    expect(attempts.length).toBeLessThanOrEqual(7);
    // One registration on the new server: a REGISTER, its digest challenge, the answered one.
    expect(registers.length).toBeGreaterThanOrEqual(1);
    expect(registers.length).toBeLessThanOrEqual(2);
    expect(await lines(alice.page, 'alice registration')).toEqual([
      'alice registration registering',
      'alice registration registered',
      'alice registration reconnecting',
      'alice registration registered',
    ]);
    expect(await bed.kamailio.contacts('alice')).toBe(1);
    recordFaultRow({
      line: 'sip',
      impairment: 'Kamailio killed, back after ~3.5 s',
      applied: `down ${upAt - downAt} ms`,
      reported: `${attempts.length} connection attempts, ${registers.length} REGISTERs; reconnecting → registered`,
      kitMos: null,
      eModelMos: null,
      detectMs: null,
      recoverMs: registered.t - start - (upAt - downAt),
    });
  });
});
