/**
 * The media of a SIP call really impaired: Alice's call is forced through TURN, and her TURN
 * traffic passes the UDP impairment relay (tools/testing/faults/udpRelay.ts), which loses, delays
 * and jitters it. The kit must raise the right warning, clear it when the network is well again,
 * and score the call as the E-model scores what the relay applied (not what the browser reports).
 * The kit samples every 500 ms here (sampleIntervalMs); its warnings need 3 of the last 5 samples to
 * rise and 5 clean ones (and 5 s up) to clear, and ignore the first 5 s of a call.
 *
 * On a loaded machine the call has a round trip and jitter of its own: each test measures them
 * (the baseline: the kit's samples before any impairment) and expects, sample by sample, the call's
 * own plus what the relay did to the very packets behind each sample (tools/testing/faults/expected.ts:
 * the delay of the RTCP report whose round trip the kit shows, the relay's delivery jitter, its drops
 * over the sample). A sample that load made worse than that is left out only with proof (the browser's
 * raw figure shows the same excess), and a stretch needs enough samples judged. A warning besides the
 * impairment's own is allowed only with proof that the machine's load caused it (warningCauses.ts).
 *
 * Round trip and outbound loss reach the phone only in RTCP reports, which Chromium sends about
 * every 5 s for audio: a warning that depends on them is raised and cleared up to one report late
 * (so loss *from* the phone clears within two reports and 5 samples, not 5 s: see the README).
 * Loss toward the phone and jitter are measured packet by packet.
 * Needs the Debian packages kamailio, kamailio-websocket-modules, coturn and chromium.
 */
import { describe, expect, it } from 'vitest';
import { recordFaultRow } from '../../../../tools/testing/faults/benchRows';
import { type Baseline, baselineOf, causedByImpairment, peakFigures } from '../../../../tools/testing/faults/expected';
import { judgeStretch } from '../../../../tools/testing/faults/judgeStretch';
import type { AppliedFigures } from '../../../../tools/testing/faults/udpRelay';
import { warningCauses } from '../../../../tools/testing/faults/warningCauses';
import { type FaultPhone, pageNow, sampleIntervalMs, sleep, useFaultBed, waitFor } from './bed';
import { medianMos, raisedOn, roundTripOver, samplesOf, within } from './quality';

const bed = useFaultBed('handset sip faults: media');

/** The kit ignores the first 5 s of a call; impairments start after it. */
const graceMs = 5000 + 2 * sampleIntervalMs;

