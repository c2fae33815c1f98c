/**
 * `@handset/twilio` when things go wrong or come back: recovery of a ringing call over a page reload (Twilio's
 * connectToken), quality warnings from real media, and the signalling socket dropping or never answering. A handset phone on the Twilio line, the real Voice SDK in Chromium, the
 * stand-in of Twilio's signalling, and a far party with real media in a second page.
 */
import { describe, expect, it } from 'vitest';
import { eventually } from './harness/bed';
import { type LineBed, linesOf, useLineBed, waitForLine } from './harness/lineBed';
import { expectAudioBothWays, expectNothingEscaped, incomingCall, outgoingCall } from './harness/lineCalls';

const beds = useLineBed();

/** Reloads the phone's page (the stand-in's routes stay) and connects a fresh phone in it. */
async function reloadAndConnect(bed: LineBed): Promise<void> {
  await bed.page.reload();
  await bed.page.waitForFunction(() => typeof window.line === 'object');
  await bed.connect({ recovery: true });
}

describe('recovery (Twilio connectToken): an incoming call still ringing', () => {
  it('survives a page reload: recover(phone, token) brings it back connecting, then active with audio both ways and snapshot.recovered', async () => {
    const bed = await beds.open();
    await bed.connect({ recovery: true });
    expect((await bed.page.evaluate(() => window.line.capabilities())).recovery).toBe(true);
    const call = await bed.standIn.placeIncoming({ from: '+14155550100', to: 'client:alice', parameters: { Ticket: '7' } });
    const id = (await waitForLine(bed.page, 'incoming ')).split(' ')[1] as string;
    const token = JSON.parse((await bed.page.evaluate((callId) => window.line.recoveryToken(callId), id)) as string);
    expect(token).toMatchObject({
      lineKind: 'twilio',
      callId: id,
      direction: 'incoming',
      callSid: call.callSid,
      remote: { number: '+14155550100' },
    });
    await reloadAndConnect(bed);
    // The SDK's unload handler rejects ringing calls; a call whose token was taken was ignored first: Twilio still rings.
    expect(call.frames.filter((frame) => frame.direction === 'in')).toEqual([]);
    expect(call.state).toBe('ringing');
    expect(await bed.page.evaluate(() => window.line.recover())).toBe(`${id} connecting`);
    await waitForLine(bed.page, `${id} state active`);
    await bed.standIn.waitFor(() => call.state === 'answered', 'the answer by connectToken');
    expect(call.recovered).toBe(true);
    const snapshot = await bed.page.evaluate((callId) => window.line.snapshot(callId), id);
    expect(snapshot).toMatchObject({ recovered: true, direction: 'incoming', remote: { number: '+14155550100' }, to: 'client:alice' });
    expect(snapshot?.providerIds).toEqual({ CallSid: call.callSid });
    expect(snapshot?.customParameters).toEqual({ Ticket: '7' });
    await expectAudioBothWays(bed, id);
    // Hanging up the recovered call reaches Twilio.
    await bed.page.evaluate((callId) => window.line.hangup(callId), id);
    await bed.standIn.waitFor(() => call.state === 'ended', 'the hangup');
    expect(await waitForLine(bed.page, `${id} ended`)).toBe(`${id} ended hangup local`);
    expectNothingEscaped(bed);
  });

  it('refused: no token once answered; a token of a call answered and hung up, or cancelled, ends the recovered call failed with Twilio 31005; a malformed token throws invalid-option and sends nothing', async () => {
    const bed = await beds.open();
    const answered = await incomingCall(bed, { recovery: true });
    const early = await bed.page.evaluate((callId) => window.line.recoveryToken(callId), answered.id);
    expect(early).not.toBeNull();
    await bed.page.evaluate((callId) => window.line.accept(callId), answered.id);
    await waitForLine(bed.page, `${answered.id} state active`);
    expect(await bed.page.evaluate((callId) => window.line.recoveryToken(callId), answered.id)).toBeNull();
    await bed.page.evaluate((callId) => window.line.hangup(callId), answered.id);
    await bed.standIn.waitFor(() => answered.call.state === 'ended', 'the hangup');
    const refusedAnswered = await bed.page.evaluate((token) => window.line.recover(JSON.parse(token as string)), early);
    expect(refusedAnswered).toBe(`${answered.id} connecting`);
    expect(await waitForLine(bed.page, `${answered.id} error`)).toMatch(new RegExp(`^${answered.id} error call-failed 31005 `));
    expect(await waitForLine(bed.page, `${answered.id} ended failed`)).toBe(`${answered.id} ended failed remote`);

    const cancelled = await bed.standIn.placeIncoming({ from: '+14155550101' });
    const cancelledId = (await waitForLine(bed.page, `incoming twilio-${cancelled.callSid}`)).split(' ')[1] as string;
    const token = await bed.page.evaluate((callId) => window.line.recoveryToken(callId), cancelledId);
    bed.standIn.cancel(cancelled.callSid);
    await waitForLine(bed.page, `${cancelledId} ended cancelled`);
    await reloadAndConnect(bed);
    expect(await bed.page.evaluate((t) => window.line.recover(JSON.parse(t as string)), token)).toBe(`${cancelledId} connecting`);
    expect(await waitForLine(bed.page, `${cancelledId} ended`)).toBe(`${cancelledId} ended failed remote`);
    expect(cancelled.state).toBe('canceled');

    const since = bed.standIn.frames.length;
    const forged = { lineKind: 'twilio', callId: 'x', direction: 'incoming', remote: { number: '+1' }, connectToken: 'not-base64!' };
    expect(await bed.page.evaluate((t) => window.line.recover(t), forged)).toBe('refused invalid-option');
    expect(await bed.page.evaluate((t) => window.line.recover(t), { ...forged, lineKind: 'sip' })).toBe('refused unsupported');
    expect(bed.standIn.frames.slice(since).filter((frame) => frame.direction === 'in')).toEqual([]);
    expectNothingEscaped(bed);
  });
});

