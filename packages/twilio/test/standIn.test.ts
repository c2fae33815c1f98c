/**
 * The stand-in's own rules, in Node over an in-memory socket: token verdicts, refusals of bad input
 * (typed HandsetErrors before any frame is sent), and frame handling the SDK tests cannot pin down
 * exactly (keep-alives, acks for unknown calls). The SDK's side is proven in standIn.e2e.test.ts.
 */
import { isHandsetError } from '@handset/core';
import { afterEach, describe, expect, it } from 'vitest';
import { digitsOf } from '../src/stand-in/calls';
import type { SignalConnection } from '../src/stand-in/connection';
import { decodeFrame, encodeFrame, KEEP_ALIVE } from '../src/stand-in/frames';
import { decodeParams, encodeParams } from '../src/stand-in/params';
import { StandIn } from '../src/stand-in/standIn';
import { checkToken, TEST_SIGNING_KEY, testToken } from '../src/stand-in/token';

/** A socket whose far end is this test: what the stand-in sent, and a way to speak as the SDK. */
function pipe() {
  const sent: string[] = [];
  let deliver: (text: string) => void = () => undefined;
  let closed: () => void = () => undefined;
  const connection: SignalConnection = {
    send: (text) => sent.push(text),
    close: () => closed(),
    onMessage: (listener) => {
      deliver = listener;
    },
    onClose: (listener) => {
      closed = listener;
    },
  };
  return {
    connection,
    sent,
    frames: () => sent.filter((text) => text !== KEEP_ALIVE).map((text) => decodeFrame(text)),
    say: (type: string, payload: Record<string, unknown>) => deliver(encodeFrame(type, payload)),
    raw: (text: string) => deliver(text),
  };
}

const standIns: StandIn[] = [];
function standIn(options?: ConstructorParameters<typeof StandIn>[0]): StandIn {
  const created = new StandIn(options);
  standIns.push(created);
  return created;
}
afterEach(() => {
  for (const created of standIns.splice(0)) created.close();
});

describe('test tokens', () => {
  it('a fresh token passes with its identity and expiry', () => {
    const verdict = checkToken(testToken({ identity: 'alice', ttlSecs: 60, nowSecs: 1000 }), TEST_SIGNING_KEY, 1_000_000);
    expect(verdict).toEqual({ ok: true, identity: 'alice', expiresAt: 1_060_000 });
  });

  it('expired → 20104; garbage, a foreign signature or no identity → 20101', () => {
    expect(checkToken(testToken({ identity: 'alice', ttlSecs: -1 }), TEST_SIGNING_KEY)).toMatchObject({ ok: false, code: 20104 });
    expect(checkToken('a.b', TEST_SIGNING_KEY)).toMatchObject({ ok: false, code: 20101 });
    expect(checkToken('###.###.###', TEST_SIGNING_KEY)).toMatchObject({ ok: false, code: 20101 });
    expect(checkToken(testToken({ identity: 'alice', key: 'other' }), TEST_SIGNING_KEY)).toMatchObject({ ok: false, code: 20101 });
    // With no key the signature is not checked.
    expect(checkToken(testToken({ identity: 'alice', key: 'other' }), null)).toMatchObject({ ok: true });
  });

  it('refuses to make a token without an identity', () => {
    expect(() => testToken({ identity: '' })).toThrow(expect.objectContaining({ code: 'invalid-option' }));
  });
});

describe('TwiML params and digits', () => {
  it('round-trips params with reserved characters', () => {
    const params = { To: '+1 415', Note: 'a&b=c', Émoji: '☎' };
    expect(decodeParams(encodeParams(params))).toEqual(params);
  });

  it('spaces digits by 500 ms per w', () => {
    expect(digitsOf('1ww2#', 100)).toEqual([
      { digit: '1', via: 'signalling', at: 100, frameAt: 100 },
      { digit: '2', via: 'signalling', at: 1100, frameAt: 100 },
      { digit: '#', via: 'signalling', at: 1100, frameAt: 100 },
    ]);
  });
});

