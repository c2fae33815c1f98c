/**
 * Transfers through a real Kamailio, three phones on three pages. We are the transferee of a
 * blind transfer (a REFER received): 202, NOTIFYs with the progress (RFC 3515), a new INVITE
 * to the target, which takes over the same call once answered; and the transferor of an
 * attended one (REFER with Replaces).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { testDomain } from './bed/kamailio';
import { useKamailioPhones } from './bed/kamailioPhones';
import { eventually, logLines, type PhonePage, waitForLog } from './bed/pages';

const { phone, connectedCall } = useKamailioPhones('handset sip transfer');

/** The SIP messages a page's SIP.js sent (or received) that contain `text`, from its transport log. */
function sipSent(page: Page, name: string, text: string, way: 'Sending' | 'Received' = 'Sending'): Promise<string[]> {
  return page
    .evaluate(([n, t]) => window.bed.sipLines(n as string, t as string), [name, text] as const)
    .then((lines) => lines.filter((line) => line.includes(`${way} WebSocket message`) || line.includes(`${way} WebSocket text message`)));
}

/** Inbound audio packets on two calls, until both have some. */
async function bothHear(a: PhonePage, aId: string, b: PhonePage, bId: string): Promise<number[]> {
  const packets = async () => [
    await a.page.evaluate((id) => window.bed.inboundAudioPackets(id), aId),
    await b.page.evaluate((id) => window.bed.inboundAudioPackets(id), bId),
  ];
  return eventually(packets, ([x, y]) => (x ?? 0) > 0 && (y ?? 0) > 0);
}

