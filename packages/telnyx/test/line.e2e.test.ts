/**
 * The Telnyx line (`@handset/telnyx`) with the real @telnyx/webrtc 2.27 in Chromium (fake microphone), against
 * the local stand-in of Telnyx's signalling; the far party is a plain RTCPeerConnection in a second page, so
 * media is real on loopback.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clientRequest, type FarParty, Method } from '../src/stand-in/index';
import {
  audioBothWays,
  type BedShared,
  eventually,
  type LineBed,
  logLength,
  offsite,
  startBed,
  startShared,
  waitForLog,
} from './support/lineBed';

let shared: BedShared;
let bed: LineBed;

beforeAll(async () => {
  shared = await startShared();
});
afterAll(async () => {
  await shared?.close();
});
beforeEach(async () => {
  bed = await startBed(shared, { tokens: { 'token-1': 'handset', 'token-2': 'handset' } });
});
afterEach(async () => {
  const away = offsite(bed.urls);
  await bed.close();
  expect(away).toEqual([]);
});

const creds = () => ({ host: bed.standIn.url, login: 'handset', password: 'handset', iceServers: [] });

async function connected(options: Record<string, unknown> = creds(), name = 'alice'): Promise<void> {
  expect(await bed.page.evaluate(({ n, o }) => window.line.create(n, o as never), { n: name, o: options })).toBeNull();
  expect(await bed.page.evaluate((n) => window.line.connect(n), name)).toBeNull();
}

/** Dials from the page; the far party rings and answers. Resolves with the call id once the phone says active. */
async function activeOutgoing(callOptions: Record<string, unknown> = {}): Promise<string> {
  const id = await bed.page.evaluate(({ o }) => window.line.call('alice', '+15551230001', o as never), { o: callOptions });
  await bed.standIn.waitFor(clientRequest(Method.Invite, id));
  await bed.standIn.ring(id);
  await bed.standIn.answer(id);
  await waitForLog(bed.page, `alice call ${id} state active`);
  return id;
}

const snapshot = (id: string) => bed.page.evaluate((callId) => window.line.snapshot(callId), id);

