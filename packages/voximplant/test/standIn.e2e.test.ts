/**
 * The Voximplant stand-in proven with the real voximplant-websdk 4.3 in Chromium: the SDK is initialised
 * with `serverIp`, dials `wss://stand-in.voximplant.test/platform?…` (answered by Playwright's
 * routeWebSocket, no TLS), and the far party is a plain RTCPeerConnection with the fake microphone in a
 * second page, so audio flows both ways for real. Every test also checks that nothing tried to leave the machine.
 */
import { describe, expect, it } from 'vitest';
import { oneTimeKeyHash } from '../src/stand-in/account';
import type { StandInCall } from '../src/stand-in/calls';
import { TEST_USER } from '../src/stand-in/standIn';
import { type Bed, eventually, useBed, waitForLog } from './harness/bed';

const beds = useBed();

async function packets(bed: Bed): Promise<{ far: number; phone: number }> {
  const far = await bed.farPage.evaluate(() => window.far.inboundPackets());
  const phone = await bed.phone.evaluate(() => window.phone.packetsReceived());
  return { far, phone };
}

/** Audio flows both ways: both counters grow past where they were when this was called. */
async function expectAudioBothWays(bed: Bed): Promise<void> {
  const before = await packets(bed);
  const after = await eventually(
    () => packets(bed),
    (now) => now.far > before.far + 20 && now.phone > before.phone + 20,
  );
  expect(after.far).toBeGreaterThan(before.far + 20);
  expect(after.phone).toBeGreaterThan(before.phone + 20);
}

/** An outgoing call from the SDK, connected by the stand-in's far party. */
async function outgoingCall(bed: Bed, customData?: string, headers?: Record<string, string>): Promise<StandInCall> {
  await bed.login();
  const id = await bed.phone.evaluate(([data, extra]) => window.phone.dial('+14155550123', data, extra), [customData, headers] as const);
  await waitForLog(bed.phone, 'call Connected');
  return bed.standIn.call(id);
}

/** An incoming call placed by the stand-in and shown by the SDK (not answered yet). */
async function incomingCall(bed: Bed, headers?: Record<string, string>, customData?: string): Promise<StandInCall> {
  await bed.login();
  const call = await bed.standIn.placeIncoming({
    from: '+14155550100',
    displayName: 'Bob',
    ...(headers ? { headers } : {}),
    ...(customData === undefined ? {} : { customData }),
  });
  await waitForLog(bed.phone, 'client IncomingCall');
  return call;
}

async function answeredIncomingCall(bed: Bed): Promise<StandInCall> {
  const call = await incomingCall(bed);
  await bed.phone.evaluate(() => window.phone.answer());
  await waitForLog(bed.phone, 'call Connected');
  return call;
}

function expectNothingEscaped(bed: Bed): void {
  expect(bed.escaped).toEqual([]);
}

