/**
 * `@handset/twilio`: a handset phone on the Twilio line, with the real @twilio/voice-sdk 2.18 inside, in
 * Chromium, against the local stand-in of Twilio's signalling (packages/twilio/src/stand-in) and a far party
 * with real media in a second page. Every test also checks that nothing tried to leave the machine.
 */
import { describe, expect, it } from 'vitest';
import type { StandInCall } from '../src/stand-in/calls';
import { testToken } from '../src/stand-in/token';
import { eventually } from './harness/bed';
import { linesOf, useLineBed, waitForLine } from './harness/lineBed';
import { expectAudioBothWays, expectNothingEscaped, incomingCall, outgoingCall } from './harness/lineCalls';

const beds = useLineBed();

describe('the Twilio line on the real Voice SDK, against the stand-in', () => {
  it('register: connect() registers the Device (listen → connected, register → ready)', async () => {
    const bed = await beds.open();
    await bed.connect();
    expect(await bed.page.evaluate(() => window.line.registration())).toBe('registered');
    const types = bed.standIn.frames.map((frame) => `${frame.direction} ${frame.type}`);
    expect(types.slice(0, 4)).toEqual(['in listen', 'out connected', 'in register', 'out ready']);
    const caps = await bed.page.evaluate(() => window.line.capabilities());
    expect(caps).toMatchObject({ media: 'line', sounds: 'kit', tokens: true, registrationRequired: false, hold: false });
    expect(caps).toMatchObject({ messages: true, feedback: true, info: false, recovery: false, dtmf: ['rfc4733'] });
    expectNothingEscaped(bed);
  });

  it('outgoing call: active, TwiML params and CallSid, audio both ways (packets and levels)', async () => {
    const bed = await beds.open();
    const { id, call } = await outgoingCall(bed, { parameters: { Ticket: '7 & up' } });
    expect(call.params).toEqual({ Ticket: '7 & up', To: '+14155550123' });
    const snapshot = await bed.page.evaluate((callId) => window.line.snapshot(callId), id);
    expect(snapshot?.providerIds).toEqual({ CallSid: call.callSid });
    await expectAudioBothWays(bed, id);
    // The SDK's volume events, as the levels signal: the phone hears the fake microphone and the far party.
    const heard = await eventually(
      () => bed.page.evaluate(() => window.line.counts.heardLevels),
      (count) => count > 0,
    );
    expect(heard).toBeGreaterThan(0);
    // The store's quality slice (what useCallQuality and QualityIndicator read), from the SDK's samples.
    const quality = await eventually(
      () => bed.page.evaluate((callId) => window.line.quality(callId), id),
      (q) => (q?.mos ?? 0) > 1,
    );
    expect(quality?.sample?.codecName.toLowerCase()).toBe('pcmu');
    expect(quality?.mos).toBeGreaterThan(1);
    expect(quality?.level).not.toBeNull();
    expectNothingEscaped(bed);
  });

  it('incoming call: custom parameters, caller info, To and CallSid on the handset call; accepted with audio', async () => {
    const bed = await beds.open();
    await bed.connect();
    const call = await bed.standIn.placeIncoming({
      from: '+14155550100',
      to: 'client:alice',
      parameters: { Ticket: '7 & up', Lang: 'fr' },
      callerInfo: { stirStatus: 'TN-Validation-Passed-A' },
    });
    const shown = await waitForLine(bed.page, 'incoming ');
    const [, id, json] = shown.match(/^incoming (\S+) (.*)$/) ?? [];
    expect(JSON.parse(json as string)).toEqual({
      from: '+14155550100',
      to: 'client:alice',
      custom: { Ticket: '7 & up', Lang: 'fr' },
      callerInfo: { isVerified: true },
      ids: { CallSid: call.callSid },
    });
    await bed.page.evaluate((callId) => window.line.accept(callId), id as string);
    await waitForLine(bed.page, `${id} state active`);
    await bed.standIn.waitFor(() => call.state === 'answered', 'the answer');
    await expectAudioBothWays(bed, id as string);
    expectNothingEscaped(bed);
  });

  it('reject: the stand-in hears reject; the call ends rejected by local', async () => {
    const bed = await beds.open();
    const { id, call } = await incomingCall(bed);
    await bed.page.evaluate((callId) => window.line.reject(callId), id);
    await bed.standIn.waitFor(() => call.state === 'rejected', 'the reject');
    // Twilio's reject carries no SIP code; the 486 is the core's default for a local reject.
    expect(await waitForLine(bed.page, `${id} ended`)).toMatch(new RegExp(`^${id} ended rejected local`));
    expectNothingEscaped(bed);
  });

  it('ignore: the call ends ignored here and the stand-in hears nothing', async () => {
    const bed = await beds.open();
    const { id, call } = await incomingCall(bed);
    await bed.page.evaluate((callId) => window.line.ignore(callId), id);
    expect(await waitForLine(bed.page, `${id} ended`)).toBe(`${id} ended ignored local`);
    // A later frame on the same socket (a token update re-sends `listen`) proves nothing came before it.
    const since = bed.standIn.frames.length;
    await bed.page.evaluate((token) => window.line.updateToken(token), testToken({ identity: 'alice' }));
    await bed.standIn.waitForFrame('listen', { since });
    expect(call.frames.filter((frame) => frame.direction === 'in')).toEqual([]);
    expect(call.state).toBe('ringing');
    expectNothingEscaped(bed);
  });

  it('cancel before answer: by the caller (incoming ends cancelled remote) and by us (outgoing ringing)', async () => {
    const bed = await beds.open({ outgoing: 'ring' });
    const { id, call } = await incomingCall(bed);
    bed.standIn.cancel(call.callSid);
    expect(await waitForLine(bed.page, `${id} ended`)).toBe(`${id} ended cancelled remote`);
    const out = await bed.page.evaluate(() => window.line.call('+14155550123'));
    await waitForLine(bed.page, `${out} state ringing`);
    const ringing = bed.standIn.calls[1] as StandInCall;
    await bed.page.evaluate((callId) => window.line.hangup(callId), out);
    await bed.standIn.waitFor(() => ringing.state === 'canceled', 'the cancel');
    expect(await waitForLine(bed.page, `${out} ended`)).toBe(`${out} ended cancelled local`);
    expectNothingEscaped(bed);
  });

  it('DTMF: sendDigits of 1w2# reaches the stand-in in order, in the media, with the pause', async () => {
    const bed = await beds.open();
    const { id, call } = await outgoingCall(bed);
    await bed.page.evaluate((callId) => window.line.sendDigits(callId, '1w2#'), id);
    const digits = await bed.standIn.waitFor(() => call.digits.length >= 3 && call.digits, 'three digits');
    expect(digits.map((event) => `${event.digit} ${event.via}`)).toEqual(['1 rtp', '2 rtp', '# rtp']);
    // `w` is a 500 ms pause in the core's sequencing: the gap before 2 is at least that (RTP adds, never removes).
    expect((digits[1]?.at ?? 0) - (digits[0]?.at ?? 0)).toBeGreaterThanOrEqual(450);
    expectNothingEscaped(bed);
  });

  it('messages both ways: sendMessage → messageSent on the ack; the stand-in message → messageReceived', async () => {
    const bed = await beds.open();
    const { id, call } = await outgoingCall(bed);
    await bed.page.evaluate((callId) => window.line.sendMessage(callId, { hello: 'stand-in' }), id);
    const sent = await waitForLine(bed.page, `${id} messageSent`);
    expect(call.messages[0]).toMatchObject({ direction: 'in', content: { hello: 'stand-in' }, messageType: 'user-defined-message' });
    expect(sent).toContain(call.messages[0]?.voiceEventSid as string);
    const sid = bed.standIn.sendMessage(call.callSid, { hi: 'phone' });
    const received = JSON.parse((await waitForLine(bed.page, `${id} messageReceived `)).slice(`${id} messageReceived `.length));
    expect(received).toEqual({ content: { hi: 'phone' }, contentType: 'application/json', messageType: 'user-defined-message', id: sid });
    expectNothingEscaped(bed);
  });

  it('mute: the SDK stops sending audio (levels go to 0) and resumes on unmute', async () => {
    const bed = await beds.open();
    const { id } = await outgoingCall(bed);
    await eventually(
      () => bed.page.evaluate((callId) => window.line.quality(callId)?.sample?.audioInputLevel ?? 0, id),
      (level) => level > 0,
    );
    await bed.page.evaluate((callId) => window.line.mute(callId, true), id);
    expect((await bed.page.evaluate((callId) => window.line.snapshot(callId), id))?.muted).toBe(true);
    const muted = await eventually(
      () => bed.page.evaluate((callId) => window.line.quality(callId)?.sample?.audioInputLevel ?? -1, id),
      (level) => level === 0,
    );
    expect(muted).toBe(0);
    await bed.page.evaluate((callId) => window.line.mute(callId, false), id);
    const unmuted = await eventually(
      () => bed.page.evaluate((callId) => window.line.quality(callId)?.sample?.audioInputLevel ?? 0, id),
      (level) => level > 0,
    );
    expect(unmuted).toBeGreaterThan(0);
    expectNothingEscaped(bed);
  });

  it('hang up from either side: ours ends hangup local (stand-in hears hangup); theirs ends hangup remote', async () => {
    const bed = await beds.open();
    const first = await outgoingCall(bed);
    await bed.page.evaluate((callId) => window.line.hangup(callId), first.id);
    await bed.standIn.waitFor(() => first.call.state === 'ended', 'our hangup');
    expect(first.call.endedBy).toBe('client');
    expect(await waitForLine(bed.page, `${first.id} ended`)).toBe(`${first.id} ended hangup local`);
    const second = await bed.page.evaluate(() => window.line.call('+14155550123'));
    await waitForLine(bed.page, `${second} state active`);
    const call = bed.standIn.calls[1] as StandInCall;
    bed.standIn.hangup(call.callSid);
    expect(await waitForLine(bed.page, `${second} ended`)).toBe(`${second} ended hangup remote`);
    expectNothingEscaped(bed);
  });

  it('token: tokenWillExpire reaches the phone; updateToken() mid-call re-sends listen and audio keeps flowing', async () => {
    const bed = await beds.open();
    // A 40 s token with a 35 s refresh margin: the SDK warns about 5 s after connecting.
    const { id, call } = await outgoingCall(
      bed,
      {},
      {
        token: testToken({ identity: 'alice', ttlSecs: 40 }),
        sdkOptions: { tokenRefreshMs: 35_000 },
      },
    );
    await waitForLine(bed.page, 'tokenWillExpire future');
    const since = bed.standIn.frames.length;
    const fresh = testToken({ identity: 'alice', ttlSecs: 3600 });
    await bed.page.evaluate((token) => window.line.updateToken(token), fresh);
    const listen = await bed.standIn.waitForFrame('listen', { since });
    expect(listen.payload.token).toBe(fresh);
    // The `connected` that answers it makes the call re-invite with its reconnect token; the call stays up.
    await bed.standIn.waitFor(() => call.reconnects === 1, 'the re-invite');
    await expectAudioBothWays(bed, id);
    expect((await bed.page.evaluate((callId) => window.line.snapshot(callId), id))?.state).toBe('active');
    expect(await linesOf(bed.page, `${id} ended`)).toEqual([]);
    expectNothingEscaped(bed);
  });

  it('signalling socket drop: the call goes reconnecting (53001) then reconnected, and audio flows on', async () => {
    const bed = await beds.open();
    const { id, call } = await outgoingCall(bed);
    bed.standIn.dropSocket();
    expect(await waitForLine(bed.page, `${id} reconnecting`)).toBe(`${id} reconnecting 53001`);
    await waitForLine(bed.page, `${id} reconnected`, 30_000);
    await waitForLine(bed.page, `${id} state active`);
    expect(call.reconnects).toBeGreaterThanOrEqual(1);
    await expectAudioBothWays(bed, id);
    expectNothingEscaped(bed);
  });

  it('ICE failure: the far party network goes; Twilio reconnect (ICE restart reinvite) brings the call back with audio', async () => {
    const bed = await beds.open();
    const { id, call } = await outgoingCall(bed);
    await bed.farPage.evaluate(() => window.far.drop());
    // Chromium declares ICE failed once consent checks go unanswered (about 30 s); the SDK then restarts ICE.
    expect(await waitForLine(bed.page, `${id} reconnecting`, 90_000)).toBe(`${id} reconnecting 53405`);
    await waitForLine(bed.page, `${id} reconnected`, 60_000);
    expect(call.iceRestarts).toBeGreaterThanOrEqual(1);
    await expectAudioBothWays(bed, id);
    expect(await linesOf(bed.page, `${id} ended`)).toEqual([]);
    expectNothingEscaped(bed);
  }, 180_000);

  it('a stand-in error frame: a typed error that keeps Twilio code and message (31005 → call-failed on the call, 31000 on a ringing call, 20104 → token-expired)', async () => {
    const bed = await beds.open();
    const { id, call } = await outgoingCall(bed);
    bed.standIn.hangup(call.callSid, { code: 31005, message: 'Gateway gave up' });
    const error = await waitForLine(bed.page, `${id} error`);
    expect(error).toMatch(new RegExp(`^${id} error call-failed 31005 Twilio 31005: .*`));
    expect(await waitForLine(bed.page, `${id} ended`)).toBe(`${id} ended network remote`);
    // On a ringing incoming call the Device names the call: the error lands on it.
    const incoming = await bed.standIn.placeIncoming({ from: '+14155550100' });
    const ringing = (await waitForLine(bed.page, 'incoming ')).split(' ')[1] as string;
    bed.standIn.sendError(31000, 'Something broke', { callSid: incoming.callSid });
    expect(await waitForLine(bed.page, `${ringing} error`)).toMatch(new RegExp(`^${ringing} error call-failed 31000 Twilio 31000: `));
    bed.standIn.sendError(20104, 'JWT token expired');
    expect(await waitForLine(bed.page, 'phone error')).toBe('phone error token-expired 20104');
    expectNothingEscaped(bed);
  });

  it('feedback: postFeedback(call, 4, echo) from @handset/core/parity reaches Twilio Insights', async () => {
    const bed = await beds.open();
    const { id, call } = await outgoingCall(bed);
    await bed.page.evaluate((callId) => window.line.hangup(callId), id);
    await waitForLine(bed.page, `${id} ended`);
    await bed.page.evaluate((callId) => window.line.postFeedback(callId, 4, 'echo'), id);
    const feedback = await bed.standIn.waitFor(() => bed.standIn.feedback[0], 'the feedback');
    expect(feedback.payload).toMatchObject({ quality_score: 4, issue_name: 'echo', call_sid: call.callSid });
    expectNothingEscaped(bed);
  });

  it('hold: without a hold action it is refused unsupported; with the app server action it calls it with the CallSid', async () => {
    const bed = await beds.open();
    const plain = await outgoingCall(bed);
    expect(await bed.page.evaluate((callId) => window.line.hold(callId), plain.id)).toBe('unsupported');
    await bed.page.evaluate(() => window.line.dispose());
    await bed.connect({ holdAction: 'ok' });
    const held = await bed.page.evaluate(() => window.line.call('+14155550123'));
    await waitForLine(bed.page, `${held} state active`);
    const call = bed.standIn.calls.at(-1) as StandInCall;
    expect(await bed.page.evaluate((callId) => window.line.hold(callId), held)).toBeNull();
    await waitForLine(bed.page, `${held} state held`);
    await bed.page.evaluate((callId) => window.line.unhold(callId), held);
    await waitForLine(bed.page, `${held} unhold local`);
    expect(await bed.page.evaluate(() => window.line.holds)).toEqual([
      [call.callSid, true],
      [call.callSid, false],
    ]);
    expectNothingEscaped(bed);
  });

  it('hold: a failing app hold action is reported and the call goes back to active', async () => {
    const bed = await beds.open();
    await bed.connect({ holdAction: 'fail' });
    const id = await bed.page.evaluate(() => window.line.call('+14155550123'));
    await waitForLine(bed.page, `${id} state active`);
    await bed.page.evaluate((callId) => window.line.hold(callId), id);
    await waitForLine(bed.page, `${id} unhold local`);
    expect((await bed.page.evaluate((callId) => window.line.snapshot(callId), id))?.state).toBe('active');
    expectNothingEscaped(bed);
  });

  it('devices: line.devices.select() applies microphone, speaker and ringtone through device.audio', async () => {
    const bed = await beds.open();
    await bed.connect();
    // The SDK refuses a device it has not listed yet (it enumerates them once the Device is made).
    await eventually(
      () => bed.page.evaluate(() => window.line.audioDevicesListed()),
      (listed) => listed.inputs > 0 && listed.outputs > 0,
    );
    for (const kind of ['microphone', 'speaker', 'ringtone'] as const) {
      await bed.page.evaluate((k) => window.line.selectDevice(k, 'default'), kind);
    }
    const chosen = await bed.page.evaluate(() => window.line.audioChoices());
    expect(chosen).toEqual({ input: 'default', speaker: ['default'], ringtone: ['default'] });
    expectNothingEscaped(bed);
  });

  it("sounds: one set: 'kit' silences Twilio's (no sound file fetched); 'line' lets the SDK load its own", async () => {
    const bed = await beds.open();
    await bed.connect({ sounds: 'kit' });
    const incoming = await bed.standIn.placeIncoming({ from: '+14155550100' });
    await waitForLine(bed.page, 'incoming ');
    bed.standIn.cancel(incoming.callSid);
    expect((await bed.page.evaluate(() => window.line.capabilities())).sounds).toBe('kit');
    expect(bed.escaped).toEqual([]);
    await bed.page.evaluate(() => window.line.dispose());
    await bed.connect({ sounds: 'line' });
    expect((await bed.page.evaluate(() => window.line.capabilities())).sounds).toBe('line');
    // Twilio's own sound files (stopped by the bed's guard: nothing may leave the machine).
    const fetched = await eventually(
      async () => bed.escaped.filter((url) => /twilio|twiliocdn/.test(url)),
      (urls) => urls.length > 0,
    );
    expect(fetched.length).toBeGreaterThan(0);
  });

  it('bad input: a missing, malformed or expired token is a typed error and no socket is opened', async () => {
    const bed = await beds.open();
    expect(await bed.create({ token: '' })).toBe('invalid-token');
    expect(await bed.create({ token: 'not.a-jwt' })).toBe('invalid-token');
    expect(await bed.create({ token: testToken({ identity: 'alice', ttlSecs: -60 }) })).toBe('token-expired 20104');
    expect(bed.standIn.socketCount).toBe(0);
    expectNothingEscaped(bed);
  });
});
