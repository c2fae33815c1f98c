/**
 * The Telnyx stand-in proven with the real @telnyx/webrtc 2.27 in Chromium (fake microphone) and a far
 * party in a second page: signalling is the stand-in's, media is real on loopback.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium, newMediaContext } from '../../../tools/testing/chromium';
import { type HarnessServer, serveHarness } from '../../../tools/testing/serve';
import {
  type CallControlStandIn,
  clientRequest,
  createPageFarParty,
  type FarParty,
  Method,
  type StandInCall,
  startCallControlStandIn,
  startTelnyxStandIn,
  type TelnyxStandIn,
} from '../src/stand-in/index';
import type { ConnectOptions, DialOptions } from './harness/page';

let browser: Browser;
let harness: HarnessServer;
let farContext: BrowserContext;
let farPage: Page;
let standIn: TelnyxStandIn;
let phone: { page: Page; context: BrowserContext; urls: string[] };

beforeAll(async () => {
  harness = await serveHarness(new URL('./harness/page.ts', import.meta.url).pathname, 'telnyx stand-in test page');
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
  standIn = await startTelnyxStandIn({
    tokens: { 'token-1': 'handset', 'token-2': 'handset' },
    farParty: () => createPageFarParty(farPage),
  });
  phone = await openPhone();
});

afterEach(async () => {
  // Nothing the page did may leave the machine: every request and socket went to 127.0.0.1.
  const offsite = phone.urls.filter((url) => !/^(https?|wss?):\/\/127\.0\.0\.1[:/]/.test(url) && !url.startsWith('data:'));
  await phone.context.close();
  await standIn.close();
  expect(offsite).toEqual([]);
});

async function openPhone(): Promise<{ page: Page; context: BrowserContext; urls: string[] }> {
  const context = await newMediaContext(browser, harness.origin);
  const page = await context.newPage();
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  page.on('websocket', (socket) => urls.push(socket.url()));
  await page.goto(harness.origin);
  await page.waitForFunction(() => typeof window.harness === 'object');
  return { page, context, urls };
}

function connect(options: Partial<ConnectOptions> = {}): Promise<void> {
  const full: ConnectOptions = { host: standIn.url, login: 'handset', password: 'handset', ...options };
  return phone.page.evaluate((connectOptions) => window.harness.connect(connectOptions), full);
}

/** Waits until a log line from index `from` on contains `needle`; returns its index. */
async function waitForLog(needle: string, from = 0, timeout = 20_000): Promise<number> {
  try {
    const handle = await phone.page.waitForFunction(
      ({ text, start }) => {
        const index = window.harness.log.findIndex((line, at) => at >= start && line.includes(text));
        return index >= 0 ? { index } : false;
      },
      { text: needle, start: from },
      { timeout, polling: 50 },
    );
    return ((await handle.jsonValue()) as { index: number }).index;
  } catch (error) {
    const log = await phone.page.evaluate(() => window.harness.log.join('\n')).catch(() => '(page gone)');
    throw new Error(`waited ${timeout} ms for "${needle}"; the page logged:\n${log}`, { cause: error });
  }
}

const logLength = () => phone.page.evaluate(() => window.harness.log.length);
const info = (callId: string) => phone.page.evaluate((id) => window.harness.info(id), callId);
const pageInbound = (callId: string) => phone.page.evaluate((id) => window.harness.inboundPackets(id), callId);

/** Polls until `read()` satisfies `ok`, or fails after `timeout` with the last value. */
async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeout = 15_000): Promise<T> {
  const deadline = Date.now() + timeout;
  let value = await read();
  while (!ok(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 150));
    value = await read();
  }
  return value;
}

/** Audio packets keep arriving: the count grows by more than 20 from now on (within a bounded wait). */
async function expectFlowing(read: () => Promise<number>): Promise<void> {
  const start = await read();
  const later = await eventually(read, (value) => value > start + 20);
  expect(later).toBeGreaterThan(start + 20);
}

async function expectAudioBothWays(callId: string): Promise<void> {
  const far = standIn.call(callId).farParty as FarParty;
  await expectFlowing(() => far.inboundPackets());
  await expectFlowing(() => pageInbound(callId));
}

async function dial(options: Partial<DialOptions> = {}): Promise<string> {
  return phone.page.evaluate((dialOptions) => window.harness.dial(dialOptions), { destinationNumber: '+15551230001', ...options });
}