describe('the stand-in engine', () => {
  it('answers listen with connected (identity, ttl) and register with ready, then offline on unregister', () => {
    const gateway = standIn();
    const socket = pipe();
    gateway.attach(socket.connection);
    socket.say('listen', { token: testToken({ identity: 'bob', ttlSecs: 120 }) });
    socket.say('register', { media: { audio: true } });
    socket.say('register', { media: { audio: false } });
    const [connected, ready, offline] = socket.frames();
    expect(connected?.type).toBe('connected');
    expect(connected?.payload.token).toEqual({ identity: 'bob', ttl: expect.any(Number) });
    expect((connected?.payload.token as { ttl: number } | undefined)?.ttl).toBeGreaterThan(110);
    expect([ready?.type, offline?.type]).toEqual(['ready', 'offline']);
  });

  it('refuses register before a valid listen with 31204', () => {
    const gateway = standIn();
    const socket = pipe();
    gateway.attach(socket.connection);
    socket.say('register', { media: { audio: true } });
    expect(socket.frames()[0]).toMatchObject({ type: 'error', payload: { error: { code: 31204 } } });
  });

  it('ignores what is not a frame and counts echoed keep-alives', () => {
    const gateway = standIn();
    const socket = pipe();
    gateway.attach(socket.connection);
    socket.raw('{not json');
    socket.raw(KEEP_ALIVE);
    expect(gateway.frames).toEqual([]);
    expect(gateway.keepAlivesEchoed).toBe(1);
  });

  it('an outgoing invite gets ringing and an answer with a CallSid and reconnect token (no far party: empty SDP)', async () => {
    const gateway = standIn();
    const socket = pipe();
    gateway.attach(socket.connection);
    socket.say('listen', { token: testToken({ identity: 'bob' }) });
    socket.say('invite', { callsid: 'TJSfake', sdp: 'v=0', twilio: { params: 'To=%2B1415&x=1' } });
    const call = await gateway.waitFor(() => gateway.calls.find((c) => c.state === 'answered'), 'an answered call');
    expect(call.params).toEqual({ To: '+1415', x: '1' });
    expect(call.callSid).toMatch(/^CA[0-9a-f]{32}$/);
    const types = socket.frames().map((frame) => frame?.type);
    expect(types).toEqual(['connected', 'ringing', 'answer']);
    expect(socket.frames()[2]?.payload).toEqual({ callsid: call.callSid, sdp: '', reconnect: call.reconnectToken });
    // A reconnect with a stale token is refused with a hangup carrying an error.
    socket.say('invite', { callsid: call.callSid, sdp: 'v=0', reconnect: 'stale', twilio: {} });
    expect(socket.frames().at(-1)).toMatchObject({ type: 'hangup', payload: { error: { code: 31005 } } });
  });

  it('connectToken: an invite with the reconnect token of a ringing incoming call answers it; from other media once answered it is refused', async () => {
    const gateway = standIn();
    const first = pipe();
    gateway.attach(first.connection);
    first.say('listen', { token: testToken({ identity: 'bob' }) });
    first.say('register', { media: { audio: true } });
    const call = await gateway.placeIncoming({ from: '+14155550100' });
    const token = call.reconnectToken;
    // The page reloads: a new socket (and Device) takes the call with its own offer.
    const second = pipe();
    gateway.attach(second.connection);
    second.say('listen', { token: testToken({ identity: 'bob' }) });
    second.say('invite', { callsid: call.callSid, sdp: 'v=0\r\na=fingerprint:sha-256 AA:01\r\n', reconnect: token, twilio: {} });
    await gateway.waitFor(() => call.state === 'answered' && second.frames().some((f) => f?.type === 'answer'), 'the answer');
    expect(call.recovered).toBe(true);
    expect(second.frames().at(-1)).toMatchObject({ type: 'answer', payload: { callsid: call.callSid } });
    const fresh = call.reconnectToken;
    expect(fresh).not.toBe(token);
    // The same media reconnecting its signalling is resumed; other media with the token is refused.
    second.say('invite', { callsid: call.callSid, sdp: 'v=0\r\na=fingerprint:sha-256 AA:01\r\n', reconnect: fresh, twilio: {} });
    expect(call.reconnects).toBe(1);
    second.say('invite', {
      callsid: call.callSid,
      sdp: 'v=0\r\na=fingerprint:sha-256 BB:02\r\n',
      reconnect: call.reconnectToken,
      twilio: {},
    });
    expect(second.frames().at(-1)).toMatchObject({ type: 'hangup', payload: { error: { code: 31005 } } });
    expect(call.state).toBe('answered');
  });

  it('bad input is a HandsetError before anything is sent', async () => {
    const gateway = standIn();
    const socket = pipe();
    gateway.attach(socket.connection);
    socket.say('listen', { token: testToken({ identity: 'bob' }) });
    socket.say('register', { media: { audio: true } });
    const before = socket.sent.length;
    await expect(gateway.placeIncoming({ from: '' })).rejects.toSatisfy((error) => isHandsetError(error, 'invalid-option'));
    await expect(gateway.placeIncoming({ from: '+1', parameters: { n: 1 as unknown as string } })).rejects.toSatisfy((error) =>
      isHandsetError(error, 'invalid-option'),
    );
    expect(() => gateway.sendError(1.5, 'x')).toThrow(expect.objectContaining({ code: 'invalid-option' }));
    expect(() => gateway.hangup('CAnope')).toThrow(expect.objectContaining({ code: 'invalid-state' }));
    expect(() => new StandIn({ keepAliveMs: 20_000 })).toThrow(expect.objectContaining({ code: 'invalid-option' }));
    expect(socket.sent.length).toBe(before);
  });

  it('nowhere to place a call without a registered client', async () => {
    await expect(standIn().placeIncoming({ from: '+1' })).rejects.toSatisfy((error) => isHandsetError(error, 'invalid-state'));
  });
});
