/**
 * The media kit's call audio on the Voximplant line: `record`, `startPlayback` / `stopPlayback` and `detectVoice`
 * (Voximplant's `vad()`). The line writes no code for them: it hands the kit the SDK's own peer connection (the
 * `media` signal), the core derives the call's streams from its senders and receivers, and the kit swaps the
 * SDK's audio sender's track for a playback. Real SDK, real media on loopback; both sides send Chromium's
 * beeping fake microphone, which the far party's page meters as it receives it. `media.detectVoice(call)` listens
 * to the levels of the kit's samples of that peer connection.
 */
import { describe, expect, it } from 'vitest';
import { eventually } from './harness/bed';
import { type LineBed, useLineBed, waitForLine } from './harness/lineBed';

const beds = useLineBed();

async function activeCall(bed: LineBed): Promise<string> {
  await bed.connect();
  const id = await bed.page.evaluate(() => window.line.call('+14155550123'));
  await waitForLine(bed.page, `${id} state active`);
  return id;
}

const logLength = (bed: LineBed) => bed.page.evaluate(() => window.line.log.length);

/** Waits for `needle` in the page's log after its first `from` lines. */
async function waitForLater(bed: LineBed, needle: string, from: number): Promise<void> {
  const found = await eventually(
    () => bed.page.evaluate(([text, start]) => window.line.log.slice(start).some((entry) => entry.includes(text)), [needle, from] as const),
    (seen) => seen,
    15_000,
  );
  expect(found, `"${needle}" in the page's log`).toBe(true);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The far party's share of loud readings over at least `ms` (a steady tone: near 1; the beeps alone: low). */
async function loudShare(bed: LineBed, ms: number): Promise<number> {
  await bed.farPage.evaluate(() => window.far.takeLoudShare());
  await pause(ms);
  return (await bed.farPage.evaluate(() => window.far.takeLoudShare())) ?? 0;
}

describe('the media kit on the Voximplant line', () => {
  it('record(): both sides of a call, a non-empty, playable recording as long as the call was recorded; each side on its channel', async () => {
    const bed = await beds.open();
    const id = await activeCall(bed);
    // Stereo: our side (the SDK's microphone) on the left, the far party on the right.
    expect(await bed.page.evaluate((i) => window.line.record(i, { stereo: true }), id)).toBeNull();
    await waitForLine(bed.page, `${id} recording recording`);
    await pause(2500);
    const both = await bed.page.evaluate((i) => window.line.stopRecording(i), id);
    expect(both.size).toBeGreaterThan(1000);
    expect(both.type).toMatch(/^audio\/webm/);
    expect(both.channels).toBe(2);
    expect(both.duration).toBeGreaterThan((both.elapsedMs / 1000) * 0.7);
    expect(both.duration).toBeLessThan(both.elapsedMs / 1000 + 0.5);
    expect(both.peaks[0]).toBeGreaterThan(0.05); // our beeps
    expect(both.peaks[1]).toBeGreaterThan(0.05); // the far party's beeps

    // The far party stops sending: what the call receives is silent, what it sends is not.
    await bed.farPage.evaluate(() => window.far.setSending(false));
    await eventually(
      async () => {
        const before = await bed.page.evaluate(() => window.line.packetsReceived());
        await pause(500);
        return (await bed.page.evaluate(() => window.line.packetsReceived())) - before;
      },
      (received) => received === 0,
    );
    await bed.page.evaluate((i) => window.line.record(i, { track: 'inbound' }, 'inbound'), id);
    await bed.page.evaluate((i) => window.line.record(i, { track: 'outbound' }, 'outbound'), id);
    await pause(1500);
    const inbound = await bed.page.evaluate(() => window.line.stopRecording('inbound'));
    const outbound = await bed.page.evaluate(() => window.line.stopRecording('outbound'));
    expect([inbound.channels, outbound.channels]).toEqual([1, 1]);
    expect(inbound.duration).toBeGreaterThan(0.8);
    expect(inbound.peaks[0]).toBeLessThan(0.01);
    expect(outbound.peaks[0]).toBeGreaterThan(0.05);
    await bed.page.evaluate((i) => window.line.run(i, 'hangup'), id);
    await waitForLine(bed.page, `${id} ended hangup local`);
  });

  it('startPlayback(): a tone from a data: WAV URL, mixed with the microphone, is heard by the far party; stopPlayback() puts the microphone back', async () => {
    const bed = await beds.open();
    const id = await activeCall(bed);
    const microphone = await bed.page.evaluate((i) => window.line.senderTrack(i), id);
    expect(microphone).not.toBeNull();
    // The beeps alone: most readings quiet.
    const beeps = await loudShare(bed, 1500);
    expect(beeps).toBeLessThan(0.45);

    expect(await bed.page.evaluate((i) => window.line.startPlayback(i), id)).toBeNull();
    expect(await bed.page.evaluate((i) => window.line.playing(i), id)).toBe(true);
    expect(await bed.page.evaluate((i) => window.line.senderTrack(i), id)).not.toBe(microphone);
    const toneShare = await eventually(
      () => loudShare(bed, 1000),
      (share) => share > 0.8,
      15_000,
    );
    expect(toneShare).toBeGreaterThan(0.8);

    expect(await bed.page.evaluate((i) => window.line.stopPlayback(i), id)).toBe(true);
    expect(await bed.page.evaluate((i) => window.line.senderTrack(i), id)).toBe(microphone);
    // The microphone again: the tone is gone, the beeps are back.
    const after = await eventually(
      () => loudShare(bed, 1500),
      (share) => share < 0.45,
      15_000,
    );
    expect(after).toBeLessThan(0.45);
    expect(after).toBeGreaterThan(0);
    await bed.page.evaluate((i) => window.line.run(i, 'hangup'), id);
  });

  it('media.detectVoice(call): speaking for the beeping fake microphone (levels from the kit’s samples of the SDK’s peer connection), silence once the call is muted', async () => {
    const bed = await beds.open();
    const id = await activeCall(bed);
    expect(await bed.page.evaluate((i) => window.line.detectVoice(i), id)).toBeNull();
    await waitForLine(bed.page, `${id} microphone speaking`);
    // The SDK mutes by disabling its track: its level reads silence, and nothing but silence from then on.
    const mark = await logLength(bed);
    expect(await bed.page.evaluate((i) => window.line.run(i, 'mute', true), id)).toBeNull();
    await waitForLater(bed, `${id} microphone silence`, mark);
    const silenceAt = (await bed.page.evaluate(() => window.line.log.length)) - 1;
    await pause(1500);
    const later = await bed.page.evaluate((from) => window.line.log.slice(from), silenceAt);
    expect(later.filter((entry) => entry.includes('microphone'))).toEqual([`${id} microphone silence`]);
    await bed.page.evaluate((i) => window.line.run(i, 'hangup'), id);
  });
});