describe('a REFER received (blind transfer, we are the transferee)', () => {
  it('A answers 202, calls C with Referred-By, NOTIFYs 100 then 200; A talks to C on the same call, B ends', async () => {
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
    // Until Carol answers, the transferor hears only that it is under way.
    const trying = await eventually(
      () => sipSent(alice.page, 'alice', 'NOTIFY sip:'),
      (lines) => lines.length === 1,
    );
    expect(trying).toHaveLength(1);
    await carol.page.evaluate((id) => window.bed.act(id, 'accept'), carolId);
    await waitForLog(carol.page, `carol ${carolId} state active`);
    expect(await waitForLog(bob.page, `bob ${calleeId} ended`)).toBe(`bob ${calleeId} ended hangup by=system code=-`);

    // The protocol: 202 to the REFER, an INVITE naming the transferor, and the progress by NOTIFY.
    expect(await sipSent(alice.page, 'alice', 'SIP/2.0 202 Accepted')).toHaveLength(1);
    const invite = (await sipSent(carol.page, 'carol', 'Referred-By:', 'Received')).find((line) => /INVITE sip:/.test(line)) ?? '';
    expect(invite).toMatch(/Referred-By: [^\n]*bob@handset\.test/);
    expect(invite).toMatch(/From: [^\n]*alice@handset\.test/);
    const notifies = await sipSent(alice.page, 'alice', 'NOTIFY sip:');
    expect(notifies).toHaveLength(2);
    expect(notifies[0]).toMatch(/Event: refer/);
    expect(notifies[0]).toMatch(/Subscription-State: active/);
    expect(notifies[0]).toMatch(/Content-Type: message\/sipfrag[\s\S]*SIP\/2\.0 100 Trying/);
    expect(notifies[1]).toMatch(/Subscription-State: terminated/);
    expect(notifies[1]).toMatch(/SIP\/2\.0 200 OK/);
    // The line names the new far party, and the core's call shows it.
    expect(await logLines(alice.page, `alice ${callerId} remote=`)).toEqual([`alice ${callerId} remote=sip:carol@handset.test`]);
    expect(await alice.page.evaluate((id) => window.bed.snapshot(id).remote.number, callerId)).toBe('sip:carol@handset.test');

    // Alice's call goes on with a new peer connection, and audio flows between Alice and Carol.
    const secondPc = await eventually(
      () => alice.page.evaluate((id) => window.bed.pcSerial(id), callerId),
      (serial) => serial !== firstPc,
    );
    expect(secondPc).not.toBe(firstPc);
    const counted = await bothHear(alice, callerId, carol, carolId);
    expect(counted[0]).toBeGreaterThan(0);
    expect(counted[1]).toBeGreaterThan(0);
    expect(await alice.page.evaluate((id) => window.bed.snapshot(id).state, callerId)).toBe('active');
    expect(await logLines(alice.page, `alice ${callerId} ended`)).toEqual([]);
    // Carol hangs up: Alice's call ends once.
    await carol.page.evaluate((id) => window.bed.act(id, 'hangup'), carolId);
    expect(await waitForLog(alice.page, `alice ${callerId} ended`)).toBe(`alice ${callerId} ended hangup by=remote code=-`);
    expect(await logLines(alice.page, `alice ${callerId} ended`)).toHaveLength(1);
  });

  it('B hangs up right after the REFER (it does not wait for the outcome): A still reaches C, the call never ends between', async () => {
    const alice = await phone('alice');
    const bob = await phone('bob');
    const carol = await phone('carol');
    const { callerId, calleeId } = await connectedCall(alice, 'alice', bob, 'bob');
    await bob.page.evaluate(
      ([id, target]) => {
        window.bed.act(id as string, 'transfer', target);
        window.bed.act(id as string, 'hangup');
      },
      [calleeId, `sip:carol@${testDomain}`] as const,
    );
    expect(await waitForLog(bob.page, `bob ${calleeId} ended`)).toBe(`bob ${calleeId} ended hangup by=local code=-`);
    await waitForLog(carol.page, 'carol incoming');
    const carolId = (await carol.page.evaluate(() => window.bed.incoming('carol'))) as string;
    // Bob's BYE is in, Carol has not answered yet: Alice's call waits for the outcome instead of ending.
    const byes = await eventually(
      () => sipSent(alice.page, 'alice', 'BYE sip:', 'Received'),
      (lines) => lines.length === 1,
    );
    expect(byes).toHaveLength(1);
    expect(await logLines(alice.page, `alice ${callerId} ended`)).toEqual([]);
    await carol.page.evaluate((id) => window.bed.act(id, 'accept'), carolId);
    await waitForLog(carol.page, `carol ${carolId} state active`);
    await waitForLog(alice.page, `alice ${callerId} remote=sip:carol@handset.test`);
    const counted = await bothHear(alice, callerId, carol, carolId);
    expect(counted[0]).toBeGreaterThan(0);
    expect(counted[1]).toBeGreaterThan(0);
    expect(await alice.page.evaluate((id) => window.bed.snapshot(id).state, callerId)).toBe('active');
    expect(await logLines(alice.page, `alice ${callerId} ended`)).toEqual([]);
    await alice.page.evaluate((id) => window.bed.act(id, 'hangup'), callerId);
    expect(await waitForLog(carol.page, `carol ${carolId} ended`)).toBe(`carol ${carolId} ended hangup by=remote code=-`);
    expect(await logLines(alice.page, `alice ${callerId} ended`)).toEqual([`alice ${callerId} ended hangup by=local code=-`]);
  });

  it('the target fails (404): B hears it by NOTIFY and keeps the call; A and B talk on', async () => {
    const alice = await phone('alice');
    const bob = await phone('bob');
    const { callerId, calleeId } = await connectedCall(alice, 'alice', bob, 'bob');
    const firstPc = await alice.page.evaluate((id) => window.bed.pcSerial(id), callerId);
    // Dave is not registered: Kamailio answers Alice's INVITE 404.
    await bob.page.evaluate(([id, target]) => window.bed.act(id as string, 'transfer', target), [
      calleeId,
      `sip:dave@${testDomain}`,
    ] as const);
    expect(await waitForLog(bob.page, `bob ${calleeId} error`)).toBe(
      `bob ${calleeId} error call-failed The transfer failed: the target answered 404.`,
    );
    const notifies = await sipSent(alice.page, 'alice', 'NOTIFY sip:');
    expect(notifies).toHaveLength(2);
    expect(notifies[1]).toMatch(/Subscription-State: terminated/);
    expect(notifies[1]).toMatch(/SIP\/2\.0 404 Not Found/);
    // Nothing changed for either side: same peer connection, audio on, nothing ended.
    expect(await alice.page.evaluate((id) => window.bed.pcSerial(id), callerId)).toBe(firstPc);
    const before = await bothHear(alice, callerId, bob, calleeId);
    const later = await eventually(
      () =>
        Promise.all([
          alice.page.evaluate((id) => window.bed.inboundAudioPackets(id), callerId),
          bob.page.evaluate((id) => window.bed.inboundAudioPackets(id), calleeId),
        ]),
      ([a, b]) => a > (before[0] ?? 0) + 20 && b > (before[1] ?? 0) + 20,
    );
    expect(later[0]).toBeGreaterThan((before[0] ?? 0) + 20);
    expect(later[1]).toBeGreaterThan((before[1] ?? 0) + 20);
    expect(await alice.page.evaluate((id) => window.bed.snapshot(id).state, callerId)).toBe('active');
    expect(await bob.page.evaluate((id) => window.bed.snapshot(id).state, calleeId)).toBe('active');
    expect(await logLines(alice.page, 'remote=')).toEqual([]);
    expect(await logLines(alice.page, 'ended')).toEqual([]);
    expect(await logLines(bob.page, 'ended')).toEqual([]);
  });
});

describe('attended transfer (we are the transferor)', () => {
  it('attended transfer: B, talking to A and to C, joins them by REFER with Replaces; B ends both, A and C talk', async () => {
    const alice = await phone('alice');
    const bob = await phone('bob');
    const carol = await phone('carol');
    const first = await connectedCall(alice, 'alice', bob, 'bob');
    const second = await connectedCall(bob, 'bob', carol, 'carol');
    const alicePc = await alice.page.evaluate((id) => window.bed.pcSerial(id), first.callerId);
    const carolPc = await carol.page.evaluate((id) => window.bed.pcSerial(id), second.calleeId);
    await bob.page.evaluate(([a, c]) => window.bed.attendedTransfer(a as string, c as string), [first.calleeId, second.callerId] as const);
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
    // Carol's call now names Alice (the INVITE with Replaces came from her), not Bob.
    expect(await carol.page.evaluate((id) => window.bed.snapshot(id).remote.number, second.calleeId)).toBe('sip:alice@handset.test');
    // Alice's names Carol as Bob's REFER did (SIP.js names her by her address), with her device's contact.
    expect(await alice.page.evaluate((id) => window.bed.snapshot(id).remote, first.callerId)).toMatchObject({
      name: 'carol@handset.test',
      number: expect.not.stringContaining('bob'),
    });
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
});
