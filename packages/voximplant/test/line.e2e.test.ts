/**
 * The Voximplant line (`voximplant()` in a handset phone, the real voximplant-websdk 4.3 inside) in Chromium,
 * against the local stand-in with a far party that has real media. Each feature of issue #20 is a named test.
 */
import { describe, expect, it } from 'vitest';
import { TEST_USER } from '../src/stand-in/standIn';
import { eventually } from './harness/bed';
import { type LineBed, useLineBed, waitForLine } from './harness/lineBed';

const beds = useLineBed();

async function packets(bed: LineBed): Promise<{ far: number; phone: number }> {
  return {
    far: await bed.farPage.evaluate(() => window.far.inboundPackets()),
    phone: await bed.page.evaluate(() => window.line.packetsReceived()),
  };
}

async function expectAudioBothWays(bed: LineBed): Promise<void> {
  const before = await packets(bed);
  const after = await eventually(
    () => packets(bed),
    (now) => now.far > before.far + 20 && now.phone > before.phone + 20,
  );
  expect(after.far).toBeGreaterThan(before.far + 20);
  expect(after.phone).toBeGreaterThan(before.phone + 20);
}

/** An outgoing call connected by the far party; returns handset's call id and the stand-in's call. */
async function activeCall(bed: LineBed, options: Record<string, unknown> = {}) {
  await bed.connect();
  const id = await bed.page.evaluate((o) => window.line.call('+14155550123', o), options);
  await waitForLine(bed.page, `${id} state active`);
  const call = await bed.standIn.waitFor(() => bed.standIn.calls[0], 'the call');
  return { id, call };
}

async function incoming(bed: LineBed, spec: { headers?: Record<string, string>; customData?: string } = {}) {
  await bed.connect();
  const call = await bed.standIn.placeIncoming({ from: '+14155550100', displayName: 'Bob', ...spec });
  const shown = await waitForLine(bed.page, 'incoming ');
  const id = shown.split(' ')[1] as string;
  return { id, call, shown: JSON.parse(shown.slice(`incoming ${id} `.length)) };
}

const big = 'x'.repeat(8193);

