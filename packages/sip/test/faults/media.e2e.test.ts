/**
 * The media of a SIP call really impaired: Alice's call is forced through TURN, and her TURN
 * traffic passes the UDP impairment relay (tools/testing/faults/udpRelay.ts), which loses, delays
 * and jitters it. The kit must raise the right warning, clear it when the network is well again,
 * and score the call as the E-model scores what the relay applied (not what the browser reports).
 * The kit samples every 500 ms here (sampleIntervalMs); its warnings need 3 of the last 5 samples to
 * rise and 5 clean ones (and 5 s up) to clear, and ignore the first 5 s of a call.
 *
 * Round trip and outbound loss reach the phone only in RTCP reports, which Chromium sends about
 * every 5 s for audio: a warning that depends on them is raised and cleared up to one report late.
 * Loss toward the phone and jitter are measured packet by packet.
 * Needs the Debian packages kamailio, kamailio-websocket-modules, coturn and chromium.
 */
import { describe, expect, it } from 'vitest';
import { recordFaultRow } from '../../../../tools/testing/faults/benchRows';
import { ceilingMos, expectedMos, justified } from '../../../../tools/testing/faults/expected';
import { type FaultPhone, pageNow, sampleIntervalMs, sleep, useFaultBed, waitFor } from './bed';
import { afterReports, baselineRtt, meanMos, raisedOn, samplesOf, trimmedMeanMos, within } from './quality';

const bed = useFaultBed('handset sip faults: media');

/** The kit ignores the first 5 s of a call; impairments start after it. */
const graceMs = 5000 + 2 * sampleIntervalMs;

/** A call from Alice (under test) to Bob, past the kit's grace period, with its relayed path checked. */
async function settledCall(): Promise<{ alice: FaultPhone; id: string; baseRtt: number }> {
  const alice = await bed.phone('alice');
  const bob = await bed.phone('bob');
  const { aliceId } = await bed.call(alice, bob);
  expect(await alice.page.evaluate((id) => window.faults.selectedCandidate(id), aliceId)).toBe('relay');
  await sleep(graceMs);
  return { alice, id: aliceId, baseRtt: baselineRtt(await samplesOf(alice.page, aliceId)) };
}

/** What the store holds for the call: its state, end, and the warnings active now (and, once ended, every one raised). */
const storeOf = (alice: FaultPhone, id: string) => alice.page.evaluate((callId) => window.faults.store('alice', callId), id);

/** Alice hangs up; the store's summary of the call lists exactly `warnings` as raised, and the end is a plain hang-up. */
async function hangUpTold(alice: FaultPhone, id: string, warnings: string[]): Promise<void> {
  await alice.page.evaluate((callId) => window.faults.act(callId, 'hangup'), id);
  await waitFor(alice.page, `alice ${id} ended`);
  const store = await storeOf(alice, id);
  expect(store).toMatchObject({ state: 'ended', end: { reason: 'hangup', by: 'local' }, error: null });
  expect(new Set(store.warningsRaised)).toEqual(new Set(warnings));
}

const round = (n: number | null) => (n === null ? null : Math.round(n * 100) / 100);

