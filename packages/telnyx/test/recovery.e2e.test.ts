/**
 * A call survives a page reload on the Telnyx line: the SDK keeps its sessid in sessionStorage and, when the
 * reloaded page connects again, logs in with it and gets the call back (`telnyx_rtc.attach`); the line announces
 * that call to the new phone as recovered. Real SDK and media in Chromium, the stand-in's signalling.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clientRequest, type FarParty, Method } from '../src/stand-in/index';
import { audioBothWays, type BedShared, type LineBed, offsite, startBed, startShared, waitForLog } from './support/lineBed';

let shared: BedShared;
let bed: LineBed;

beforeAll(async () => {
  shared = await startShared();
});
afterAll(async () => {
  await shared?.close();
});
beforeEach(async () => {
  bed = await startBed(shared);
});
afterEach(async () => {
  const away = offsite(bed.urls);
  await bed.close();
  expect(away).toEqual([]);
});

async function phone(): Promise<void> {
  const options = { host: bed.standIn.url, login: 'handset', password: 'handset', iceServers: [] };
  expect(await bed.page.evaluate((o) => window.line.create('alice', o as never), options)).toBeNull();
  expect(await bed.page.evaluate(() => window.line.connect('alice'))).toBeNull();
}

async function reload(): Promise<void> {
  await bed.page.reload();
  await bed.page.waitForFunction(() => typeof window.line === 'object');
}

describe('reload recovery on the Telnyx line', () => {
  it('an active outgoing call is active again after page.reload(), recovered, with audio both ways', async () => {
    await phone();
    const id = await bed.page.evaluate(() => window.line.call('alice', '+15551230001', { callerName: 'Alice' }));
    await bed.standIn.waitFor(clientRequest(Method.Invite, id));
    await bed.standIn.ring(id);
    await bed.standIn.answer(id);
    await waitForLog(bed.page, `alice call ${id} state active`);
    expect(await bed.page.evaluate((callId) => window.line.recoveryToken(callId), id)).toMatchObject({
      lineKind: 'telnyx',
      callId: id,
      direction: 'outgoing',
      remote: { number: '+15551230001' },
    });
    const { sessid } = bed.standIn.call(id);

    await reload();
    await phone();
    await waitForLog(bed.page, `alice call ${id} outgoing recovered`);
    await waitForLog(bed.page, `alice call ${id} state active`);
    expect(await bed.page.evaluate((callId) => window.line.snapshot(callId), id)).toMatchObject({
      state: 'active',
      direction: 'outgoing',
      recovered: true,
      remote: { number: '+15551230001' },
    });
    expect(bed.standIn.logins.at(-1)).toMatchObject({ sessid, reconnection: true, outcome: 'resumed-session' });
    expect(bed.standIn.call(id)).toMatchObject({ state: 'active', attaches: 1 });
    expect(bed.standIn.call(id).hangup).toBeUndefined();
    const flow = await audioBothWays(bed, id);
    expect(flow.toFar).toBeGreaterThan(20);
    expect(flow.fromFar).toBeGreaterThan(20);
    expect(await bed.page.evaluate(() => window.line.media())).toMatchObject({ openMicrophones: 1, playing: 1 });

    // The recovered call is a full call: it hangs up as any other.
    await bed.page.evaluate((callId) => window.line.run(callId, 'hangup'), id);
    expect((await bed.standIn.waitForCallState(id, 'ended')).hangup).toMatchObject({ by: 'client', cause: 'NORMAL_CLEARING' });
  });

  it('an answered incoming call comes back as incoming, with its caller, after page.reload()', async () => {
    await phone();
    const call = await bed.standIn.placeIncoming({ callerNumber: '+15557654321', callerName: 'Bob' });
    await waitForLog(bed.page, `alice call ${call.callId} incoming`);
    await bed.page.evaluate((callId) => window.line.run(callId, 'accept'), call.callId);
    await waitForLog(bed.page, `alice call ${call.callId} state active`);

    await reload();
    await phone();
    await waitForLog(bed.page, `alice call ${call.callId} incoming recovered`);
    await waitForLog(bed.page, `alice call ${call.callId} state active`);
    expect(await bed.page.evaluate((callId) => window.line.snapshot(callId), call.callId)).toMatchObject({
      direction: 'incoming',
      recovered: true,
      remote: { number: '+15557654321', name: 'Bob' },
    });
    const flow = await audioBothWays(bed, call.callId);
    expect(flow.toFar).toBeGreaterThan(20);
    expect(flow.fromFar).toBeGreaterThan(20);

    // The far side hangs up: the recovered call ends once, by remote.
    await bed.standIn.hangup(call.callId);
    await waitForLog(bed.page, `alice call ${call.callId} ended hangup remote`);
    expect(await (bed.standIn.call(call.callId).farParty as FarParty).direction()).toBe('closed');
  });
});
