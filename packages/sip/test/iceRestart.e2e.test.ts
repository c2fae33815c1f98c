/**
 * A real ICE failure: two Chromium pages registered with Kamailio call each other, the caller
 * relay-only (forceRelayCandidate), so every media path runs through coturn. Stopping coturn cuts the
 * media for real (its allocations die with it); the line must see ICE go down, restart ICE by
 * re-INVITE while the relay is gone, and recover once coturn is back on the same port.
 * Needs the Debian packages kamailio, kamailio-websocket-modules, coturn and chromium.
 */

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useKamailioPhones } from './bed/kamailioPhones';
import { eventually, logLines, waitForLog } from './bed/pages';

const phones = useKamailioPhones('handset sip ice restart e2e', { coturn: true });
const { phone, connectedCall } = phones;

/** One end of the call: its page, user and call id. */
type Side = { page: Page; name: string; id: string };

const packetsOf = ({ page, id }: Side) => page.evaluate((callId) => window.bed.inboundAudioPackets(callId), id);
const ufragsOf = ({ page, id }: Side) => page.evaluate((callId) => window.bed.iceUfrags(callId), id);
const stableOf = ({ page, id }: Side) => page.evaluate((callId) => window.bed.signalingState(callId) === 'stable', id);

/** Both sides' ICE credentials once neither has an offer pending; `null` while one has. */
async function negotiatedUfrags(a: Side, b: Side) {
  if (!(await stableOf(a)) || !(await stableOf(b))) return null;
  return { a: await ufragsOf(a), b: await ufragsOf(b) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ICE restart after a real relay failure', () => {
  it('coturn stopped under a relayed call: reconnecting, ICE restart re-INVITEs, reconnected with audio once coturn is back', async () => {
    const turn = phones.turn;
    // A generous recovery bound: the relay stays away on purpose while restarts are tried.
    const line = { iceServers: [turn.iceServer], mediaRecoverySecs: 40 };
    const alicePage = await phone('alice', line);
    const bobPage = await phone('bob', line);
    const { callerId, calleeId } = await connectedCall(alicePage, 'alice', bobPage, 'bob', { forceRelayCandidate: true });
    const alice: Side = { page: alicePage.page, name: 'alice', id: callerId };
    const bob: Side = { page: bobPage.page, name: 'bob', id: calleeId };
    for (const side of [alice, bob]) {
      expect(await side.page.evaluate(({ name, id }) => window.bed.watchPeerConnection(name, id), { name: side.name, id: side.id })).toBe(
        true,
      );
    }
    const packets = async () => [await packetsOf(alice), await packetsOf(bob)] as const;
    await eventually(packets, ([a, b]) => a > 0 && b > 0);
    const candidates = await alice.page.evaluate((id) => window.bed.candidates(id), callerId);
    expect(new Set(candidates?.offered)).toEqual(new Set(['relay']));
    expect(candidates?.selected).toBe('relay');
    const before = await negotiatedUfrags(alice, bob);
    expect(before).not.toBeNull();

    // The relay goes away for real: its allocations die with the process.
    const start = Date.now();
    await turn.stop();
    await waitForLog(alice.page, `alice ${callerId} reconnecting`, 30_000);
    const toReconnecting = Date.now() - start;
    await waitForLog(bob.page, `bob ${calleeId} reconnecting`, 30_000);

    // While the relay is gone an ICE restart goes through (new credentials on both sides) but carries no audio.
    const restartedDown = await eventually(
      () => negotiatedUfrags(alice, bob),
      (now) => now !== null && now.a.local !== before?.a.local && now.a.remote !== before?.a.remote,
      20_000,
    );
    expect(restartedDown?.a.local).not.toBe(before?.a.local);
    expect(restartedDown?.a.remote).not.toBe(before?.a.remote);
    expect(restartedDown?.b).toEqual({ local: restartedDown?.a.remote, remote: restartedDown?.a.local });
    const toRestartedDown = Date.now() - start;
    const down = await packets();
    await sleep(1000);
    expect(await packets()).toEqual(down);
    expect(await logLines(alice.page, `alice ${callerId} reconnected`)).toEqual([]);
    expect(await logLines(bob.page, `bob ${calleeId} reconnected`)).toEqual([]);

    // coturn back on the same port with the same credentials: new allocations (the pending restart's, retried by
    // the browser, or the next restart's), and audio flows again both ways.
    await turn.restart();
    const back = Date.now();
    await waitForLog(alice.page, `alice ${callerId} reconnected`, 30_000);
    await waitForLog(bob.page, `bob ${calleeId} reconnected`, 30_000);
    const toReconnected = Date.now() - back;
    const resumed = await eventually(packets, ([a, b]) => a > down[0] + 20 && b > down[1] + 20, 15_000);
    expect(resumed[0]).toBeGreaterThan(down[0] + 20);
    expect(resumed[1]).toBeGreaterThan(down[1] + 20);
    console.log(
      `ICE restart e2e: reconnecting ${toReconnecting} ms after coturn stopped, a restart through ${toRestartedDown} ms after, ` +
        `reconnected ${toReconnected} ms after coturn came back`,
    );

    const after = await eventually(
      () => negotiatedUfrags(alice, bob),
      (now) => now !== null,
    );
    expect(after?.a.local).not.toBe(before?.a.local);
    expect(after?.b).toEqual({ local: after?.a.remote, remote: after?.a.local });
    for (const side of [alice, bob]) {
      const prefix = `${side.name} ${side.id}`;
      expect(await logLines(side.page, `${prefix} reconnect`)).toEqual([`${prefix} reconnecting`, `${prefix} reconnected`]);
      expect((await logLines(side.page, `${prefix} state`)).slice(-2)).toEqual([`${prefix} state reconnecting`, `${prefix} state active`]);
      expect(await side.page.evaluate((id) => window.bed.snapshot(id).state, side.id)).toBe('active');
      expect(await logLines(side.page, 'ended')).toEqual([]);
    }
    // The restarts were re-INVITEs through Kamailio (the caller's first: the callee gives it one interval).
    const sent = (side: Side, pattern: RegExp) =>
      side.page.evaluate((source) => window.bed.sipLog.filter((line) => new RegExp(source).test(line)).length, pattern.source);
    const invite = /Sending WebSocket message:\s+INVITE sip:/;
    const reinvites = { alice: (await sent(alice, invite)) - 1, bob: await sent(bob, invite) };
    expect(reinvites.alice + reinvites.bob).toBeGreaterThanOrEqual(1);
    const refused = /Sending WebSocket message:\s+SIP\/2\.0 (491|488) /;
    console.log(
      `re-INVITEs sent: ${JSON.stringify(reinvites)}; 491/488 sent: alice ${await sent(alice, refused)}, bob ${await sent(bob, refused)}`,
    );

    await alice.page.evaluate((id) => window.bed.act(id, 'hangup'), callerId);
    await waitForLog(bob.page, `bob ${calleeId} ended hangup by=remote`);
    await sleep(300);
    expect(await logLines(alice.page, `alice ${callerId} ended`)).toEqual([`alice ${callerId} ended hangup by=local code=-`]);
    expect(await logLines(bob.page, `bob ${calleeId} ended`)).toEqual([`bob ${calleeId} ended hangup by=remote code=-`]);
    for (const side of [alice, bob]) expect(await logLines(side.page, 'unhandledrejection')).toEqual([]);
  });
});
