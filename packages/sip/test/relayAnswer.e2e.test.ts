/**
 * A relay-only answer (issue #21, 6): `accept({ forceRelayCandidate })`, and the line-wide
 * `forceRelayCandidate` default, gather and use TURN relay candidates only, as `call()` does.
 * Through a real Kamailio and coturn on loopback, two Chromium pages, audio both ways.
 * Needs the Debian packages kamailio, kamailio-websocket-modules, coturn and chromium.
 */
import { describe, expect, it } from 'vitest';
import { testDomain } from './bed/kamailio';
import { useKamailioPhones } from './bed/kamailioPhones';
import { eventually, type PhonePage, waitForLog } from './bed/pages';

const phones = useKamailioPhones('handset sip relay answer e2e', { coturn: true });

/** Alice calls Bob; Bob answers with `acceptOptions`; both sides active. */
async function answeredBy(alice: PhonePage, bob: PhonePage, acceptOptions: Record<string, unknown> | undefined) {
  const callerId = await alice.page.evaluate((dest) => window.bed.dial('alice', dest), `sip:bob@${testDomain}`);
  await waitForLog(bob.page, 'bob incoming');
  const calleeId = (await bob.page.evaluate(() => window.bed.incoming('bob'))) as string;
  await bob.page.evaluate(([id, options]) => window.bed.act(id as string, 'accept', options), [calleeId, acceptOptions] as const);
  await waitForLog(alice.page, `alice ${callerId} state active`);
  await waitForLog(bob.page, `bob ${calleeId} state active`);
  return { callerId, calleeId };
}

/** Audio both ways, then the candidate types of Bob's answer and of his selected pair. */
async function bobsCandidates(alice: PhonePage, bob: PhonePage, callerId: string, calleeId: string) {
  const packets = async () => [
    await alice.page.evaluate((id) => window.bed.inboundAudioPackets(id), callerId),
    await bob.page.evaluate((id) => window.bed.inboundAudioPackets(id), calleeId),
  ];
  const counted = await eventually(packets, ([a, b]) => (a ?? 0) > 0 && (b ?? 0) > 0);
  expect(counted[0]).toBeGreaterThan(0);
  expect(counted[1]).toBeGreaterThan(0);
  return bob.page.evaluate((id) => window.bed.candidates(id), calleeId);
}

describe('relay-only answer', () => {
  it('accept({ forceRelayCandidate: true }): the answer carries only relay candidates and audio flows through coturn', async () => {
    const alice = await phones.phone('alice');
    const bob = await phones.phone('bob', { iceServers: [phones.turn.iceServer] });
    const { callerId, calleeId } = await answeredBy(alice, bob, { forceRelayCandidate: true });
    const candidates = await bobsCandidates(alice, bob, callerId, calleeId);
    expect(candidates?.offered.length).toBeGreaterThan(0);
    expect(new Set(candidates?.offered)).toEqual(new Set(['relay']));
    expect(candidates?.selected).toBe('relay');
    await alice.page.evaluate((id) => window.bed.act(id, 'hangup'), callerId);
    await waitForLog(bob.page, 'ended hangup by=remote');
  });

  it('sip({ forceRelayCandidate: true }) as the line default: a plain accept() answers relay-only', async () => {
    const alice = await phones.phone('alice');
    const bob = await phones.phone('bob', { iceServers: [phones.turn.iceServer], forceRelayCandidate: true });
    const { callerId, calleeId } = await answeredBy(alice, bob, undefined);
    const candidates = await bobsCandidates(alice, bob, callerId, calleeId);
    expect(new Set(candidates?.offered)).toEqual(new Set(['relay']));
    expect(candidates?.selected).toBe('relay');
  });

  it('without it the same answer carries host candidates (the check above can fail)', async () => {
    const alice = await phones.phone('alice');
    const bob = await phones.phone('bob', { iceServers: [phones.turn.iceServer] });
    const { callerId, calleeId } = await answeredBy(alice, bob, undefined);
    const candidates = await bobsCandidates(alice, bob, callerId, calleeId);
    expect(candidates?.offered).toContain('host');
  });
});