describe('quality warnings from real media', () => {
  it('the far party stops sending: the SDK raises low-bytes-received, the call and the store have it; it clears when audio resumes', async () => {
    const bed = await beds.open();
    const { id } = await outgoingCall(bed);
    await bed.farPage.evaluate(() => window.far.setSending(false));
    // The SDK holds warnings back for the first 5 s of a call, then raises this one after 3 samples without bytes.
    await waitForLine(bed.page, `${id} warning low-bytes-received`, 30_000);
    const raised = await bed.page.evaluate((callId) => window.line.quality(callId)?.warnings, id);
    expect(raised).toContain('low-bytes-received');
    await bed.farPage.evaluate(() => window.far.setSending(true));
    await waitForLine(bed.page, `${id} warning-cleared low-bytes-received`, 30_000);
    const cleared = await eventually(
      () => bed.page.evaluate((callId) => window.line.quality(callId)?.warnings ?? null, id),
      (warnings) => warnings !== null && !warnings.includes('low-bytes-received'),
    );
    expect(cleared).not.toContain('low-bytes-received');
    await expectAudioBothWays(bed, id);
    expectNothingEscaped(bed);
  }, 90_000);
});

describe('the signalling socket', () => {
  it('drops: the registration goes reconnecting and back to registered; the call in progress keeps its audio', async () => {
    const bed = await beds.open();
    const { id, call } = await outgoingCall(bed);
    const registeredBefore = (await linesOf(bed.page, 'registration registered')).length;
    bed.standIn.dropSocket();
    await waitForLine(bed.page, 'registration reconnecting');
    await eventually(
      () => linesOf(bed.page, 'registration registered'),
      (lines) => lines.length > registeredBefore,
      30_000,
    );
    expect(await bed.page.evaluate(() => window.line.registration())).toBe('registered');
    await waitForLine(bed.page, `${id} reconnected`, 30_000);
    expect(call.reconnects).toBeGreaterThanOrEqual(1);
    expect(bed.standIn.socketCount).toBeGreaterThanOrEqual(2);
    await expectAudioBothWays(bed, id);
    expect(await linesOf(bed.page, `${id} ended`)).toEqual([]);
    expectNothingEscaped(bed);
  });

  it('unreachable: connect() fails with registration-failed within registrationTimeoutMs, and the Device stops retrying', async () => {
    const bed = await beds.open();
    let attempts = 0;
    await bed.page.routeWebSocket('wss://unreachable.twilio.test/signal', (socket) => {
      attempts++;
      void socket.close();
    });
    expect(await bed.create({ registrationTimeoutMs: 3000, sdkOptions: { chunderw: 'unreachable.twilio.test' } })).toBeNull();
    expect(await bed.page.evaluate(() => window.line.connect())).toMatch(/^registration-failed/);
    expect(await bed.page.evaluate(() => window.line.registration())).toBe('failed');
    expect(attempts).toBeGreaterThan(0);
    // Given up: the Device is destroyed, so nothing retries in the background.
    expect(await bed.page.evaluate(() => window.line.deviceState())).toBe('none');
    expect(bed.standIn.socketCount).toBe(0);
    expectNothingEscaped(bed);
  });
});
