/**
 * A total media blackout on a SIP call forced through TURN: the impairment relay drops every
 * datagram of Alice's (TURN control and media, both ways) while signalling goes on. A short one must
 * be told (`ice-connectivity-lost`, `reconnecting`) and recovered by an ICE restart with audio
 * flowing again; one longer than `mediaRecoverySecs` ends the call with `network`, once.
 * Needs the Debian packages kamailio, kamailio-websocket-modules, coturn and chromium.
 */
import { describe, expect, it } from 'vitest';
import { recordFaultRow } from '../../../../tools/testing/faults/benchRows';
import { lines, pageNow, sleep, useFaultBed, waitFor } from './bed';

const bed = useFaultBed('handset sip faults: blackout');

/** What a blackout may leave besides ICE: nothing flowed either way while it lasted. */
const blackoutWarnings = ['ice-connectivity-lost', 'low-bytes-received', 'low-bytes-sent'];

const packets = (page: import('playwright-core').Page, id: string) => page.evaluate((callId) => window.faults.inboundPackets(callId), id);

describe('media blackout through TURN (SIP line)', () => {
  it('8 s blackout: ice-connectivity-lost, reconnecting, recovered (by ICE restart), active again with audio flowing', async () => {
    const alice = await bed.phone('alice');
    const bob = await bed.phone('bob');
    const { aliceId: id } = await bed.call(alice, bob);
    // Past the kit's 5 s grace, so that the warning can be raised.
    await sleep(6000);
    const ufrag = await alice.page.evaluate((callId) => window.faults.iceUfrag(callId), id);

    const start = await pageNow(alice.page);
    const over = bed.relay.blackout(8000, 'blackout 8 s');
    // Chromium calls ICE disconnected some 5 s into the silence; the kit's warning needs 3 samples more
    // and the line 2 s more, so both may land around the end of the 8 s (later on a loaded machine).
    const lost = await waitFor(alice.page, `alice ${id} warning ice-connectivity-lost`, 15_000);
    const reconnecting = await waitFor(alice.page, `alice ${id} reconnecting`, 15_000);
    await waitFor(alice.page, `alice ${id} state reconnecting`, 1000);
    await over;
    const end = await pageNow(alice.page);
    const reconnected = await waitFor(alice.page, `alice ${id} reconnected`, 15_000);
    await alice.page.waitForFunction((callId) => window.faults.state(callId) === 'active', id, { timeout: 5000 });
    // Usually a new ICE session (the line's restart); when the line's 2 s wait ends just as the
    // blackout does, ICE may come back on its own first. Either way audio arrives again.
    const restarted = (await alice.page.evaluate((callId) => window.faults.iceUfrag(callId), id)) !== ufrag;
    const before = await packets(alice.page, id);
    await sleep(1000);
    expect((await packets(alice.page, id)) - before).toBeGreaterThan(25);
    const cleared = await waitFor(alice.page, `alice ${id} warning-cleared ice-connectivity-lost`, 10_000);

    // Told once each, no error, no end; the warnings are the blackout's and all cleared.
    const told = (await lines(alice.page, `alice ${id} reconnect`)).map((l) => l.split(' ')[2]);
    expect(told).toEqual(['reconnecting', 'reconnected']);
    expect(await lines(alice.page, `alice ${id} error`)).toEqual([]);
    const raised = (await lines(alice.page, `alice ${id} warning `)).map((l) => l.split(' ').at(-1));
    expect(raised).toContain('ice-connectivity-lost');
    expect(raised.filter((w) => !blackoutWarnings.includes(w as string))).toEqual([]);
    for (const warning of raised) await waitFor(alice.page, `alice ${id} warning-cleared ${warning}`, 10_000);
    expect(await alice.page.evaluate((callId) => window.faults.store('alice', callId), id)).toMatchObject({
      state: 'active',
      end: null,
      error: null,
      warnings: [],
    });
    recordFaultRow({
      line: 'sip',
      impairment: 'blackout 8 s',
      applied: `${bed.relay.figures('blackout 8 s').down.packets} packets toward the phone dropped`,
      reported: `${raised.join(', ')}; reconnecting → reconnected (${restarted ? 'ICE restart' : 'ICE back by itself'})`,
      kitMos: null,
      eModelMos: null,
      detectMs: Math.min(lost.t, reconnecting.t) - start,
      recoverMs: Math.max(reconnected.t, cleared.t) - end,
    });
  });

  it('a blackout longer than mediaRecoverySecs: the call ends with network, once', async () => {
    const alice = await bed.phone('alice', { mediaRecoverySecs: 3 });
    const bob = await bed.phone('bob');
    const { aliceId: id, bobId } = await bed.call(alice, bob);
    await sleep(1000);
    const start = await pageNow(alice.page);
    const over = bed.relay.blackout(12_000, 'blackout 12 s');
    await waitFor(alice.page, `alice ${id} reconnecting`, 8000);
    const ended = await waitFor(alice.page, `alice ${id} ended`, 15_000);
    expect(ended.line).toContain(`alice ${id} ended network by=system`);
    // The far end hears the BYE.
    await waitFor(bob.page, `bob ${bobId} ended hangup by=remote`, 5000);
    await over;
    await sleep(1000);
    expect(await lines(alice.page, `alice ${id} ended`)).toHaveLength(1);
    expect(await lines(alice.page, `alice ${id} reconnected`)).toEqual([]);
    expect(await alice.page.evaluate((callId) => window.faults.store('alice', callId), id)).toMatchObject({
      state: 'ended',
      end: { reason: 'network' },
    });
    recordFaultRow({
      line: 'sip',
      impairment: 'blackout 12 s, mediaRecoverySecs 3',
      applied: 'everything dropped both ways for 12 s',
      reported: 'reconnecting → ended network',
      kitMos: null,
      eModelMos: null,
      detectMs: ended.t - start,
      recoverMs: null,
    });
  });
});