describe('the Voximplant line with the real Web SDK', () => {
  it('login with a password: registered; a wrong password fails the registration with invalid-token 401', async () => {
    const bed = await beds.open();
    await bed.connect();
    expect(await bed.page.evaluate(() => window.line.registration())).toBe('registered');
    expect(await bed.page.evaluate(() => window.line.clientState())).toBe('LOGGED_IN');
    const other = await beds.open();
    expect(await other.create({ password: 'wrong' })).toBeNull();
    expect(await other.page.evaluate(() => window.line.connect())).toBe('invalid-token 401');
    expect(bed.escaped).toEqual([]);
  });

  it('bad options are refused before anything is sent (no credentials, two credentials)', async () => {
    const bed = await beds.open();
    expect(await bed.page.evaluate(() => window.line.create({ username: 'alice@a.b.voximplant.com' } as never))).toBe('invalid-option');
    expect(await bed.page.evaluate(() => window.line.create({ username: 'a@b', password: 'x', token: 'y' } as never))).toBe(
      'invalid-option',
    );
    expect(bed.standIn.socketCount).toBe(0);
  });

  it('login with a token, and with a one-time key (the hash made by the app server)', async () => {
    const bed = await beds.open();
    const tokens = bed.standIn.issueTokens(TEST_USER.username);
    await bed.connect({ token: tokens.accessToken });
    expect(await bed.page.evaluate(() => window.line.registration())).toBe('registered');
    expect(bed.standIn.frames.find((frame) => frame.name === 'login')?.params[2]).toMatchObject({ accessToken: tokens.accessToken });
    const other = await beds.open();
    await other.connect({ oneTimeKeyVia: 'node' });
    expect(other.standIn.frames.map((frame) => frame.name)).toEqual(
      expect.arrayContaining(['loginGenerateOneTimeKey', 'loginUsingOneTimeKey', 'loginSuccessful']),
    );
  });

  it('token refresh: tokenWillExpire before the expiry; the updated token logs in again after a socket drop', async () => {
    const bed = await beds.open();
    const first = bed.standIn.issueTokens(TEST_USER.username);
    await bed.connect({ token: first.accessToken, tokenExpiresAt: Date.now() + 61_000 });
    await waitForLine(bed.page, 'tokenWillExpire');
    const second = bed.standIn.issueTokens(TEST_USER.username);
    await bed.page.evaluate((token) => window.line.updateToken(token), second.accessToken);
    bed.standIn.dropSocket();
    await waitForLine(bed.page, 'registration reconnecting');
    await bed.standIn.waitFor(
      () => bed.standIn.frames.filter((frame) => frame.name === 'loginSuccessful').length === 2,
      'the second login',
    );
    const logins = bed.standIn.frames.filter((frame) => frame.name === 'login');
    expect(logins.map((frame) => (frame.params[2] as { accessToken?: string }).accessToken)).toEqual([
      first.accessToken,
      second.accessToken,
    ]);
    expect(bed.standIn.socketCount).toBe(2);
    await eventually(
      () => bed.page.evaluate(() => window.line.registration()),
      (state) => state === 'registered',
    );
    expect(await bed.page.evaluate(() => window.line.registration())).toBe('registered');
  });

  it('a second phone in the page takes the SDK over (a new socket and login); disposing the first leaves it logged in', async () => {
    const bed = await beds.open();
    await bed.connect();
    await bed.connect();
    expect(bed.standIn.socketCount).toBe(2);
    expect(bed.standIn.frames.filter((frame) => frame.name === 'loginSuccessful')).toHaveLength(2);
    await bed.page.evaluate(() => window.line.disposePrevious());
    expect(await bed.page.evaluate(() => window.line.clientState())).toBe('LOGGED_IN');
    expect(await bed.page.evaluate(() => window.line.registration())).toBe('registered');
    const id = await bed.page.evaluate(() => window.line.call('+14155550123'));
    await waitForLine(bed.page, `${id} state active`);
    expect(bed.standIn.socketCount).toBe(2);
  });

  it('outgoing call with customData and X-headers, connected with audio both ways', async () => {
    const bed = await beds.open();
    const { call } = await activeCall(bed, { customData: 'order=42', customHeaders: { 'X-Ticket': '7' } });
    expect(call.headers).toMatchObject({ 'X-Ticket': '7', 'VI-CallData': 'order=42' });
    await expectAudioBothWays(bed);
    expect(bed.escaped).toEqual([]);
  });

  it('customData over 200 bytes is refused before the wire', async () => {
    const bed = await beds.open();
    await bed.connect();
    expect(await bed.page.evaluate(() => window.line.tryCall('+14155550123', { customData: 'é'.repeat(101) }))).toBe(
      'threw custom-data-too-large',
    );
    expect(bed.standIn.frames.some((frame) => frame.name === 'createCall')).toBe(false);
  });

  it('incoming call: X-headers and customData reach the snapshot; answered with X-headers and audio both ways', async () => {
    const bed = await beds.open();
    const { id, call, shown } = await incoming(bed, { headers: { 'X-Campaign': 'spring' }, customData: 'vip' });
    expect(shown).toMatchObject({
      from: { number: '+14155550100', name: 'Bob' },
      headers: [{ name: 'X-Campaign', value: 'spring' }],
      customData: 'vip',
      ids: { callId: call.id },
    });
    // customData set on the ringing call rides on the answer (setCustomData from @handset/core/parity).
    await bed.page.evaluate((callId) => window.line.setCustomData(callId, 'answered-by=12'), id);
    await bed.page.evaluate((callId) => window.line.run(callId, 'accept', { customHeaders: { 'X-Agent': '12' } }), id);
    await waitForLine(bed.page, `${id} state active`);
    expect(call.answerHeaders).toEqual({ 'X-Agent': '12', 'VI-CallData': 'answered-by=12' });
    await expectAudioBothWays(bed);
  });

  it('reject with a code: 486 goes as reject (busy), 603 as decline, each with X-headers', async () => {
    const bed = await beds.open();
    const { id, call } = await incoming(bed);
    expect(await bed.page.evaluate((callId) => window.line.run(callId, 'reject', 486, { 'X-Why': 'busy' }), id)).toBeNull();
    await bed.standIn.waitFor(() => call.state === 'rejected', 'the call rejected');
    expect(call.rejectedWithBusy).toBe(true);
    expect(call.endHeaders).toEqual({ 'X-Why': 'busy' });
    const second = await bed.standIn.placeIncoming({ from: '+14155550101' });
    const secondId = await eventually(
      () => bed.page.evaluate(() => window.line.log.filter((entry) => entry.startsWith('incoming ')).length),
      (count) => count === 2,
    ).then(() => bed.page.evaluate(() => window.line.log.filter((entry) => entry.startsWith('incoming '))[1]?.split(' ')[1] ?? ''));
    await bed.page.evaluate((callId) => window.line.run(callId, 'reject', 603), secondId);
    await bed.standIn.waitFor(() => second.state === 'rejected', 'the second call declined');
    expect(second.rejectedWithBusy).toBe(false);
  });

  it("DTMF with pauses: '1p2#' reaches the far party in the RTP, the pause between 1 and 2", async () => {
    const bed = await beds.open();
    const { id, call } = await activeCall(bed);
    await bed.page.evaluate((callId) => window.line.run(callId, 'sendDigits', '1p2#'), id);
    await bed.standIn.waitFor(() => call.digits.length >= 3, 'three digits', 20_000);
    expect(call.digits.map((digit) => `${digit.via}:${digit.digit}`)).toEqual(['rtp:1', 'rtp:2', 'rtp:#']);
    const [one, two, hash] = call.digits;
    // Heard in the RTP, so each start is late by the far party's jitter buffer: the pause is the gap before 2
    // against the gap before #, which had none (a 500 ms pause; half of it is left as margin for that jitter,
    // which a loaded machine makes larger).
    const gap = (from?: { at: number }, to?: { at: number }) => (to?.at ?? 0) - (from?.at ?? 0);
    expect(gap(one, two)).toBeGreaterThanOrEqual(gap(two, hash) + 250);
  });

  it('INFO both ways with X-headers; a body over 8192 bytes is refused before the wire', async () => {
    const bed = await beds.open();
    const { id, call } = await activeCall(bed);
    await bed.page.evaluate((callId) => window.line.run(callId, 'sendInfo', 'application/json', '{"a":1}', { 'X-Info': 'yes' }), id);
    await bed.standIn.waitFor(() => call.infos.length === 1, 'an INFO');
    expect(call.infos[0]).toMatchObject({ mimeType: 'application/json', body: '{"a":1}', headers: { 'X-Info': 'yes' } });
    bed.standIn.sendInfo(call.id, 'text/plain', 'hello', { 'X-From': 'far' });
    expect(await waitForLine(bed.page, `${id} info`)).toBe(
      `${id} info {"mimeType":"text/plain","body":"hello","headers":[{"name":"X-From","value":"far"}]}`,
    );
    await bed.page.evaluate(([callId, body]) => window.line.run(callId, 'sendInfo', 'text/plain', body), [id, big] as const);
    expect(await waitForLine(bed.page, `${id} error invalid-message`)).toContain('8193 bytes');
    expect(bed.standIn.frames.filter((frame) => frame.name === 'sendSIPInfo' && frame.params[1] === 'text')).toEqual([]);
  });

  it('messages both ways; a message over 8192 bytes is refused before the wire', async () => {
    const bed = await beds.open();
    const { id, call } = await activeCall(bed);
    await bed.page.evaluate((callId) => window.line.run(callId, 'sendMessage', 'hi there'), id);
    await bed.standIn.waitFor(() => call.infos.length === 1, 'a message');
    expect(call.infos[0]).toMatchObject({ mimeType: 'application/zingaya-im', body: 'hi there' });
    bed.standIn.sendMessage(call.id, 'hello back');
    expect(await waitForLine(bed.page, `${id} message`)).toContain('"content":"hello back"');
    await bed.page.evaluate(([callId, body]) => window.line.run(callId, 'sendMessage', body), [id, big] as const);
    await waitForLine(bed.page, `${id} error invalid-message`);
    expect(call.infos.filter((info) => info.direction === 'in')).toHaveLength(1);
  });

  it("mute and unmute: the far party hears silence (packets go on), then the fake microphone's beeps again", async () => {
    const bed = await beds.open();
    const { id } = await activeCall(bed);
    const far = <T>(read: () => T) => bed.farPage.evaluate(read);
    /** The loudest sample heard until the far party has received `packets` packets in all. */
    const loudest = async (packets: number) => {
      let peak = 0;
      const heard = await eventually(
        async () => {
          peak = Math.max(peak, await far(() => window.far.takePeak()));
          return far(() => window.far.inboundPackets());
        },
        (now) => now > packets,
        20_000,
      );
      return { peak, packets: heard };
    };
    // Before: the beeps arrive.
    expect(
      (await eventually(
        () => far(() => window.far.takePeak()),
        (peak) => peak > 0.05,
      )) > 0.05,
    ).toBe(true);

    expect(await bed.page.evaluate((i) => window.line.run(i, 'mute', true), id)).toBeNull();
    await waitForLine(bed.page, `${id} mute true`);
    expect(await bed.page.evaluate((i) => window.line.snapshot(i)?.muted, id)).toBe(true);
    // The SDK disables the track: packets go on, carrying silence. 150 packets (3 s) span several beeps; the
    // first 50 let the switch to silence reach the far side.
    await loudest((await far(() => window.far.inboundPackets())) + 50);
    const start = await far(() => window.far.inboundPackets());
    const muted = await loudest(start + 150);
    expect(muted.packets).toBeGreaterThan(start + 150);
    expect(muted.peak).toBeLessThan(0.01);

    expect(await bed.page.evaluate((i) => window.line.run(i, 'mute', false), id)).toBeNull();
    await waitForLine(bed.page, `${id} mute false`);
    expect(
      (await eventually(
        () => far(() => window.far.takePeak()),
        (peak) => peak > 0.05,
      )) > 0.05,
    ).toBe(true);
  });

  it('hang up from the far side with X-headers: ended hangup by remote, headers on the end', async () => {
    const bed = await beds.open();
    const { id, call } = await activeCall(bed);
    bed.standIn.hangup(call.id, { 'X-Bye': 'far' });
    expect(await waitForLine(bed.page, `${id} ended`)).toBe(`${id} ended hangup remote [{"name":"X-Bye","value":"far"}]`);
  });

  it('hang up from the client with X-headers', async () => {
    const bed = await beds.open();
    const { id, call } = await activeCall(bed);
    await bed.page.evaluate((callId) => window.line.run(callId, 'hangup', { 'X-Reason': 'done' }), id);
    await bed.standIn.waitFor(() => call.state === 'ended', 'the hang-up');
    expect(call.endHeaders).toEqual({ 'X-Reason': 'done' });
    expect(await waitForLine(bed.page, `${id} ended`)).toBe(`${id} ended hangup local`);
  });

  it("a failed call: the SDK's code on a typed call-failed error, and the call ends failed", async () => {
    const bed = await beds.open({ outgoing: 'ring' });
    await bed.connect();
    const id = await bed.page.evaluate(() => window.line.call('+14155550199'));
    const call = await bed.standIn.waitFor(() => bed.standIn.calls[0], 'the call');
    bed.standIn.fail(call.id, 502, 'Bad Gateway');
    expect(await waitForLine(bed.page, `${id} error`)).toBe(`${id} error call-failed 502 Voximplant 502: Bad Gateway`);
    expect(await waitForLine(bed.page, `${id} ended`)).toBe(`${id} ended failed remote 502`);
  });

  it('socket drop mid-call: the call ends by the network, the line logs in again and calls again', async () => {
    const bed = await beds.open();
    const { id } = await activeCall(bed);
    bed.standIn.dropSocket();
    expect(await waitForLine(bed.page, `${id} ended`)).toBe(`${id} ended network remote`);
    await bed.standIn.waitFor(
      () => bed.standIn.frames.filter((frame) => frame.name === 'loginSuccessful').length === 2,
      'the second login',
    );
    await eventually(
      () => bed.page.evaluate(() => window.line.registration()),
      (state) => state === 'registered',
    );
    const again = await bed.page.evaluate(() => window.line.call('+14155550123'));
    await waitForLine(bed.page, `${again} state active`);
    await expectAudioBothWays(bed);
  });
});