describe('the Telnyx line on the real SDK', () => {
  it('logs in and gets ready (login and password, or a login token); a refused login fails the registration typed', async () => {
    await connected();
    expect(await bed.page.evaluate(() => window.line.store('alice').registration.state)).toBe('registered');
    expect(bed.standIn.logins).toMatchObject([{ login: 'handset', outcome: 'new-session' }]);

    // A fresh tab: one tab's SDK clients share its sessionStorage session (a second would resume the first).
    await bed.reopen();
    await connected({ host: bed.standIn.url, loginToken: 'token-1', iceServers: [] }, 'bob');
    expect(bed.standIn.logins.at(-1)).toMatchObject({ loginToken: 'token-1', outcome: 'new-session' });

    await bed.reopen();
    expect(await bed.page.evaluate((o) => window.line.create('eve', o as never), { ...creds(), password: 'wrong' })).toBeNull();
    expect(await bed.page.evaluate(() => window.line.connect('eve'))).toBe('registration-failed');
    const failed = await bed.page.evaluate(() => window.line.store('eve').registration);
    expect(failed).toMatchObject({ state: 'failed', error: { code: 'registration-failed', providerCode: 46001 } });
    expect(bed.standIn.logins.at(-1)).toMatchObject({ outcome: 'rejected' });

    expect(
      await bed.page.evaluate((o) => window.line.create('mallory', o as never), { host: bed.standIn.url, loginToken: 'nope' }),
    ).toBeNull();
    expect(await bed.page.evaluate(() => window.line.connect('mallory'))).toBe('invalid-token');
  });

  it('refuses missing or malformed credentials with a typed error before any socket is opened', async () => {
    const before = bed.standIn.connectionUrls.length;
    const attempts = [
      {},
      { host: bed.standIn.url, login: 'handset' },
      { host: bed.standIn.url, password: 'handset' },
      { host: bed.standIn.url, loginToken: '' },
      { host: bed.standIn.url, loginToken: 'two words' },
      { host: bed.standIn.url, loginToken: 'token-1', login: 'handset', password: 'handset' },
      { host: 'http://127.0.0.1:1', login: 'handset', password: 'handset' },
    ];
    const codes = [];
    for (const options of attempts) codes.push(await bed.page.evaluate((o) => window.line.create('bad', o as never), options));
    expect(codes).toEqual([
      'invalid-option',
      'invalid-option',
      'invalid-option',
      'invalid-token',
      'invalid-token',
      'invalid-option',
      'invalid-option',
    ]);
    expect(bed.standIn.connectionUrls.length).toBe(before);
    expect(bed.urls.filter((url) => url.startsWith('ws'))).toEqual([]);
  });

  it('places an outgoing call: audio both ways, the Telnyx ids on the snapshot, one microphone and one playback', async () => {
    await connected();
    const id = await activeOutgoing();
    const flow = await audioBothWays(bed, id);
    expect(flow.toFar).toBeGreaterThan(20);
    expect(flow.fromFar).toBeGreaterThan(20);
    const call = bed.standIn.call(id);
    const snap = await snapshot(id);
    expect(snap.providerIds).toMatchObject({
      telnyxCallControlId: call.telnyxCallControlId,
      telnyxLegId: call.telnyxLegId,
      telnyxSessionId: call.telnyxSessionId,
      sessionId: call.sessid,
    });
    expect(snap.dtmfPath).toBe('info');
    await waitForLog(bed.page, `alice call ${id} samples`);
    const media = await bed.page.evaluate(() => window.line.media());
    expect(media).toMatchObject({ microphoneRequests: 1, peerConnections: 1, playing: 1 });
    const quality = await bed.page.evaluate((callId) => window.line.store('alice').quality?.[callId] ?? null, id);
    expect(quality).not.toBeNull();
  });

  it('rings with an incoming call carrying caller, headers and ids; accepted, audio flows both ways', async () => {
    await connected();
    const clientState = Buffer.from('ticket-9').toString('base64');
    const call = await bed.standIn.placeIncoming({
      callerName: 'Bob Caller',
      callerNumber: '+15557654321',
      headers: [{ name: 'X-Ticket', value: 'T-9' }],
      clientState,
    });
    await waitForLog(bed.page, `alice call ${call.callId} incoming`);
    expect(await snapshot(call.callId)).toMatchObject({
      state: 'incoming',
      remote: { number: '+15557654321', name: 'Bob Caller' },
      remoteHeaders: [{ name: 'X-Ticket', value: 'T-9' }],
      customParameters: { clientState },
      providerIds: { telnyxCallControlId: call.telnyxCallControlId, telnyxLegId: call.telnyxLegId, telnyxSessionId: call.telnyxSessionId },
    });
    expect(await bed.page.evaluate((id) => window.line.run(id, 'accept'), call.callId)).toBeNull();
    await bed.standIn.waitForCallState(call.callId, 'active');
    await waitForLog(bed.page, `alice call ${call.callId} state active`);
    const flow = await audioBothWays(bed, call.callId);
    expect(flow.toFar).toBeGreaterThan(20);
    expect(flow.fromFar).toBeGreaterThan(20);
    expect(await bed.page.evaluate(() => window.line.media())).toMatchObject({ microphoneRequests: 1, playing: 1 });
    const far = bed.standIn.call(call.callId).farParty as FarParty;
    expect(await far.direction()).toBe('sendrecv');
  });

  it('holds and unholds through the SDK: Telnyx hears modify hold/unhold, the far party stops and resumes', async () => {
    await connected();
    const id = await activeOutgoing();
    const far = bed.standIn.call(id).farParty as FarParty;
    expect(await bed.page.evaluate((callId) => window.line.run(callId, 'hold'), id)).toBeNull();
    await bed.standIn.waitForCallState(id, 'held');
    expect(await far.direction()).toBe('recvonly');
    expect((await snapshot(id)).state).toBe('held');
    expect(await bed.page.evaluate((callId) => window.line.run(callId, 'unhold'), id)).toBeNull();
    await bed.standIn.waitForCallState(id, 'active');
    expect(bed.standIn.call(id).modifies).toEqual(['hold', 'unhold']);
    expect(await far.direction()).toBe('sendrecv');
    expect((await snapshot(id)).state).toBe('active');
    expect((await audioBothWays(bed, id)).fromFar).toBeGreaterThan(20);
  });

  it('sends DTMF through the SDK (telnyx_rtc.info), in order', async () => {
    await connected();
    const id = await activeOutgoing();
    await bed.page.evaluate((callId) => window.line.sendDigits(callId, '12#9*'), id);
    const digits = await eventually(
      async () => bed.standIn.dtmf(id).join(''),
      (value) => value.length >= 5,
    );
    expect(digits).toBe('12#9*');
  });

  it('hangs up both ways: a local hangup reaches Telnyx as NORMAL_CLEARING; a far BYE, busy or rejection ends the call typed', async () => {
    await connected();
    const first = await activeOutgoing();
    await bed.page.evaluate((callId) => window.line.run(callId, 'hangup'), first);
    expect((await bed.standIn.waitForCallState(first, 'ended')).hangup).toEqual({ by: 'client', cause: 'NORMAL_CLEARING', causeCode: 16 });
    expect((await snapshot(first)).end).toMatchObject({ reason: 'hangup', by: 'local' });

    const second = await activeOutgoing();
    await bed.standIn.hangup(second);
    await waitForLog(bed.page, `alice call ${second} ended hangup remote`);

    const busy = await bed.page.evaluate(() => window.line.call('alice', '+15551230002'));
    await bed.standIn.waitFor(clientRequest(Method.Invite, busy));
    await bed.standIn.hangup(busy, { cause: 'USER_BUSY', sipCode: 486 });
    await waitForLog(bed.page, `alice call ${busy} ended busy remote 486`);

    const incoming = await bed.standIn.placeIncoming({ callerNumber: '+15557654321' });
    await waitForLog(bed.page, `alice call ${incoming.callId} incoming`);
    await bed.page.evaluate((callId) => window.line.run(callId, 'reject', 603), incoming.callId);
    expect((await bed.standIn.waitForCallState(incoming.callId, 'ended')).hangup).toEqual({
      by: 'client',
      cause: 'CALL_REJECTED',
      causeCode: 21,
      sipCode: 603,
    });
    expect(await bed.page.evaluate(() => window.line.media())).toMatchObject({ playing: 0 });
  });

  it('refreshes the login token on the live socket (phone.updateToken): no reconnection, the call goes on; a refused token is reported', async () => {
    // A JWT that expires in 60 s: the SDK warns at once (under 120 s left), and the phone learns when.
    const exp = Math.floor(Date.now() / 1000) + 60;
    const jwt = `e30.${Buffer.from(JSON.stringify({ exp })).toString('base64url')}.sig`;
    await bed.close();
    bed = await startBed(shared, { tokens: { [jwt]: 'handset', 'token-2': 'handset' } });
    await connected({ host: bed.standIn.url, loginToken: jwt, iceServers: [] });
    await waitForLog(bed.page, `alice tokenWillExpire ${exp * 1000}`);
    expect(await bed.page.evaluate(() => window.line.store('alice').registration.tokenExpiresAt)).toBe(exp * 1000);

    const id = await activeOutgoing();
    await bed.page.evaluate(() => window.line.updateToken('alice', 'token-2'));
    await eventually(
      async () => bed.standIn.logins.at(-1)?.outcome,
      (outcome) => outcome === 'refreshed',
    );
    expect(bed.standIn.logins.at(-1)).toMatchObject({
      loginToken: 'token-2',
      outcome: 'refreshed',
      connection: bed.standIn.logins[0]?.connection,
    });
    expect(bed.standIn.connectionUrls).toHaveLength(1);
    expect((await snapshot(id)).state).toBe('active');
    expect((await audioBothWays(bed, id)).fromFar).toBeGreaterThan(20);

    const mark = await logLength(bed.page);
    await bed.page.evaluate(() => window.line.updateToken('alice', 'expired-token'));
    await waitForLog(bed.page, 'alice error invalid-token', mark);
    expect(bed.standIn.logins.at(-1)).toMatchObject({ loginToken: 'expired-token', outcome: 'rejected' });
    expect(await bed.page.evaluate(() => window.line.store('alice').registration.state)).toBe('registered');
    expect((await snapshot(id)).state).toBe('active');
  });

  it('survives a socket drop: reconnecting, then the SDK logs in with its sessid, the call is re-attached and audio flows', async () => {
    await connected();
    const id = await activeOutgoing();
    const { sessid } = bed.standIn.call(id);
    const mark = await logLength(bed.page);
    expect(bed.standIn.dropSocket()).toBe(1);
    await waitForLog(bed.page, 'alice registration reconnecting', mark);
    await waitForLog(bed.page, `alice call ${id} state reconnecting`, mark);
    await waitForLog(bed.page, 'alice registration registered', mark);
    await waitForLog(bed.page, `alice call ${id} state active`, mark);
    expect(bed.standIn.logins.at(-1)).toMatchObject({ sessid, reconnection: true, outcome: 'resumed-session' });
    expect(bed.standIn.call(id).attaches).toBe(1);
    const flow = await audioBothWays(bed, id);
    expect(flow.toFar).toBeGreaterThan(20);
    expect(flow.fromFar).toBeGreaterThan(20);
    expect(await bed.page.evaluate(() => window.line.media())).toMatchObject({ openMicrophones: 1, playing: 1 });
    expect(
      await bed.page.evaluate((callId) => window.line.log.filter((line) => line.startsWith(`alice call ${callId} ended`)), id),
    ).toEqual([]);
  });
});