/** A call from Alice (under test) to Bob, past the kit's grace period, with its relayed path checked and its baseline measured. */
async function settledCall(): Promise<{ alice: FaultPhone; id: string; baseline: Baseline }> {
  const alice = await bed.phone('alice');
  const bob = await bed.phone('bob');
  const { aliceId } = await bed.call(alice, bob);
  expect(await alice.page.evaluate((id) => window.faults.selectedCandidate(id), aliceId)).toBe('relay');
  await sleep(graceMs);
  return { alice, id: aliceId, baseline: baselineOf(await samplesOf(alice.page, aliceId), bed.relay.figures('none')) };
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

/**
 * Told, and nothing else: every warning raised on the call is the impairment's (the `required` ones
 * among them) or proved to be the machine's load; all of them clear and the call goes on. Returns the
 * names raised, for the store's summary, and a word for the bench table.
 */
async function onlyWhatWasDone(alice: FaultPhone, id: string, applied: AppliedFigures, baseline: Baseline, required: string[]) {
  // All clear first, then judged: load may raise one more warning while the others clear, and it is judged too.
  await alice.page.waitForFunction((callId) => window.faults.store('alice', callId)?.warnings?.length === 0, id, { timeout: 20_000 });
  const raised = await raisedOn(alice.page, id);
  const causes = warningCauses(
    raised,
    await samplesOf(alice.page, id),
    causedByImpairment(applied, baseline),
    peakFigures(applied, baseline),
  );
  expect(
    causes.unexplained,
    JSON.stringify({ applied, baseline: { ...baseline, relay: undefined }, peak: peakFigures(applied, baseline) }),
  ).toEqual([]);
  expect(causes.impairment.map((w) => w.name)).toEqual(expect.arrayContaining(required));
  for (const { name } of raised) await waitFor(alice.page, `${id} warning-cleared ${name}`, 1000);
  expect(await storeOf(alice, id)).toMatchObject({ state: 'active', end: null });
  const names = [...new Set(raised.map((w) => w.name))];
  const load = causes.load.map((w) => w.name);
  return { names, load: load.length > 0 ? ` (load: ${load.join(', ')})` : '' };
}

/** The kit's MOS against the E-model of what the relay did, over the samples after `from` (see judgeStretch). */
const judge = (alice: FaultPhone, id: string, from: number, label: string, baseline: Baseline, minJudged?: number, maxExtraMs?: number) =>
  judgeStretch({ samples: () => samplesOf(alice.page, id), pageNow: () => pageNow(alice.page), relay: bed.relay }, from, label, baseline, {
    minJudged,
    maxExtraMs,
  });

const round = (n: number | null) => (n === null ? null : Math.round(n * 100) / 100);

// Each stretch judged may run up to 15 s longer when load spoils its samples (judgeStretch).
describe('media faults through TURN (SIP line)', { timeout: 150_000 }, () => {
  it('5% loss toward the phone: high-packet-loss on the 3rd sample showing it, cleared within 5 s of the loss ending; MOS falls (within ±0.2 of the E-model) and recovers', async () => {
    const { alice, id, baseline } = await settledCall();
    const before = medianMos(await samplesOf(alice.page, id)) as number;

    const start = await pageNow(alice.page);
    bed.relay.impair('5% loss', {}, { loss: { kind: 'even', percent: 5 } });
    const raised = await waitFor(alice.page, `${id} warning high-packet-loss`, 10_000);
    // Raised with the third sample that shows the loss. (A sample may show none: 5% "even" loss drops one
    // packet in each 20 at a random place, so up to 38 packets can pass between two drops.)
    const toRaise = within(await samplesOf(alice.page, id), start, raised.t);
    expect(toRaise.filter((s) => s.loss > 1)).toHaveLength(3);
    expect(toRaise.at(-1)?.loss).toBeGreaterThan(1);
    // Long enough for the warning's minimum time up (5 s); MOS judged over it, while the loss stands.
    await sleep(5000);
    const underLoss = await judge(alice, id, raised.t, '5% loss', baseline, 6);
    const end = await pageNow(alice.page);
    bed.relay.clear('after loss');
    const cleared = await waitFor(alice.page, `${id} warning-cleared high-packet-loss`, 5000);
    expect(cleared.t - end).toBeLessThanOrEqual(5000);
    await sleep(1500);
    const recovered = await judge(alice, id, cleared.t, 'after loss', baseline);

    // MOS falls with the loss (from the clean stretch's) and comes back; under loss it is the E-model's
    // for the baseline and what the relay did, and so it is after.
    const applied = bed.relay.figures('5% loss');
    expect(applied.down.lossPercent).toBeGreaterThan(4.5);
    expect(applied.down.lossPercent).toBeLessThan(5.5);
    expect(underLoss.verdict.judged, underLoss.why).toBeGreaterThanOrEqual(6);
    expect(underLoss.verdict.kit).toBeLessThan(before - 0.15);
    expect(Math.abs(underLoss.verdict.kit - underLoss.verdict.expected), underLoss.why).toBeLessThanOrEqual(0.2);
    expect(recovered.verdict.judged, recovered.why).toBeGreaterThanOrEqual(3);
    expect(Math.abs(recovered.verdict.kit - recovered.verdict.expected), recovered.why).toBeLessThanOrEqual(0.2);

    // Told once, first, and nothing else but what load is proved to have caused.
    const warnings = await raisedOn(alice.page, id);
    expect(warnings[0]?.name).toBe('high-packet-loss');
    expect(warnings.filter((w) => w.name === 'high-packet-loss')).toHaveLength(1);
    const { names, load } = await onlyWhatWasDone(alice, id, applied, baseline, ['high-packet-loss']);
    await hangUpTold(alice, id, names);
    recordFaultRow({
      line: 'sip',
      impairment: '5% loss toward the phone',
      applied: `loss ${applied.down.lossPercent.toFixed(1)}% of ${applied.down.packets} packets`,
      reported: `high-packet-loss, cleared${load}`,
      kitMos: round(underLoss.verdict.kit),
      eModelMos: round(underLoss.verdict.expected),
      detectMs: raised.t - start,
      recoverMs: cleared.t - end,
    });
  });

  it('250 ms each way: high-rtt (with low-mos, as the E-model scores that delay), MOS within ±0.2 of the E-model, both cleared afterwards', async () => {
    const { alice, id, baseline } = await settledCall();
    const start = await pageNow(alice.page);
    bed.relay.impair('250 ms each way', { delayMs: 250 });
    // The round trip comes with Chromium's RTCP reports (about every 5 s); a report may carry one way's delay only.
    const raised = await waitFor(alice.page, `${id} warning high-rtt`, 20_000);
    const whole = await roundTripOver(alice.page, id, start, baseline.rttMs + 375);
    await sleep(Math.max(1000, whole + 5000 - (await pageNow(alice.page))));
    const delayed = await judge(alice, id, whole - 1, '250 ms each way', baseline);
    const end = await pageNow(alice.page);
    bed.relay.clear('after delay');
    const cleared = await waitFor(alice.page, `${id} warning-cleared high-rtt`, 20_000);

    const applied = bed.relay.figures('250 ms each way');
    expect(applied.rttMs).toBeGreaterThan(490);
    expect(delayed.verdict.judged, delayed.why).toBeGreaterThanOrEqual(3);
    expect(Math.abs(delayed.verdict.kit - delayed.verdict.expected), delayed.why).toBeLessThanOrEqual(0.2);
    const { names, load } = await onlyWhatWasDone(alice, id, applied, baseline, ['high-rtt', 'low-mos']);
    await hangUpTold(alice, id, names);
    recordFaultRow({
      line: 'sip',
      impairment: '250 ms each way',
      applied: `rtt +${applied.rttMs.toFixed(0)} ms (base ${baseline.rttMs.toFixed(0)} ms)`,
      reported: `high-rtt, low-mos, cleared${load}${delayed.verdict.loadRttMs > 0 ? `; machine held the round trip +${delayed.verdict.loadRttMs.toFixed(0)} ms` : ''}`,
      kitMos: round(delayed.verdict.kit),
      eModelMos: round(delayed.verdict.expected),
      detectMs: raised.t - start,
      recoverMs: cleared.t - end,
    });
  });

  // The issue's 40 ms cannot be had in the unit the kit and the E-model count jitter in: RFC 3550's
  // interarrival jitter is the mean |D| of successive in-order packets, and a 20 ms stream whose packets
  // keep their order has every D >= -20 ms and the D summing to ~0, so the mean |D| stays under 40 ms
  // however long the stalls (37 needs ~250 ms stalls; 39 would need ~800 ms). Reordering or dropping
  // packets to go higher would be loss, not jitter. So the relay is asked for 37 and its record says what it gave.
  it('jitter toward the phone (RFC 3550 37 ms, the most an in-order 20 ms stream shows; 40 is out of reach): high-jitter, cleared afterwards', async () => {
    const { alice, id, baseline } = await settledCall();
    const start = await pageNow(alice.page);
    bed.relay.impair('jitter 37 ms', {}, { jitterMs: 37 });
    // Bounded, with what the relay delivered and the kit sampled to show why if it never comes.
    const raised = await waitFor(alice.page, `${id} warning high-jitter`, 20_000).catch(async (error) => {
      const sampled = within(await samplesOf(alice.page, id), start).map((s) => [s.t, s.jitter, s.rawJitter]);
      throw new Error(JSON.stringify({ applied: bed.relay.figures('jitter 37 ms'), sampled }), { cause: error });
    });
    await sleep(5000);
    const jittered = await judge(alice, id, raised.t, 'jitter 37 ms', baseline, 1, 0);
    const end = await pageNow(alice.page);
    bed.relay.clear('after jitter');
    const cleared = await waitFor(alice.page, `${id} warning-cleared high-jitter`, 10_000);

    const applied = bed.relay.figures('jitter 37 ms');
    // What the phone's doorstep saw: RFC 3550 jitter near 30 on average, above 30 for stretches.
    expect(applied.jitterMs).toBeGreaterThan(25);
    expect(applied.down.jitterMaxMs).toBeGreaterThan(30);
    // The kit's MOS goes to the bench table but is not held to ±0.2 here: its round trip is one RTCP packet's
    // in ~5 s, and the stalling queue gives each packet a different delay (0 to a whole stall); Chromium
    // sends more than one report packet per interval, so which one the kit's round trip came from cannot
    // be told from the wire, and the relay's RFC 3550 figure of the stalls runs above Chromium's.
    // A report that waited behind a stall may bring low-mos (and high-rtt): the peak figures allow them.
    const { names, load } = await onlyWhatWasDone(alice, id, applied, baseline, ['high-jitter']);
    await hangUpTold(alice, id, names);
    recordFaultRow({
      line: 'sip',
      impairment: 'jitter toward the phone',
      applied: `jitter ${applied.jitterMs.toFixed(1)} ms (peak ${applied.down.jitterMaxMs.toFixed(0)}), rtt +${applied.rttMs.toFixed(0)} ms`,
      reported: `${names.join(', ')}, cleared${load}`,
      kitMos: round(jittered.verdict.kit),
      eModelMos: round(jittered.verdict.expected),
      detectMs: raised.t - start,
      recoverMs: cleared.t - end,
    });
  });

  it('MOS within ±0.2 of the E-model of what the relay applied (bursty loss, +100 ms, +600 ms round trip), never rising as the round trip grows', async () => {
    const { alice, id, baseline } = await settledCall();
    // Loss first, from a clean start (a round trip, once reported, stays in the kit's view until the next report).
    const steps = [
      { label: 'bursty loss 5%', up: {}, down: { loss: { kind: 'bursty', percent: 5, meanBurst: 2 } as const } },
      { label: 'rtt +100 ms', up: { delayMs: 50 } },
      { label: 'rtt +600 ms', up: { delayMs: 300 } },
    ];
    const scores: { label: string; kit: number; expected: number; judged: number; why: string }[] = [];
    let previousRtt = baseline.rttMs;
    for (const step of steps) {
      const start = await pageNow(alice.page);
      bed.relay.impair(step.label, step.up, step.down);
      const nominalRtt = baseline.rttMs + 2 * (step.up.delayMs ?? 0);
      // Loss toward the phone counts from the next sample on (the first may straddle the step before); a
      // round trip once a report carries the delay both ways (before that, one may carry one way's only).
      const from = step.down
        ? start + 2 * sampleIntervalMs
        : await roundTripOver(alice.page, id, start, previousRtt + 0.75 * (nominalRtt - previousRtt));
      await sleep(step.down ? 7000 : 2000);
      // Loss per 500 ms sample is lumpy (a burst or none), and so is the expectation: the relay's drops over each sample's interval.
      const { verdict, why } = await judge(alice, id, from - 1, step.label, baseline, step.down ? 10 : 3);
      scores.push({ label: step.label, kit: verdict.kit, expected: verdict.expected, judged: verdict.judged, why });
      previousRtt = nominalRtt;
      const applied = bed.relay.figures(step.label);
      recordFaultRow({
        line: 'sip',
        impairment: step.label,
        applied: `rtt +${applied.rttMs.toFixed(0)} ms, jitter ${applied.jitterMs.toFixed(1)} ms, loss ${applied.lossPercent.toFixed(1)}% (base rtt ${baseline.rttMs.toFixed(0)} ms)`,
        reported: `MOS (${verdict.judged} samples judged${verdict.overloaded.length > 0 ? `, ${verdict.overloaded.length} left to load` : ''}${verdict.loadRttMs > 0 ? `, machine +${verdict.loadRttMs.toFixed(0)} ms` : ''})`,
        kitMos: round(verdict.kit),
        eModelMos: round(verdict.expected),
        detectMs: null,
        recoverMs: null,
      });
    }
    bed.relay.clear();
    for (const { label, kit, expected, judged, why } of scores) {
      expect(judged, `${label}: ${why}`).toBeGreaterThanOrEqual(label.startsWith('bursty') ? 10 : 3);
      expect(Math.abs(kit - expected), `${label}: ${why}`).toBeLessThanOrEqual(0.2);
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
