/**
 * The Twilio stand-in proven with the real @twilio/voice-sdk 2.18 in Chromium: the SDK's Device
 * dials `wss://stand-in.twilio.test/signal` (answered by Playwright's routeWebSocket, no TLS) and
 * the far party is a plain RTCPeerConnection with the fake microphone in a second page, so audio
 * flows both ways for real. Every test also checks that nothing tried to leave the machine.
 */
import { describe, expect, it } from 'vitest';
import type { StandInCall } from '../src/stand-in/calls';
import { testToken } from '../src/stand-in/token';
import { type Bed, eventually, logLines, useBed, waitForLog } from './harness/bed';

const beds = useBed();

/** Packets each side has received so far: the far party's getStats, and the SDK's own `sample` totals. */
async function packets(bed: Bed): Promise<{ far: number; phone: number }> {
  const far = await bed.farPage.evaluate(() => window.far.inboundPackets());
  const phone = (await bed.phone.evaluate(() => window.phone.sample()))?.packetsReceived ?? 0;
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

/** An outgoing call from the SDK, answered by the stand-in's far party. */
async function outgoingCall(bed: Bed, params: Record<string, string> = { To: '+14155550123' }): Promise<StandInCall> {
  await bed.register();
  await bed.phone.evaluate((p) => window.phone.dial(p), params);
  await waitForLog(bed.phone, 'call accept');
  const call = bed.standIn.calls[0];
  if (!call) throw new Error('the stand-in saw no call');
  return call;
}

/** An incoming call placed by the stand-in and shown by the SDK (not answered yet). */
async function incomingCall(bed: Bed): Promise<StandInCall> {
  await bed.register();
  const call = await bed.standIn.placeIncoming({ from: '+14155550100' });
  await waitForLog(bed.phone, 'device incoming');
  return call;
}

/** Nothing tried to leave the machine; with publishEvents: false (the default here), not even Insights. */
function expectNothingEscaped(bed: Bed, insights = false): void {
  expect(bed.escaped).toEqual([]);
  if (!insights) expect(bed.standIn.insights).toEqual([]);
}

describe('Twilio stand-in with the real Voice SDK', () => {
  it('register → registered (listen → connected with identity, register → ready)', async () => {
    const bed = await beds.open();
    await bed.register({ identity: 'alice' });
    expect(await bed.phone.evaluate(() => window.phone.identity())).toBe('alice');
    const types = bed.standIn.frames.map((frame) => `${frame.direction} ${frame.type}`);
    expect(types.slice(0, 4)).toEqual(['in listen', 'out connected', 'in register', 'out ready']);
    expect(bed.standIn.frames[2]?.payload).toEqual({ media: { audio: true } });
    expectNothingEscaped(bed);
  });

  it('outgoing call accepted, with TwiML params and audio both ways', async () => {
    const bed = await beds.open();
    const call = await outgoingCall(bed, { To: '+14155550123', Account: '42 & more' });
    expect(call.direction).toBe('outgoing');
    expect(call.state).toBe('answered');
    expect(call.params).toEqual({ To: '+14155550123', Account: '42 & more' });
    // The SDK learnt the CallSid the stand-in assigned (from `ringing`).
    expect(await waitForLog(bed.phone, 'call ringing')).toContain(call.callSid);
    expect(await waitForLog(bed.phone, 'call accept')).toContain(call.callSid);
    await expectAudioBothWays(bed);
    // The SDK's `volume` events hear both the fake microphone and the far party.
    const heard = await eventually(
      () => bed.phone.evaluate(() => window.phone.volumes.filter(([input, output]) => input > 0 && output > 0).length),
      (count) => count > 0,
    );
    expect(heard).toBeGreaterThan(0);
    expectNothingEscaped(bed);
  });

  it('incoming call: custom parameters and caller info read by the SDK, accepted with audio', async () => {
    const bed = await beds.open();
    await bed.register({ identity: 'alice' });
    const call = await bed.standIn.placeIncoming({
      from: '+14155550100',
      to: 'client:alice',
      parameters: { Ticket: '7 & up', Lang: 'fr' },
      callerInfo: { stirStatus: 'TN-Validation-Passed-A' },
    });
    const shown = JSON.parse((await waitForLog(bed.phone, 'device incoming')).slice('device incoming '.length));
    expect(shown).toEqual({
      callSid: call.callSid,
      from: '+14155550100',
      to: 'client:alice',
      custom: { Ticket: '7 & up', Lang: 'fr' },
      callerInfo: { isVerified: true },
    });
    await bed.phone.evaluate(() => window.phone.accept());
    await waitForLog(bed.phone, 'call accept');
    await bed.standIn.waitFor(() => call.state === 'answered', 'the call answered');
    await expectAudioBothWays(bed);
    expectNothingEscaped(bed);
  });

  it('reject: the SDK sends reject, the call ends rejected', async () => {
    const bed = await beds.open();
    const call = await incomingCall(bed);
    await bed.phone.evaluate(() => window.phone.reject());
    await bed.standIn.waitFor(() => call.state === 'rejected', 'the call rejected');
    expect(call.endedBy).toBe('client');
    expect(await bed.phone.evaluate(() => window.phone.status())).toBe('closed');
    expectNothingEscaped(bed);
  });

  it('ignore: the SDK closes the call locally and tells the stand-in nothing', async () => {
    const bed = await beds.open();
    const call = await incomingCall(bed);
    await bed.phone.evaluate(() => window.phone.ignore());
    expect(await bed.phone.evaluate(() => window.phone.status())).toBe('closed');
    // A later frame on the same socket (updateToken re-sends `listen`) proves nothing came before it.
    const since = bed.standIn.frames.length;
    await bed.phone.evaluate((token) => window.phone.updateToken(token), testToken({ identity: 'alice' }));
    await bed.standIn.waitForFrame('listen', { since });
    expect(call.frames.filter((frame) => frame.direction === 'in')).toEqual([]);
    expect(call.state).toBe('ringing');
    // The caller gives up later, as Twilio would after the ring timeout.
    bed.standIn.cancel(call.callSid);
    expect(call.state).toBe('canceled');
    expectNothingEscaped(bed);
  });

  it('cancel before answer, by the caller: the SDK emits cancel and drops the call', async () => {
    const bed = await beds.open();
    const call = await incomingCall(bed);
    bed.standIn.cancel(call.callSid);
    await waitForLog(bed.phone, 'call cancel');
    expect(await bed.phone.evaluate(() => window.phone.pendingCalls())).toBe(0);
    expect(call.endedBy).toBe('stand-in');
    expectNothingEscaped(bed);
  });

  it('cancel before answer, by the SDK: hanging up a ringing outgoing call cancels it', async () => {
    const bed = await beds.open({ outgoing: 'ring' });
    await bed.register();
    await bed.phone.evaluate(() => window.phone.dial({ To: '+14155550123' }));
    await waitForLog(bed.phone, 'call ringing');
    const call = bed.standIn.calls[0] as StandInCall;
    await bed.phone.evaluate(() => window.phone.hangup());
    await bed.standIn.waitFor(() => call.state === 'canceled', 'the call canceled');
    expect(call.endedBy).toBe('client');
    expect(call.frames.find((frame) => frame.type === 'hangup')?.payload.callsid).toBe(call.callSid);
    await expect(bed.standIn.answer(call.callSid)).rejects.toThrow(/not an outgoing call ringing/);
    expectNothingEscaped(bed);
  });

  it('DTMF 1w2 arrives in order, with the pause, in the media (RFC 4733, as against Twilio)', async () => {
    const bed = await beds.open();
    const call = await outgoingCall(bed);
    await bed.phone.evaluate(() => window.phone.sendDigits('1w2'));
    const digits = await bed.standIn.waitFor(() => call.digits.length >= 2 && call.digits, 'two digits');
    expect(digits.map((event) => `${event.digit} ${event.via}`)).toEqual(['1 rtp', '2 rtp']);
    // The SDK inserts the second digit 500 ms after the first; RTP timing adds jitter, not less.
    expect((digits[1]?.at ?? 0) - (digits[0]?.at ?? 0)).toBeGreaterThanOrEqual(400);
    expect(call.frames.filter((frame) => frame.type === 'dtmf')).toEqual([]);
    expectNothingEscaped(bed);
  });

  it('DTMF 1w2 over the socket when the far party has no telephone-event', async () => {
    const bed = await beds.open({ telephoneEvent: false });
    const call = await outgoingCall(bed);
    await bed.phone.evaluate(() => window.phone.sendDigits('1w2'));
    const digits = await bed.standIn.waitFor(() => call.digits.length >= 2 && call.digits, 'two digits');
    expect(digits.map((event) => `${event.digit} ${event.via}`)).toEqual(['1 signalling', '2 signalling']);
    expect((digits[1]?.at ?? 0) - (digits[0]?.at ?? 0)).toBe(500);
    // The SDK sends the whole string, pauses included, as one `dtmf` frame.
    expect(call.frames.filter((frame) => frame.type === 'dtmf').map((frame) => frame.payload.dtmf)).toEqual(['1w2']);
    expectNothingEscaped(bed);
  });

  it('messages both ways, with the ack behind messageSent', async () => {
    const bed = await beds.open();
    const call = await outgoingCall(bed);
    const sent = await bed.phone.evaluate(() => window.phone.sendMessage({ hello: 'stand-in' }));
    expect(await waitForLog(bed.phone, 'call messageSent')).toBe(`call messageSent ${sent}`);
    expect(call.messages[0]).toMatchObject({
      direction: 'in',
      content: { hello: 'stand-in' },
      messageType: 'user-defined-message',
      contentType: 'application/json',
      voiceEventSid: sent,
    });
    expect(call.frames.find((frame) => frame.type === 'ack')?.payload).toEqual({
      acktype: 'message',
      callsid: call.callSid,
      voiceeventsid: sent,
    });
    bed.standIn.sendMessage(call.callSid, { hi: 'phone' });
    expect(await waitForLog(bed.phone, 'call messageReceived')).toBe('call messageReceived user-defined-message {"hi":"phone"}');
    expectNothingEscaped(bed);
  });

  it('hang up from the SDK', async () => {
    const bed = await beds.open();
    const call = await outgoingCall(bed);
    await bed.phone.evaluate(() => window.phone.hangup());
    await bed.standIn.waitFor(() => call.state === 'ended', 'the call ended');
    expect(call.endedBy).toBe('client');
    await waitForLog(bed.phone, 'call disconnect');
    expectNothingEscaped(bed);
  });

  it('hang up from the far side', async () => {
    const bed = await beds.open();
    const call = await outgoingCall(bed);
    bed.standIn.hangup(call.callSid);
    await waitForLog(bed.phone, 'call disconnect');
    expect(call.state).toBe('ended');
    expect(call.endedBy).toBe('stand-in');
    expect(await bed.phone.evaluate(() => window.phone.status())).toBe('closed');
    expectNothingEscaped(bed);
  });

  it('tokenWillExpire, then device.updateToken() mid-call: listen again, the call resumes, audio still flows', async () => {
    const bed = await beds.open();
    // ttl 15 s and a 14 s refresh margin: tokenWillExpire about a second after `connected`.
    await bed.register({ ttlSecs: 15, tokenRefreshMs: 14_000 });
    await waitForLog(bed.phone, 'device tokenWillExpire');
    await bed.phone.evaluate(() => window.phone.dial({ To: '+14155550123' }));
    await waitForLog(bed.phone, 'call accept');
    const call = bed.standIn.calls[0] as StandInCall;
    const fresh = testToken({ identity: 'alice', ttlSecs: 3600 });
    const since = bed.standIn.frames.length;
    await bed.phone.evaluate((token) => window.phone.updateToken(token), fresh);
    const listen = await bed.standIn.waitForFrame('listen', { since });
    expect(listen.payload.token).toBe(fresh);
    // `connected` again makes the SDK re-offer the call with its reconnect token; the stand-in resumes it.
    await bed.standIn.waitFor(() => call.reconnects === 1, 'the call reconnected');
    expect(await bed.phone.evaluate(() => window.phone.status())).toBe('open');
    await expectAudioBothWays(bed);
    expect(await logLines(bed.phone, 'error')).toEqual([]);
    expectNothingEscaped(bed);
  });

  it('socket drop: the SDK reconnects, re-registers and resumes the call', async () => {
    const bed = await beds.open();
    const call = await outgoingCall(bed);
    bed.standIn.dropSocket();
    expect(await waitForLog(bed.phone, 'call reconnecting')).toBe('call reconnecting 53001');
    await waitForLog(bed.phone, 'call reconnected');
    expect(bed.standIn.socketCount).toBe(2);
    expect(call.reconnects).toBe(1);
    expect(call.socket).toBe(2);
    // The Device went unregistered with the socket and registered again on the new one.
    await eventually(
      () => logLines(bed.phone, 'device registered'),
      (lines) => lines.length === 2,
    );
    expect(await logLines(bed.phone, 'device registered')).toHaveLength(2);
    await expectAudioBothWays(bed);
    await bed.phone.evaluate(() => window.phone.hangup());
    await bed.standIn.waitFor(() => call.state === 'ended', 'the call ended on the new socket');
    expect(call.frames.find((frame) => frame.type === 'hangup')?.socket).toBe(2);
    expectNothingEscaped(bed);
  });

  it('error frames become TwilioErrors with the right codes', async () => {
    const bed = await beds.open();
    const call = await incomingCall(bed);
    bed.standIn.sendError(31005, 'Connection error');
    expect(await waitForLog(bed.phone, 'device error 31005')).toBe('device error 31005 ConnectionError');
    // With a callsid the Device names the call, but only while it is pending (device.calls).
    bed.standIn.sendError(53405, 'Media connection failed', { callSid: call.callSid });
    expect(await waitForLog(bed.phone, 'device error 53405')).toBe('device error 53405 ConnectionError on-call');
    await bed.phone.evaluate(() => window.phone.accept());
    await waitForLog(bed.phone, 'call accept');
    // A hangup carrying an error: the SDK emits it on the call, then disconnects. 31486 is one of the
    // codes the SDK reports as 31005 unless `enableImprovedSignalingErrorPrecision` is set.
    bed.standIn.hangup(call.callSid, { code: 31486, message: 'Busy Here' });
    expect(await waitForLog(bed.phone, 'call error')).toBe('call error 31005 ConnectionError');
    await waitForLog(bed.phone, 'call disconnect');
    expectNothingEscaped(bed);
  });

  it('an expired token is refused with 20104 (AccessTokenExpired)', async () => {
    const bed = await beds.open();
    await bed.createDevice(testToken({ identity: 'alice', ttlSecs: -60 }));
    await bed.phone.evaluate(() => window.phone.registerInBackground());
    expect(await waitForLog(bed.phone, 'device error')).toBe('device error 20104 AccessTokenExpired');
    expect(bed.standIn.frames.map((frame) => `${frame.direction} ${frame.type}`)).toEqual(['in listen', 'out error']);
    expectNothingEscaped(bed);
  });

  it('a malformed or wrongly signed token is refused with 20101 (AccessTokenInvalid)', async () => {
    for (const token of ['not-a-jwt', testToken({ identity: 'alice', key: 'some other key' })]) {
      const bed = await beds.open();
      await bed.createDevice(token);
      await bed.phone.evaluate(() => window.phone.registerInBackground());
      expect(await waitForLog(bed.phone, 'device error')).toBe('device error 20101 AccessTokenInvalid');
      expectNothingEscaped(bed);
    }
  });

  it('ICE restart: the SDK re-offers with reinvite, the far party answers, audio still flows', async () => {
    const bed = await beds.open();
    const call = await outgoingCall(bed);
    // The SDK restarts ICE itself when media fails; its own (private) restart is the quickest trigger.
    await bed.phone.evaluate(() => window.phone.restartIce());
    const reinvite = await bed.standIn.waitForFrame('reinvite', { callSid: call.callSid });
    expect(reinvite.payload.sdp).toMatch(/a=ice-ufrag:/);
    await bed.standIn.waitFor(() => call.iceRestarts === 1, 'the ICE restart answered');
    await expectAudioBothWays(bed);
    expect(await bed.phone.evaluate(() => window.phone.status())).toBe('open');
    expectNothingEscaped(bed);
  });

  it('no request leaves the machine: with Insights on, every post (feedback among them) reaches the stand-in', async () => {
    const bed = await beds.open();
    // postFeedback goes to Insights over HTTPS, never on the socket, and only when publishEvents is on
    // (EventPublisher.info drops its `force` flag in 2.18.5, so with publishEvents: false it posts nothing).
    await bed.register({ publishEvents: true });
    const call = await bed.standIn.placeIncoming({ from: '+14155550100' });
    await waitForLog(bed.phone, 'device incoming');
    await bed.phone.evaluate(() => window.phone.accept());
    await waitForLog(bed.phone, 'call accept');
    await bed.phone.evaluate(() => window.phone.sendDigits('9'));
    await bed.phone.evaluate(() => window.phone.hangup());
    await bed.standIn.waitFor(() => call.state === 'ended', 'the call ended');
    await bed.phone.evaluate(() => window.phone.postFeedback(4, 'choppy-audio'));
    const [feedback] = await bed.standIn.waitFor(() => bed.standIn.feedback.length > 0 && bed.standIn.feedback, 'feedback');
    expect(feedback).toMatchObject({
      group: 'feedback',
      name: 'received',
      level: 'INFO',
      url: 'https://eventgw.us1.twilio.com/v4/EndpointEvents',
      payload: { quality_score: 4, issue_name: 'choppy-audio', call_sid: call.callSid },
    });
    expect(feedback?.token).toBe(await bed.phone.evaluate(() => window.phone.token()));
    expect(bed.standIn.insights.map((event) => `${event.group}/${event.name}`)).toContain('connection/accepted-by-local');
    // Events, and call metrics when the call lived long enough to take a sample: all to the stand-in.
    const fetches = await bed.phone.evaluate(() => window.phone.fetches);
    expect(fetches).toContain('https://eventgw.us1.twilio.com/v4/EndpointEvents');
    for (const url of fetches) expect(url).toMatch(/^https:\/\/eventgw\.us1\.twilio\.com\/v4\/Endpoint(Events|Metrics)$/);
    await bed.standIn.waitFor(() => bed.standIn.insights.length >= fetches.length, 'every post recorded');
    expectNothingEscaped(bed, true);
  });

  it('postFeedback with publishEvents: false posts nothing, anywhere', async () => {
    const bed = await beds.open();
    const call = await outgoingCall(bed);
    await bed.phone.evaluate(() => window.phone.hangup());
    await bed.standIn.waitFor(() => call.state === 'ended', 'the call ended');
    await bed.phone.evaluate(() => window.phone.postFeedback(5, 'echo'));
    // The publisher calls fetch synchronously inside postFeedback when it posts at all.
    expect(await bed.phone.evaluate(() => window.phone.fetches)).toEqual([]);
    expectNothingEscaped(bed);
  });
});
