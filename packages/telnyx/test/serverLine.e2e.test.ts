/**
 * A server-originated call into handset: `dial()` from `@handset/telnyx/server` posts to the Call Control
 * stand-in, which rings a handset phone on the Telnyx line (`@handset/telnyx`, the real @telnyx/webrtc in
 * Chromium); the phone answers it, with the dial's call_control_id on `call.snapshot.providerIds`.
 * Uses the line's test page and bed (test/harness/linePage.ts, test/support/lineBed.ts).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DialParams, dial, dialCommand } from '../src/server/index';
import { type CallControlStandIn, startCallControlStandIn } from '../src/stand-in/index';
import { audioBothWays, type BedShared, type LineBed, offsite, startBed, startShared, waitForLog } from './support/lineBed';

const apiKey = 'KEY0123';
const connectionId = '1684641123236054244';

let shared: BedShared;
let bed: LineBed;
let callControl: CallControlStandIn;

beforeAll(async () => {
  shared = await startShared();
});
afterAll(async () => {
  await shared?.close();
});
beforeEach(async () => {
  bed = await startBed(shared);
  callControl = await startCallControlStandIn({ apiKeys: [apiKey], connectionIds: [connectionId], signalling: bed.standIn });
});
afterEach(async () => {
  const away = offsite(bed.urls);
  await callControl?.close();
  await bed?.close();
  expect(away).toEqual([]);
});

describe('Call Control dial into a handset phone', () => {
  it('rings the phone with the call_control_id on its snapshot; answered, audio flows both ways', async () => {
    const options = { host: bed.standIn.url, login: 'handset', password: 'handset', iceServers: [] };
    expect(await bed.page.evaluate((o) => window.line.create('alice', o as never), options)).toBeNull();
    expect(await bed.page.evaluate(() => window.line.connect('alice'))).toBeNull();

    const params = {
      to: 'sip:handset@sip.telnyx.com',
      from: '+15550009999',
      from_display_name: 'Support Line',
      connection_id: connectionId,
      client_state: Buffer.from('case-77').toString('base64'),
      custom_headers: [{ name: 'X-Case', value: '77' }],
      timeout_secs: 30,
    } satisfies DialParams;
    const dialled = await dial(params, { apiKey, baseUrl: `${callControl.url}/v2` });
    expect(callControl.requests.map((request) => request.body)).toEqual([dialCommand(params)]);

    const call = [...bed.standIn.calls.values()].find((each) => each.telnyxCallControlId === dialled.call_control_id);
    if (!call) throw new Error(`the stand-in has no call with ${dialled.call_control_id}`);
    await waitForLog(bed.page, `alice call ${call.callId} incoming`);
    expect(await bed.page.evaluate((id) => window.line.snapshot(id), call.callId)).toMatchObject({
      state: 'incoming',
      remote: { number: '+15550009999', name: 'Support Line' },
      remoteHeaders: [{ name: 'X-Case', value: '77' }],
      customParameters: { clientState: params.client_state },
      providerIds: {
        telnyxCallControlId: dialled.call_control_id,
        telnyxLegId: dialled.call_leg_id,
        telnyxSessionId: dialled.call_session_id,
      },
    });

    expect(await bed.page.evaluate((id) => window.line.run(id, 'accept'), call.callId)).toBeNull();
    await bed.standIn.waitForCallState(call.callId, 'active');
    await waitForLog(bed.page, `alice call ${call.callId} state active`);
    const flow = await audioBothWays(bed, call.callId);
    expect(flow.toFar).toBeGreaterThan(20);
    expect(flow.fromFar).toBeGreaterThan(20);
  });
});