describe('Voximplant stand-in with the real Web SDK', () => {
  it('connect: the SDK skips the balancer for serverIp and is greeted with __connectionSuccessful', async () => {
    const bed = await beds.open();
    await bed.connect();
    expect(await waitForLog(bed.phone, 'client ConnectionEstablished')).toBeTruthy();
    expect(bed.standIn.socketCount).toBe(1);
    expect(bed.standIn.frames[0]).toMatchObject({ name: '__connectionSuccessful', direction: 'out' });
    // The SDK pings once a second; the stand-in answers each with __pong.
    expect(await bed.standIn.waitFor(() => bed.standIn.pings >= 2, 'two pings')).toBe(true);
    expectNothingEscaped(bed);
  });

  it('login with a password: loginSuccessful with the display name and OAuth tokens', async () => {
    const bed = await beds.open();
    await bed.connect();
    const tokens = JSON.parse(
      await bed.phone.evaluate(([username, password]) => window.phone.login(username, password), [
        TEST_USER.username,
        TEST_USER.password,
      ] as const),
    );
    expect(await waitForLog(bed.phone, 'client login')).toBe('client login Alice');
    expect(tokens).toMatchObject({ accessExpire: 3600, refreshExpire: 86_400 });
    expect(typeof tokens.accessToken).toBe('string');
    const login = bed.standIn.frames.find((frame) => frame.name === 'login');
    expect(login?.params.slice(0, 2)).toEqual([TEST_USER.username, TEST_USER.password]);
    expectNothingEscaped(bed);
  });

  it('login with a wrong password or an unknown user fails with 401 / 404', async () => {
    const bed = await beds.open();
    await bed.connect();
    expect(await bed.phone.evaluate((username) => window.phone.login(username, 'wrong'), TEST_USER.username)).toBe('failed');
    expect(await waitForLog(bed.phone, 'client login failed')).toContain('"code":401');
    expect(await bed.phone.evaluate(() => window.phone.login('nobody@handset.test-account.voximplant.com', 'x'))).toBe('failed');
    expect((await bed.phone.evaluate(() => window.phone.log.filter((line) => line.startsWith('client login failed'))))[1]).toContain(
      '"code":404',
    );
  });

  it('login with a token: the accessToken rides in the login options; an expired one fails with 701', async () => {
    const bed = await beds.open();
    await bed.connect();
    const expired = bed.standIn.issueTokens(TEST_USER.username, 0.001);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(
      await bed.phone.evaluate(([username, token]) => window.phone.loginWithToken(username, token), [
        TEST_USER.username,
        expired.accessToken,
      ] as const),
    ).toBe('failed');
    expect(await waitForLog(bed.phone, 'client login failed')).toContain('"code":701');
    const tokens = bed.standIn.issueTokens(TEST_USER.username);
    expect(
      await bed.phone.evaluate(([username, token]) => window.phone.loginWithToken(username, token), [
        TEST_USER.username,
        tokens.accessToken,
      ] as const),
    ).toBe('ok');
    const login = bed.standIn.frames.filter((frame) => frame.name === 'login').at(-1);
    expect(login?.params[1]).toBe('');
    expect(login?.params[2]).toMatchObject({ accessToken: tokens.accessToken });
    expectNothingEscaped(bed);
  });

  it('one-time key: the key comes as loginFailed 302, the hash logs in', async () => {
    const bed = await beds.open();
    await bed.connect();
    const key = await bed.phone.evaluate((username) => window.phone.requestOneTimeLoginKey(username), TEST_USER.username);
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    const hash = oneTimeKeyHash(key, TEST_USER.username, TEST_USER.password);
    expect(
      await bed.phone.evaluate(([username, value]) => window.phone.loginWithOneTimeKey(username, value), [
        TEST_USER.username,
        hash,
      ] as const),
    ).toBe('ok');
    expect(await waitForLog(bed.phone, 'client login')).toBe('client login Alice');
    expectNothingEscaped(bed);
  });

  it('token refresh: refreshOauthToken trades the refresh token for new tokens, once', async () => {
    const bed = await beds.open();
    await bed.connect();
    const first = JSON.parse(
      await bed.phone.evaluate(([username, password]) => window.phone.login(username, password), [
        TEST_USER.username,
        TEST_USER.password,
      ] as const),
    );
    const refreshed = await bed.phone.evaluate(([username, token]) => window.phone.tokenRefresh(username, token), [
      TEST_USER.username,
      first.refreshToken,
    ] as const);
    const tokens = JSON.parse(refreshed);
    expect(tokens.accessToken).not.toBe(first.accessToken);
    expect(tokens.refreshToken).not.toBe(first.refreshToken);
    // The new access token logs in; the spent refresh token does not refresh again.
    expect(
      await bed.phone.evaluate(([username, token]) => window.phone.tokenRefresh(username, token), [
        TEST_USER.username,
        first.refreshToken,
      ] as const),
    ).toContain('failed');
    expect(bed.standIn.frames.filter((frame) => frame.name === 'refreshOauthTokenFailed')).toHaveLength(1);
    expectNothingEscaped(bed);
  });

  it('outgoing call: createCall with the offer, handleRingOut, connected with audio both ways', async () => {
    const bed = await beds.open();
    const call = await outgoingCall(bed);
    expect(call.direction).toBe('outgoing');
    expect(call.number).toBe('+14155550123');
    expect(call.state).toBe('connected');
    expect(await waitForLog(bed.phone, 'call ProgressToneStart')).toBeTruthy();
    await expectAudioBothWays(bed);
    // The SDK trickles its candidates as voximplant/sdpfrag INFOs; they reached the far party.
    expect(call.candidates).toBeGreaterThan(0);
    expect(call.infos).toEqual([]);
    expectNothingEscaped(bed);
  });

  it('outgoing call carries X-headers and customData (VI-CallData); Connected carries the far headers', async () => {
    const bed = await beds.open({ outgoing: 'ring' });
    await bed.login();
    const id = await bed.phone.evaluate(() => window.phone.dial('+14155550123', 'order=42', { 'X-Ticket': '7', Other: 'dropped?' }));
    const call = bed.standIn.call(await bed.standIn.waitFor(() => bed.standIn.calls[0]?.id, 'the call'));
    expect(call.id).toBe(id);
    expect(call.headers).toMatchObject({ 'X-Ticket': '7', 'VI-CallData': 'order=42' });
    await bed.standIn.answerOutgoing(id, { 'X-Answered-By': 'far' });
    expect(await waitForLog(bed.phone, 'call Connected')).toBe('call Connected {"X-Answered-By":"far"}');
    await expectAudioBothWays(bed);
    expectNothingEscaped(bed);
  });

  it('hang up from the client: disconnectCall with X-headers, then Disconnected', async () => {
    const bed = await beds.open();
    const call = await outgoingCall(bed);
    await bed.phone.evaluate(() => window.phone.hangup({ 'X-Reason': 'done', NotX: 'filtered' }));
    await waitForLog(bed.phone, 'call Disconnected');
    expect(call.state).toBe('ended');
    expect(call.endedBy).toBe('client');
    // The SDK keeps only X- headers (and VI-CallData).
    expect(call.endHeaders).toEqual({ 'X-Reason': 'done' });
    expectNothingEscaped(bed);
  });

  it('hang up from the far side: handleConnectionDisconnected with X-headers', async () => {
    const bed = await beds.open();
    const call = await outgoingCall(bed);
    bed.standIn.hangup(call.id, { 'X-Bye': 'far' });
    expect(await waitForLog(bed.phone, 'call Disconnected')).toBe('call Disconnected {"X-Bye":"far"}');
    expect(await bed.phone.evaluate(() => window.phone.callState())).toBe('ENDED');
    expectNothingEscaped(bed);
  });

  it('a failed call: handleConnectionFailed gives the SDK its code, reason and headers', async () => {
    const bed = await beds.open({ outgoing: 'ring' });
    await bed.login();
    const id = await bed.phone.evaluate(() => window.phone.dial('+14155550199'));
    await bed.standIn.waitFor(() => bed.standIn.calls[0], 'the call');
    bed.standIn.fail(id, 486, 'Busy Here', { 'X-Why': 'busy' });
    expect(await waitForLog(bed.phone, 'call Failed')).toBe('call Failed 486 Busy Here {"X-Why":"busy"}');
    expectNothingEscaped(bed);
  });

  it('incoming call: number, display name, X-headers and customData shown; answered with audio and headers', async () => {
    const bed = await beds.open();
    const call = await incomingCall(bed, { 'X-Campaign': 'spring' }, 'vip');
    const shown = JSON.parse((await waitForLog(bed.phone, 'client IncomingCall')).slice('client IncomingCall '.length));
    expect(shown).toEqual({ number: '+14155550100', displayName: 'Bob', headers: { 'X-Campaign': 'spring', 'VI-CallData': 'vip' } });
    await bed.phone.evaluate(() => window.phone.answer('answer-data', { 'X-Agent': '12' }));
    await waitForLog(bed.phone, 'call Connected');
    expect(call.state).toBe('connected');
    expect(call.answerHeaders).toEqual({ 'X-Agent': '12', 'VI-CallData': 'answer-data' });
    await expectAudioBothWays(bed);
    expectNothingEscaped(bed);
  });

  it('reject and decline: rejectCall with its busy flag and X-headers', async () => {
    const bed = await beds.open();
    const call = await incomingCall(bed);
    await bed.phone.evaluate(() => window.phone.reject({ 'X-Reject': 'busy' }));
    await bed.standIn.waitFor(() => call.state === 'rejected', 'the call rejected');
    expect(call.rejectedWithBusy).toBe(true);
    expect(call.endHeaders).toEqual({ 'X-Reject': 'busy' });
    await waitForLog(bed.phone, 'call Disconnected');
    const second = await bed.standIn.placeIncoming({ from: '+14155550101' });
    await bed.standIn.waitFor(() => second.frames.length > 0, 'the second call');
    await eventually(
      () => bed.phone.evaluate(() => window.phone.callState()),
      (state) => state === 'ALERTING',
    );
    await bed.phone.evaluate(() => window.phone.decline());
    await bed.standIn.waitFor(() => second.state === 'rejected', 'the second call declined');
    expect(second.rejectedWithBusy).toBe(false);
    expectNothingEscaped(bed);
  });

  it('the caller gives up on a ringing incoming call: Disconnected', async () => {
    const bed = await beds.open();
    const call = await incomingCall(bed);
    bed.standIn.hangup(call.id);
    await waitForLog(bed.phone, 'call Disconnected');
    expect(call.endedBy).toBe('stand-in');
  });

  it('DTMF: sendTone goes in the RTP (RFC 4733) and the far party hears the digits', async () => {
    const bed = await beds.open();
    const call = await outgoingCall(bed);
    await expectAudioBothWays(bed);
    await bed.phone.evaluate(() => window.phone.sendTone('1'));
    await bed.phone.evaluate(() => window.phone.sendTone('#'));
    await bed.standIn.waitFor(() => call.digits.length >= 2, 'two digits');
    expect(call.digits.map((digit) => `${digit.via}:${digit.digit}`)).toEqual(['rtp:1', 'rtp:#']);
    expect(bed.standIn.frames.filter((frame) => frame.name === 'sendDTMF')).toEqual([]);
    expectNothingEscaped(bed);
  });

  it('INFO both ways: sendSIPInfo with type, subtype, body and X-headers; handleSIPInfo → InfoReceived', async () => {
    const bed = await beds.open();
    const call = await outgoingCall(bed);
    await bed.phone.evaluate(() => window.phone.sendInfo('application/json', '{"a":1}', { 'X-Info': 'yes' }));
    await bed.standIn.waitFor(() => call.infos.length === 1, 'an INFO');
    expect(call.infos[0]).toMatchObject({ direction: 'in', mimeType: 'application/json', body: '{"a":1}', headers: { 'X-Info': 'yes' } });
    bed.standIn.sendInfo(call.id, 'text/plain', 'hello', { 'X-From': 'far' });
    expect(await waitForLog(bed.phone, 'call InfoReceived')).toBe('call InfoReceived text/plain "hello" {"X-From":"far"}');
    expectNothingEscaped(bed);
  });

  it('messages both ways: an INFO of application/zingaya-im, MessageReceived in the SDK', async () => {
    const bed = await beds.open();
    const call = await answeredIncomingCall(bed);
    await bed.phone.evaluate(() => window.phone.sendMessage('hi there'));
    await bed.standIn.waitFor(() => call.infos.length === 1, 'a message');
    expect(call.infos[0]).toMatchObject({ mimeType: 'application/zingaya-im', body: 'hi there' });
    bed.standIn.sendMessage(call.id, 'hello back');
    expect(await waitForLog(bed.phone, 'call onSendMessage')).toBe('call onSendMessage "hello back"');
    expectNothingEscaped(bed);
  });

  it('hold and unhold: setActive re-INVITEs (ReInvite → handleAcceptReinvite), audio stops and resumes', async () => {
    const bed = await beds.open();
    const call = await outgoingCall(bed);
    await expectAudioBothWays(bed);
    expect(await bed.phone.evaluate(() => window.phone.setActive(false))).toContain('"result":true');
    await bed.standIn.waitFor(() => call.reinvites === 1, 'the hold re-INVITE');
    expect(call.held).toBe(true);
    // The SDK applied the far side's answer (its `Updated` event) and the far side now only receives.
    expect(await waitForLog(bed.phone, 'call Updated')).toBe('call Updated true');
    expect(await bed.farPage.evaluate(() => window.far.sending())).toBe('recvonly');
    expect(await bed.phone.evaluate(() => window.phone.setActive(true))).toContain('"result":true');
    await bed.standIn.waitFor(() => call.reinvites === 2, 'the unhold re-INVITE');
    expect(call.held).toBe(false);
    expect(await bed.farPage.evaluate(() => window.far.sending())).toBe('sendrecv');
    await expectAudioBothWays(bed);
    expectNothingEscaped(bed);
  });

  it('socket drop: ConnectionClosed, the call fails 409; connect and login again on a new socket', async () => {
    const bed = await beds.open();
    const call = await outgoingCall(bed);
    bed.standIn.dropSocket();
    await waitForLog(bed.phone, 'client ConnectionClosed');
    expect(await waitForLog(bed.phone, 'call Failed')).toContain('call Failed 409');
    expect(call.state).toBe('failed');
    await bed.phone.evaluate(() => window.phone.log.splice(0));
    await bed.login();
    expect(bed.standIn.socketCount).toBe(2);
    await bed.phone.evaluate(() => window.phone.dial('+14155550123'));
    await waitForLog(bed.phone, 'call Connected');
    await expectAudioBothWays(bed);
    expectNothingEscaped(bed);
  });
});