/** Logs in, dials, and has the far party ring then answer; resolves once the page reports 'active'. */
async function activeOutgoingCall(options: Partial<ConnectOptions> = {}): Promise<string> {
  await connect(options);
  await waitForLog('ready');
  const callId = await dial();
  await standIn.waitFor(clientRequest(Method.Invite, callId));
  await standIn.ring(callId);
  await standIn.answer(callId);
  await waitForLog(`call ${callId} active`);
  return callId;
}

describe('Telnyx stand-in with the real @telnyx/webrtc', () => {
  it('logs in and gets ready; bad credentials get a Verto error and the SDK reports a failed login', async () => {
    await connect();
    await waitForLog('ready');
    expect(standIn.logins).toMatchObject([{ login: 'handset', reconnection: false, outcome: 'new-session' }]);
    const sent = standIn.frames.map((entry) => `${entry.direction} ${'method' in entry.frame ? entry.frame.method : 'result'}`);
    expect(sent.slice(0, 5)).toEqual(['in login', 'out result', `out ${Method.ClientReady}`, `in ${Method.GatewayState}`, 'out result']);
    // A server ping is answered by the SDK with a ping request of its own.
    await standIn.ping();

    await phone.context.close();
    phone = await openPhone();
    await connect({ password: 'wrong' });
    await waitForLog('error 46001');
    expect(standIn.logins.at(-1)).toMatchObject({ login: 'handset', outcome: 'rejected' });
    const rejection = await standIn.waitFor((entry) => entry.direction === 'out' && 'error' in entry.frame);
    expect(rejection.frame).toMatchObject({ error: { code: -32001, message: 'Authentication Failure' } });
    expect(await phone.page.evaluate(() => window.harness.log.includes('ready'))).toBe(false);
  });

  it('places an outgoing call that is answered, with audio both ways and the Telnyx ids on the call', async () => {
    await connect();
    await waitForLog('ready');
    const clientState = Buffer.from('order-42').toString('base64');
    const callId = await dial({
      destinationNumber: '+15551230001',
      callerName: 'Alice Agent',
      callerNumber: '+15550001111',
      clientState,
      customHeaders: [{ name: 'X-Account', value: '42' }],
    });
    await standIn.waitFor(clientRequest(Method.Invite, callId));
    const [invite] = standIn.invites;
    expect(invite?.dialogParams).toMatchObject({
      callID: callId,
      destination_number: '+15551230001',
      caller_id_name: 'Alice Agent',
      caller_id_number: '+15550001111',
      clientState,
      custom_headers: [{ name: 'X-Account', value: '42' }],
    });
    expect(invite?.sdp).toContain('m=audio');
    await waitForLog(`call ${callId} trying`);

    await standIn.ring(callId);
    await standIn.answer(callId);
    await waitForLog(`call ${callId} active`);
    await expectAudioBothWays(callId);
    const call = standIn.call(callId);
    expect((await info(callId))?.telnyxIDs).toEqual({
      telnyxCallControlId: call.telnyxCallControlId,
      telnyxLegId: call.telnyxLegId,
      telnyxSessionId: call.telnyxSessionId,
    });
  });

  it('rings the browser with an incoming call carrying caller, headers, client state and ids', async () => {
    await connect();
    await waitForLog('ready');
    const clientState = Buffer.from('ticket-9').toString('base64');
    const call = await standIn.placeIncoming({
      callerName: 'Bob Caller',
      callerNumber: '+15557654321',
      headers: [
        { name: 'X-Ticket', value: 'T-9' },
        { name: 'X-Priority', value: 'high' },
      ],
      clientState,
    });
    await waitForLog(`call ${call.callId} ringing`);
    expect(await info(call.callId)).toMatchObject({
      direction: 'inbound',
      remoteCallerName: 'Bob Caller',
      remoteCallerNumber: '+15557654321',
      customHeaders: [
        { name: 'X-Ticket', value: 'T-9' },
        { name: 'X-Priority', value: 'high' },
      ],
      clientState,
      telnyxIDs: { telnyxCallControlId: call.telnyxCallControlId, telnyxLegId: call.telnyxLegId, telnyxSessionId: call.telnyxSessionId },
    });

    await phone.page.evaluate((id) => window.harness.answer(id), call.callId);
    await standIn.waitForCallState(call.callId, 'active');
    await waitForLog(`call ${call.callId} active`);
    await expectAudioBothWays(call.callId);
  });

  it('holds and unholds through the SDK: the far party stops and resumes sending', async () => {
    const callId = await activeOutgoingCall();
    const far = standIn.call(callId).farParty as FarParty;
    expect(await far.direction()).toBe('sendrecv');

    await phone.page.evaluate((id) => window.harness.hold(id), callId);
    await waitForLog(`call ${callId} held`);
    expect(await far.direction()).toBe('recvonly');
    const hold = await standIn.waitFor(clientRequest(Method.Modify, callId));
    expect(hold.frame).toMatchObject({ params: { action: 'hold' } });
    // Nothing comes from the far party while held: two readings 1 s apart agree.
    const settled = await eventually(
      async () => {
        const before = await pageInbound(callId);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        return [before, await pageInbound(callId)] as const;
      },
      ([before, after]) => before === after,
    );
    expect(settled[1]).toBe(settled[0]);

    await phone.page.evaluate((id) => window.harness.unhold(id), callId);
    await waitForLog(`call ${callId} active`, await logLength().then((length) => length - 1));
    expect(await far.direction()).toBe('sendrecv');
    expect(standIn.call(callId).modifies).toEqual(['hold', 'unhold']);
    await expectFlowing(() => pageInbound(callId));
  });

  it('carries DTMF to the stand-in in order', async () => {
    const callId = await activeOutgoingCall();
    for (const digit of ['1', '2', '#', '9', '*'])
      await phone.page.evaluate(({ id, d }) => window.harness.dtmf(id, d), { id: callId, d: digit });
    const digits = await eventually(
      async () => standIn.dtmf(callId).join(''),
      (value) => value.length >= 5,
    );
    expect(digits).toBe('12#9*');
  });

  it('hangs up from either side, with cause and causeCode', async () => {
    const first = await activeOutgoingCall();
    await phone.page.evaluate((id) => window.harness.hangup(id), first);
    const ended = await standIn.waitForCallState(first, 'ended');
    expect(ended.hangup).toEqual({ by: 'client', cause: 'NORMAL_CLEARING', causeCode: 16 });
    await waitForLog(`call ${first} destroy`);
    expect(await far(ended).direction()).toBe('closed');

    const second = await dial();
    await standIn.waitFor(clientRequest(Method.Invite, second));
    await standIn.earlyMedia(second);
    await waitForLog(`call ${second} early`);
    await expectFlowing(() => pageInbound(second));
    await standIn.answer(second);
    await waitForLog(`call ${second} active`);
    await standIn.hangup(second, 'USER_BUSY');
    await waitForLog(`call ${second} destroy`);
    expect(await info(second)).toMatchObject({ cause: 'USER_BUSY', causeCode: 17 });
    expect(standIn.call(second).hangup).toEqual({ by: 'stand-in', cause: 'USER_BUSY', causeCode: 17 });
  });

  it('refreshes the login token on the live connection, and rejects a bad one', async () => {
    const callId = await activeOutgoingCall({ login: undefined, password: undefined, login_token: 'token-1' });
    expect(standIn.logins[0]).toMatchObject({ loginToken: 'token-1', outcome: 'new-session' });

    await phone.page.evaluate(() => window.harness.relogin('token-2'));
    await waitForLog('relogin ok');
    expect(standIn.logins.at(-1)).toMatchObject({ loginToken: 'token-2', outcome: 'refreshed', connection: standIn.logins[0]?.connection });
    expect(standIn.connectionUrls).toHaveLength(1);
    expect((await info(callId))?.state).toBe('active');
    await expectFlowing(() => pageInbound(callId));

    await phone.page.evaluate(() => window.harness.relogin('expired-token'));
    await waitForLog('relogin failed');
    await waitForLog('error 46001');
    expect(standIn.logins.at(-1)).toMatchObject({ loginToken: 'expired-token', outcome: 'rejected' });
  });

  it('survives a socket drop: the SDK logs in again with its sessid and the call is re-attached', async () => {
    const callId = await activeOutgoingCall();
    const firstSessid = standIn.call(callId).sessid;
    const mark = await logLength();
    expect(standIn.dropSocket()).toBe(1);
    await waitForLog('socket closed', mark);
    await standIn.waitFor((entry) => entry.direction === 'out' && 'method' in entry.frame && entry.frame.method === Method.Attach, {
      timeout: 20_000,
    });
    await waitForLog(`call ${callId} active`, mark);

    expect(standIn.logins.at(-1)).toMatchObject({ sessid: firstSessid, reconnection: true, outcome: 'resumed-session' });
    expect(standIn.connectionUrls.at(-1)).toContain('voice_sdk_id=');
    expect(await info(callId)).toMatchObject({ state: 'active', recoveredCallId: callId, attach: true });
    expect(standIn.call(callId).attaches).toBe(1);
    await expectAudioBothWays(callId);
  });

  it('recovers a call across page.reload() with the sessid the SDK kept in sessionStorage', async () => {
    const callId = await activeOutgoingCall({ hangupOnBeforeUnload: false });
    const { sessid } = standIn.call(callId);
    const storage = await phone.page.evaluate(() => window.harness.storage());
    expect(storage['telnyx-voice-sdk-session-id']).toBe(sessid);

    await phone.page.reload();
    await phone.page.waitForFunction(() => typeof window.harness === 'object');
    expect(await phone.page.evaluate(() => JSON.parse(sessionStorage.getItem('telnyx-voice-sdk-active-calls') ?? '{}'))).toMatchObject({
      sessionId: sessid,
      calls: [{ id: callId }],
    });
    await connect({ hangupOnBeforeUnload: false });
    await waitForLog('ready');
    await waitForLog(`call ${callId} active`);

    expect(standIn.logins.at(-1)).toMatchObject({ sessid, reconnection: true, outcome: 'resumed-session' });
    expect(standIn.call(callId)).toMatchObject({ state: 'active', attaches: 1 });
    expect(standIn.call(callId).hangup).toBeUndefined();
    expect(await info(callId)).toMatchObject({ state: 'active', recoveredCallId: callId, attach: true });
    await expectAudioBothWays(callId);
  });

  it('dials through the Call Control stand-in: the browser rings with the new call_control_id', async () => {
    const callControl: CallControlStandIn = await startCallControlStandIn({
      apiKeys: ['KEY0123'],
      connectionIds: ['1684641123236054244'],
      signalling: standIn,
    });
    try {
      await connect();
      await waitForLog('ready');
      const body = {
        to: 'sip:handset@sip.telnyx.com',
        from: '+15550009999',
        from_display_name: 'Support Line',
        connection_id: '1684641123236054244',
        client_state: Buffer.from('case-77').toString('base64'),
        custom_headers: [{ name: 'X-Case', value: '77' }],
        timeout_secs: 30,
      };
      const post = (payload: unknown, key = 'KEY0123') =>
        fetch(`${callControl.url}/v2/calls`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify(payload),
        });

      const unauthorised = await post(body, 'WRONG');
      expect(unauthorised.status).toBe(401);
      expect(await unauthorised.json()).toMatchObject({ errors: [{ code: '10009', title: 'Authentication failed' }] });
      const { from: _missing, ...withoutFrom } = body;
      const unprocessable = await post({ ...withoutFrom, timeout_secs: 2 });
      expect(unprocessable.status).toBe(422);
      const { errors } = (await unprocessable.json()) as { errors: { source: { pointer: string } }[] };
      expect(errors.map((each) => each.source.pointer)).toEqual(['/from', '/timeout_secs']);

      const response = await post(body);
      expect(response.status).toBe(200);
      const { data } = (await response.json()) as {
        data: { call_control_id: string; call_leg_id: string; call_session_id: string; client_state: string };
      };
      expect(data.call_control_id).toMatch(/^v3:/);
      expect(data.client_state).toBe(body.client_state);
      expect(callControl.requests.map((each) => each.body)).toEqual([body, { ...withoutFrom, timeout_secs: 2 }, body]);

      const call = [...standIn.calls.values()].find((each) => each.telnyxCallControlId === data.call_control_id) as StandInCall;
      await waitForLog(`call ${call.callId} ringing`);
      expect(await info(call.callId)).toMatchObject({
        remoteCallerName: 'Support Line',
        remoteCallerNumber: '+15550009999',
        clientState: body.client_state,
        customHeaders: body.custom_headers,
        telnyxIDs: { telnyxCallControlId: data.call_control_id, telnyxLegId: data.call_leg_id, telnyxSessionId: data.call_session_id },
      });
      await phone.page.evaluate((id) => window.harness.answer(id), call.callId);
      await waitForLog(`call ${call.callId} active`);
      await expectAudioBothWays(call.callId);
    } finally {
      await callControl.close();
    }
  });
});

function far(call: StandInCall): FarParty {
  return call.farParty as FarParty;
}
