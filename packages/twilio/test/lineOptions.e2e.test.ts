/**
 * `@handset/twilio`: call and accept options on their way into the real Voice SDK, in Chromium, against the
 * stand-in. What the SDK asks the browser for (peer connection configuration, getUserMedia constraints) is
 * recorded on its way through the real APIs (linePage.ts `seen`).
 */
import { describe, expect, it } from 'vitest';
import { eventually } from './harness/bed';
import { useLineBed, waitForLine } from './harness/lineBed';
import { expectAudioBothWays, expectNothingEscaped, incomingCall, outgoingCall } from './harness/lineCalls';

const beds = useLineBed();

describe('options the SDK takes per call', () => {
  it('call and accept: iceServers become the SDK RTCConfiguration, audio constraints its getUserMedia; media flows', async () => {
    const bed = await beds.open();
    const iceServers = [{ urls: 'stun:127.0.0.1:3478' }];
    const { id } = await outgoingCall(bed, { iceServers, audio: { echoCancellation: false } });
    const afterCall = await bed.page.evaluate(() => window.line.seen);
    expect(afterCall.rtcConfigurations).toContainEqual(expect.objectContaining({ iceServers }));
    expect(afterCall.mediaConstraints).toContainEqual(
      expect.objectContaining({ audio: expect.objectContaining({ echoCancellation: false }) }),
    );
    await expectAudioBothWays(bed, id);
    await bed.page.evaluate((callId) => window.line.hangup(callId), id);

    const incoming = await incomingCall(bed);
    const acceptIce = [{ urls: 'stun:127.0.0.1:3479' }];
    await bed.page.evaluate(([callId, ice]) => window.line.accept(callId, { iceServers: ice, audio: { autoGainControl: false } }), [
      incoming.id,
      acceptIce,
    ] as const);
    await waitForLine(bed.page, `${incoming.id} state active`);
    const afterAccept = await bed.page.evaluate(() => window.line.seen);
    expect(afterAccept.rtcConfigurations).toContainEqual(expect.objectContaining({ iceServers: acceptIce }));
    expect(afterAccept.mediaConstraints).toContainEqual(
      expect.objectContaining({ audio: expect.objectContaining({ autoGainControl: false }) }),
    );
    await expectAudioBothWays(bed, incoming.id);
    expectNothingEscaped(bed);
  });
});

describe('options the SDK takes Device-wide', () => {
  it('codecPreferences is line-wide (opus here); a call preferredCodecs is reported unsupported and the call goes on', async () => {
    const bed = await beds.open();
    const { id } = await outgoingCall(bed, { preferredCodecs: ['pcmu'] }, { codecPreferences: ['opus'] });
    const snapshot = await bed.page.evaluate((callId) => window.line.snapshot(callId), id);
    expect(snapshot?.unsupportedOptions).toEqual(['preferredCodecs']);
    expect(await waitForLine(bed.page, `${id} error option-unsupported`)).toContain('preferredCodecs');
    const quality = await eventually(
      () => bed.page.evaluate((callId) => window.line.quality(callId), id),
      (q) => !!q?.sample,
    );
    expect(quality?.sample?.codecName.toLowerCase()).toBe('opus');
    expect((await bed.page.evaluate(() => window.line.capabilities())).options).not.toContain('preferredCodecs');
    expectNothingEscaped(bed);
  });
});
