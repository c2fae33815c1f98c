/**
 * `@handset/telnyx/server` round trip: `dial()` posts to the Call Control stand-in, which rings a browser
 * logged in to the signalling stand-in with the real @telnyx/webrtc in Chromium (fake microphone); the
 * browser answers and audio flows, with the dial's call_control_id on the browser's call.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium, newMediaContext } from '../../../tools/testing/chromium';
import { type HarnessServer, serveHarness } from '../../../tools/testing/serve';
import { type DialParams, dial, dialCommand } from '../src/server/index';
import {
  type CallControlStandIn,
  createPageFarParty,
  type FarParty,
  type StandInCall,
  startCallControlStandIn,
  startTelnyxStandIn,
  type TelnyxStandIn,
} from '../src/stand-in/index';

const apiKey = 'KEY0123';
const connectionId = '1684641123236054244';

let browser: Browser;
let harness: HarnessServer;
let farContext: BrowserContext;
let farPage: Page;
let standIn: TelnyxStandIn;
let callControl: CallControlStandIn;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  harness = await serveHarness(new URL('./harness/page.ts', import.meta.url).pathname, 'telnyx server dial test page');
  browser = await launchChromium();
  farContext = await newMediaContext(browser, harness.origin);
  farPage = await farContext.newPage();
  await farPage.goto(harness.origin);
});

afterAll(async () => {
  await browser?.close();
  await harness?.close();
});

beforeEach(async () => {
  standIn = await startTelnyxStandIn({ farParty: () => createPageFarParty(farPage) });
  callControl = await startCallControlStandIn({ apiKeys: [apiKey], connectionIds: [connectionId], signalling: standIn });
  context = await newMediaContext(browser, harness.origin);
  page = await context.newPage();
  await page.goto(harness.origin);
  await page.waitForFunction(() => typeof window.harness === 'object');
  await page.evaluate((host) => window.harness.connect({ host, login: 'handset', password: 'handset' }), standIn.url);
  await waitForLog('ready');
});

afterEach(async () => {
  await context?.close();
  await callControl?.close();
  await standIn?.close();
});

/** Waits (bounded) until the page's event log has a line containing `needle`. */
async function waitForLog(needle: string, timeout = 20_000): Promise<void> {
  try {
    await page.waitForFunction((text) => window.harness.log.some((line) => line.includes(text)), needle, { timeout, polling: 50 });
  } catch (error) {
    const log = await page.evaluate(() => window.harness.log.join('\n')).catch(() => '(page gone)');
    throw new Error(`waited ${timeout} ms for "${needle}"; the page logged:\n${log}`, { cause: error });
  }
}

/** Packets keep arriving: the count grows by more than 20 within a bounded wait. */
async function expectFlowing(read: () => Promise<number>, timeout = 15_000): Promise<void> {
  const start = await read();
  const deadline = Date.now() + timeout;
  let now = start;
  while (now <= start + 20 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 150));
    now = await read();
  }
  expect(now).toBeGreaterThan(start + 20);
}

describe('Call Control dial, server to browser', () => {
  it('dials the browser credential: it rings with the call_control_id, answers, and audio flows both ways', async () => {
    const params = {
      to: 'sip:handset@sip.telnyx.com',
      from: '+15550009999',
      from_display_name: 'Support Line',
      connection_id: connectionId,
      client_state: Buffer.from('case-77').toString('base64'),
      custom_headers: [{ name: 'X-Case', value: '77' }],
      timeout_secs: 30,
      time_limit_secs: 600,
    } satisfies DialParams;

    const dialled = await dial(params, { apiKey, baseUrl: `${callControl.url}/v2` });

    expect(callControl.requests).toHaveLength(1);
    expect(callControl.requests[0]).toMatchObject({ authorization: `Bearer ${apiKey}`, body: dialCommand(params), status: 200 });
    expect(callControl.requests[0]?.response).toEqual({ data: dialled });
    expect(dialled).toMatchObject({ call_control_id: expect.stringMatching(/^v3:/), client_state: params.client_state, is_alive: true });

    const call = [...standIn.calls.values()].find((each) => each.telnyxCallControlId === dialled.call_control_id) as StandInCall;
    expect(call).toBeDefined();
    await waitForLog(`call ${call.callId} ringing`);
    expect(await page.evaluate((id) => window.harness.info(id), call.callId)).toMatchObject({
      direction: 'inbound',
      remoteCallerName: 'Support Line',
      remoteCallerNumber: '+15550009999',
      clientState: params.client_state,
      customHeaders: params.custom_headers,
      telnyxIDs: {
        telnyxCallControlId: dialled.call_control_id,
        telnyxLegId: dialled.call_leg_id,
        telnyxSessionId: dialled.call_session_id,
      },
    });

    await page.evaluate((id) => window.harness.answer(id), call.callId);
    await standIn.waitForCallState(call.callId, 'active');
    await waitForLog(`call ${call.callId} active`);
    const far = standIn.call(call.callId).farParty as FarParty;
    await expectFlowing(() => far.inboundPackets());
    await expectFlowing(() => page.evaluate((id) => window.harness.inboundPackets(id), call.callId));
  });

  it('maps the 422 for a credential nobody is logged in as to invalid-destination, and rings no one', async () => {
    const error = await dial(
      { to: 'sip:nobody@sip.telnyx.com', from: '+15550009999', connection_id: connectionId },
      { apiKey, baseUrl: `${callControl.url}/v2` },
    ).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toMatchObject({ name: 'HandsetError', code: 'invalid-destination', providerCode: '10015' });
    expect((error as Error).message).toMatch(
      /^Telnyx Call Control refused the dial \(HTTP 422\): to: Cannot reach sip:nobody@sip\.telnyx\.com/,
    );
    expect(callControl.requests.map((request) => request.status)).toEqual([422]);
    expect(standIn.calls.size).toBe(0);
  });
});