describe('media faults through TURN (SIP line)', () => {
  it('5% loss toward the phone: high-packet-loss within 3 samples, cleared within 5 s of the loss ending; MOS falls and recovers', async () => {
    const { alice, id, baseRtt } = await settledCall();
    const before = meanMos(within(await samplesOf(alice.page, id), 0));

    const start = await pageNow(alice.page);
    bed.relay.impair('5% loss', {}, { loss: { kind: 'even', percent: 5 } });
    const raised = await waitFor(alice.page, `${id} warning high-packet-loss`, 10_000);
    // Raised on the third sample that shows the loss. Under load a sample may see too few packets to
    // show it (or straddle the start), so up to two more may pass first.
    const toRaise = within(await samplesOf(alice.page, id), start, raised.t);
    expect(toRaise.filter((s) => s.loss > 1)).toHaveLength(3);
    expect(toRaise.length).toBeLessThanOrEqual(5);
    // Long enough for the warning's minimum time up (5 s).
    await sleep(5500);
    const end = await pageNow(alice.page);
    bed.relay.clear('after loss');
    const lossSamples = within(await samplesOf(alice.page, id), raised.t, end);
    const cleared = await waitFor(alice.page, `${id} warning-cleared high-packet-loss`, 5000);
    expect(cleared.t - end).toBeLessThanOrEqual(5000);
    await sleep(2000);
    const after = within(await samplesOf(alice.page, id), cleared.t);

    // MOS falls with the loss and comes back; under loss it is the E-model's for what the relay did.
    const applied = bed.relay.figures('5% loss');
    expect(applied.down.lossPercent).toBeGreaterThan(4.5);
    expect(applied.down.lossPercent).toBeLessThan(5.5);
    const expected = expectedMos(applied, baseRtt);
    const underLoss = meanMos(lossSamples) as number;
    expect(underLoss).toBeLessThan((before as number) - 0.15);
    expect(Math.abs(underLoss - expected)).toBeLessThanOrEqual(0.2);
    // Back to what the clean network scores (the relay's record of the time after).
    expect(meanMos(after)).toBeGreaterThan(expectedMos(bed.relay.figures('after loss'), baseRtt) - 0.2);

    // Told, and nothing else: the one warning first, raised once and cleared (and only what the relay's
    // record justifies besides); the call goes on.
    const raisedWarnings = await raisedOn(alice.page, id);
    expect(raisedWarnings[0]).toBe('high-packet-loss');
    expect(raisedWarnings.filter((w) => w === 'high-packet-loss')).toHaveLength(1);
    const allowed = justified(applied);
    expect(raisedWarnings.filter((w) => !allowed.has(w))).toEqual([]);
    for (const warning of raisedWarnings) await waitFor(alice.page, `${id} warning-cleared ${warning}`, 10_000);
    expect(await storeOf(alice, id)).toMatchObject({ state: 'active', end: null, warnings: [] });
    await hangUpTold(alice, id, [...new Set(raisedWarnings)]);
    recordFaultRow({
      line: 'sip',
      impairment: '5% loss toward the phone',
      applied: `loss ${applied.down.lossPercent.toFixed(1)}% of ${applied.down.packets} packets`,
      reported: 'high-packet-loss, cleared',
      kitMos: round(underLoss),
      eModelMos: round(expected),
      detectMs: raised.t - start,
      recoverMs: cleared.t - end,
    });
  });

  it('250 ms each way: high-rtt (with low-mos, as the E-model scores that delay), both cleared afterwards', async () => {
    const { alice, id, baseRtt } = await settledCall();
    const start = await pageNow(alice.page);
    bed.relay.impair('250 ms each way', { delayMs: 250 });
    // The round trip comes with Chromium's RTCP reports (about every 5 s).
    const raised = await waitFor(alice.page, `${id} warning high-rtt`, 15_000);
    const settled = await afterReports(alice.page, id, start, 3);
    await sleep(1000);
    const end = await pageNow(alice.page);
    bed.relay.clear('after delay');
    const delayed = within(await samplesOf(alice.page, id), settled, end);
    const cleared = await waitFor(alice.page, `${id} warning-cleared high-rtt`, 20_000);
    await waitFor(alice.page, `${id} warning-cleared low-mos`, 5000);

    const applied = bed.relay.figures('250 ms each way');
    expect(applied.rttMs).toBeGreaterThan(490);
    const expected = expectedMos(applied, baseRtt);
    const kit = meanMos(delayed) as number;
    // Never better than the network allows. (Not held to -0.2: above 160 ms of effective latency each
    // 10 ms costs 0.05, and on a loaded machine Chromium's and coturn's own scheduling adds tens of ms
    // that the relay did not apply; the figures go to bench:faults.)
    expect(kit, JSON.stringify({ applied, delayed })).toBeLessThanOrEqual(ceilingMos(applied, baseRtt) + 0.2);
    // high-rtt, and low-mos (the E-model scores 500 ms under 3.5); anything else only if the record justifies it.
    const raisedWarnings = await raisedOn(alice.page, id);
    expect(raisedWarnings).toEqual(expect.arrayContaining(['high-rtt', 'low-mos']));
    const allowed = justified(applied);
    expect(raisedWarnings.filter((w) => !allowed.has(w))).toEqual([]);
    for (const warning of raisedWarnings) await waitFor(alice.page, `${id} warning-cleared ${warning}`, 10_000);
    expect(await storeOf(alice, id)).toMatchObject({ state: 'active', end: null, warnings: [] });
    await hangUpTold(alice, id, [...new Set(raisedWarnings)]);
    recordFaultRow({
      line: 'sip',
      impairment: '250 ms each way',
      applied: `rtt +${applied.rttMs.toFixed(0)} ms`,
      reported: 'high-rtt, low-mos, cleared',
      kitMos: round(kit),
      eModelMos: round(expected),
      detectMs: raised.t - start,
      recoverMs: cleared.t - end,
    });
  });

  it('jitter toward the phone (37 ms by RFC 3550, the most an in-order 20 ms stream shows under 40): high-jitter, cleared afterwards', async () => {
    const { alice, id, baseRtt } = await settledCall();
    const start = await pageNow(alice.page);
    bed.relay.impair('jitter 37 ms', {}, { jitterMs: 37 });
    const raised = await waitFor(alice.page, `${id} warning high-jitter`, 10_000);
    await sleep(5500);
    const end = await pageNow(alice.page);
    bed.relay.clear('after jitter');
    const jittered = within(await samplesOf(alice.page, id), raised.t, end);
    const cleared = await waitFor(alice.page, `${id} warning-cleared high-jitter`, 10_000);

    const applied = bed.relay.figures('jitter 37 ms');
    // What the phone's doorstep saw: RFC 3550 jitter of about 30 on average, above 30 for stretches.
    expect(applied.jitterMs).toBeGreaterThan(25);
    expect(applied.down.jitterMaxMs).toBeGreaterThan(30);
    // The kit's MOS is recorded but not held to ±0.2 here: its round trip comes from one RTCP packet in
    // 5 s, which the stalling queue delays by anything from 0 to 2 stalls, so it samples the delay, not its mean.
    const expected = expectedMos(applied, baseRtt);
    const kit = meanMos(jittered) as number;
    // low-mos may come too (a report that waited behind a stall gives a round trip that, with the
    // jitter, scores under 3.5), and what the record justifies; nothing else.
    const raisedWarnings = await raisedOn(alice.page, id);
    expect(raisedWarnings).toContain('high-jitter');
    const allowed = new Set([...justified(applied), 'low-mos']);
    expect(raisedWarnings.filter((w) => !allowed.has(w))).toEqual([]);
    for (const warning of raisedWarnings) await waitFor(alice.page, `${id} warning-cleared ${warning}`, 10_000);
    expect(await storeOf(alice, id)).toMatchObject({ state: 'active', end: null, warnings: [] });
    await hangUpTold(alice, id, [...new Set(raisedWarnings)]);
    recordFaultRow({
      line: 'sip',
      impairment: 'jitter toward the phone',
      applied: `jitter ${applied.jitterMs.toFixed(1)} ms, rtt +${applied.rttMs.toFixed(0)} ms`,
      reported: 'high-jitter, cleared',
      kitMos: round(kit),
      eModelMos: round(expected),
      detectMs: raised.t - start,
      recoverMs: cleared.t - end,
    });
  });

  it('MOS against the E-model of what the relay applied (±0.2 for bursty loss and a short round trip, never above it for long ones), never rising as the round trip grows', async () => {
    const { alice, id, baseRtt } = await settledCall();
    // Loss first, from a clean start (a round trip, once reported, stays in the kit's view until the next report).
    const steps = [
      { label: 'bursty loss 5%', up: {}, down: { loss: { kind: 'bursty', percent: 5, meanBurst: 2 } as const } },
      { label: 'rtt +100 ms', up: { delayMs: 50 } },
      { label: 'rtt +600 ms', up: { delayMs: 300 } },
    ];
    // Held to ±0.2 where the E-model is flat enough that the bed's own scheduling under load does not
    // move it (loss; effective latency under 160 ms); above that, never better than the network allows.
    const twoSided = new Set(['bursty loss 5%', 'rtt +100 ms']);
    const scores: { label: string; kit: number; expected: number; ceiling: number; window: unknown }[] = [];
    for (const step of steps) {
      const start = await pageNow(alice.page);
      bed.relay.impair(step.label, step.up, step.down);
      // Loss toward the phone counts from the next sample on; a round trip once a report carries it wholly.
      // (The first sample of a loss step may straddle the step before.)
      const from = step.down ? start + 2 * sampleIntervalMs : await afterReports(alice.page, id, start, 3);
      await sleep(step.down ? 8000 : 1000);
      const now = await pageNow(alice.page);
      const window = within(await samplesOf(alice.page, id), from, now);
      // Loss per 500 ms sample is lumpy (a burst or none): the mean without its highest and lowest sample.
      const kit = (step.down ? trimmedMeanMos(window) : meanMos(window)) as number;
      const applied = bed.relay.figures(step.label);
      const expected = expectedMos(applied, baseRtt);
      scores.push({ label: step.label, kit, expected, ceiling: ceilingMos(applied, baseRtt), window });
      recordFaultRow({
        line: 'sip',
        impairment: step.label,
        applied: `rtt +${applied.rttMs.toFixed(0)} ms, jitter ${applied.jitterMs.toFixed(1)} ms, loss ${applied.lossPercent.toFixed(1)}%`,
        reported: 'MOS',
        kitMos: round(kit),
        eModelMos: round(expected),
        detectMs: null,
        recoverMs: null,
      });
    }
    bed.relay.clear();
    for (const { label, kit, expected, ceiling, window } of scores) {
      const why = `${label}: ${JSON.stringify({ kit, expected, window, applied: bed.relay.figures(label) })}`;
      if (twoSided.has(label)) expect(Math.abs(kit - expected), why).toBeLessThanOrEqual(0.2);
      else expect(kit, why).toBeLessThanOrEqual(ceiling + 0.2);
    }
    const [r100, r600] = scores.slice(1).map((s) => s.kit) as [number, number];
    expect(r600).toBeLessThan(r100 - 1);
    // And sample by sample, without loss: a longer effective latency (rtt + 2 jitter) never scores higher.
    const all = (await samplesOf(alice.page, id)).filter((s) => s.mos !== null && s.loss === 0 && s.outboundLoss === 0);
    const latency = (s: (typeof all)[number]) => s.rtt + 2 * s.jitter;
    const risen = all.filter((a) => all.some((b) => latency(b) > latency(a) && (b.mos as number) > (a.mos as number) + 1e-9));
    expect(risen).toEqual([]);
  });
});
