import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { CallEnd, CallState } from '../src';
import { callParameters, callStatus, callToString, onTwilioEvent } from '../src/parity';
import { answer, connectedPhone, incoming } from './helpers';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('outgoing call', () => {
  test('dialing → ringing → connecting → active, with events in order', async () => {
    const { phone, line } = await connectedPhone();
    const call = phone.call('+1 (415) 555-0123', { customHeaders: { 'X-Ticket': '42' } });
    const states: CallState[] = [];
    const events: string[] = [];
    call.on('state', (s) => states.push(s));
    call.on('ringing', (early) => events.push(`ringing:${early}`));
    call.on('accept', () => events.push('accept'));
    expect(call.state).toBe('dialing');
    expect(call.direction).toBe('outgoing');
    expect(callStatus(call)).toBe('connecting');
    expect(line.sent({ type: 'dial' })[0]?.args[0]).toMatchObject({
      callId: call.id,
      destination: '+14155550123',
      headers: [{ name: 'X-Ticket', value: '42' }],
    });
    line.signal({ type: 'ringing', callId: call.id, earlyMedia: true });
    expect(call.snapshot.earlyMedia).toBe(true);
    expect(callStatus(call)).toBe('ringing');
    line.signal({ type: 'answered', callId: call.id });
    line.signal({ type: 'connected', callId: call.id, codec: 'opus' });
    expect(states).toEqual(['ringing', 'connecting', 'active']);
    expect(events).toEqual(['ringing:true', 'accept']);
    expect(call.snapshot.earlyMedia).toBe(false);
    expect(call.codec).toBe('opus');
    expect(callStatus(call)).toBe('open');
    expect(call.answeredAt).toBeInstanceOf(Date);
  });

  test('hangup before an answer is a cancel; after an answer a hangup; both by local', async () => {
    const { phone, line } = await connectedPhone();
    const a = phone.call('+14155550123');
    a.hangup();
    expect(a.end).toEqual({ reason: 'cancelled', by: 'local' });
    const b = phone.call('+14155550124');
    answer(line, b);
    vi.advanceTimersByTime(65_000);
    expect(b.duration).toBe(65);
    b.hangup();
    expect(b.end).toEqual({ reason: 'hangup', by: 'local' });
    expect(callStatus(b)).toBe('closed');
    expect(line.sent({ type: 'hangup' }).map((c) => c.args[0])).toEqual([a.id, b.id]);
  });

  test('no provisional response within timeoutSecs ends with timeout; ringing ends with no-answer', async () => {
    const { phone, line } = await connectedPhone();
    const silent = phone.call('+14155550123', { timeoutSecs: 5 });
    const ringing = phone.call('+14155550124', { timeoutSecs: 10 });
    line.signal({ type: 'ringing', callId: ringing.id, earlyMedia: false });
    vi.advanceTimersByTime(5_000);
    expect(silent.end).toEqual({ reason: 'timeout', by: 'system' });
    expect(ringing.state).toBe('ringing');
    vi.advanceTimersByTime(5_000);
    expect(ringing.end).toEqual({ reason: 'no-answer', by: 'system' });
    expect(line.sent({ type: 'hangup' })).toHaveLength(2);
  });

  test('an answered call is not timed out by timeoutSecs, but ends at timeLimitSecs', async () => {
    const { phone, line } = await connectedPhone();
    const call = phone.call('+14155550123', { timeoutSecs: 5, timeLimitSecs: 60 });
    answer(line, call);
    vi.advanceTimersByTime(59_000);
    expect(call.state).toBe('active');
    vi.advanceTimersByTime(1_000);
    expect(call.end).toEqual({ reason: 'time-limit', by: 'system' });
  });

  test('the far side ends the call once, with its reason and SIP code; later signals are dropped', async () => {
    const { phone, line } = await connectedPhone();
    const call = phone.call('+14155550123');
    const ends: CallEnd[] = [];
    call.on('ended', (end) => ends.push(end));
    line.signal({ type: 'ended', callId: call.id, end: { reason: 'busy', sipCode: 486 } });
    line.signal({ type: 'ended', callId: call.id, end: { reason: 'failed', sipCode: 500 } });
    line.signal({ type: 'connected', callId: call.id });
    expect(ends).toEqual([{ reason: 'busy', sipCode: 486, by: 'remote' }]);
    expect(call.state).toBe('ended');
    expect(() => call.hangup()).toThrow(expect.objectContaining({ code: 'invalid-state' }));
  });

  test("provider ids merge into the call's snapshot; a repeat of known ids changes nothing", async () => {
    const { phone, line } = await connectedPhone();
    const call = phone.call('+14155550123');
    let updates = 0;
    phone.store.subscribe(() => updates++);
    line.signal({ type: 'providerIds', callId: call.id, ids: { CallSid: 'CA1' } });
    const first = phone.store.getState().calls[call.id];
    line.signal({ type: 'providerIds', callId: call.id, ids: { CallSid: 'CA1' } });
    expect(phone.store.getState().calls[call.id]).toBe(first);
    expect(updates).toBe(1);
    line.signal({ type: 'providerIds', callId: call.id, ids: { CallSid: 'CA1', legId: 'L1' } });
    expect(phone.store.getState().calls[call.id]?.providerIds).toEqual({ CallSid: 'CA1', legId: 'L1' });
    expect(updates).toBe(2);
  });

  test('commands the state does not allow throw invalid-state and send nothing', async () => {
    const { phone, line } = await connectedPhone();
    const call = phone.call('+14155550123');
    const before = line.commands.length;
    expect(() => call.hold()).toThrow(expect.objectContaining({ code: 'invalid-state' }));
    expect(() => call.accept()).toThrow(/accept\(\) is not allowed while the call is dialing/);
    expect(() => call.sendDigits('1')).toThrow(expect.objectContaining({ code: 'invalid-state' }));
    expect(() => call.reject()).toThrow(expect.objectContaining({ code: 'invalid-state' }));
    expect(line.commands.length).toBe(before);
  });

  test('per-call handlers receive events and are removed when the call ends', async () => {
    const { phone, line } = await connectedPhone();
    const seen: string[] = [];
    const call = phone.call('+14155550123', { on: { accept: () => seen.push('accept'), ended: (e) => seen.push(e.reason) } });
    answer(line, call);
    call.hangup();
    expect(seen).toEqual(['accept', 'hangup']);
    expect(call.listenerCount()).toBe(0);
  });

  test('options the line cannot honour are reported on the call, or refused with strictOptions', async () => {
    const { phone, line } = await connectedPhone();
    const errors: string[] = [];
    phone.on('call', (c) => c.on('error', (e) => errors.push(e.code)));
    const call = phone.call('+14155550123', { useStereo: true, trickleIce: false });
    expect(call.snapshot.unsupportedOptions).toEqual(['useStereo', 'trickleIce']);
    expect(line.sent({ type: 'dial' })).toHaveLength(1);
    const strict = await connectedPhone({ strictOptions: true });
    expect(() => strict.phone.call('+14155550123', { useStereo: true })).toThrow(expect.objectContaining({ code: 'option-unsupported' }));
    expect(strict.line.sent({ type: 'dial' })).toEqual([]);
  });
});

describe('incoming call', () => {
  test('accept → connecting → active; Twilio status pending then open', async () => {
    const { phone, line } = await connectedPhone();
    const call = incoming(phone, line);
    expect(callStatus(call)).toBe('pending');
    expect(callParameters(call)).toMatchObject({ From: '+14155550100', CallerName: 'Ada' });
    call.accept({ customHeaders: { 'X-Agent': '7' } });
    expect(call.state).toBe('connecting');
    expect(line.sent({ type: 'accept' })[0]?.args).toEqual([
      call.id,
      { headers: [{ name: 'X-Agent', value: '7' }], audio: true, video: false },
    ]);
    line.signal({ type: 'connected', callId: call.id });
    expect(call.state).toBe('active');
  });

  test('reject sends the code and ends rejected; ignore ends without answering the far side', async () => {
    const { phone, line } = await connectedPhone();
    const a = incoming(phone, line, 'a');
    const events: string[] = [];
    onTwilioEvent(a, 'reject', () => events.push('reject'));
    a.reject(603);
    expect(events).toEqual(['reject']);
    expect(a.end).toEqual({ reason: 'rejected', by: 'local', sipCode: 603 });
    expect(line.sent({ type: 'reject' })[0]?.args.slice(0, 2)).toEqual(['a', 603]);
    const b = incoming(phone, line, 'b');
    b.ignore();
    expect(b.end).toEqual({ reason: 'ignored', by: 'local' });
    expect(line.sent({ type: 'ignore' })[0]?.args).toEqual(['b']);
  });

  test('a caller who gives up emits cancel and ends cancelled by remote', async () => {
    const { phone, line } = await connectedPhone();
    const call = incoming(phone, line);
    const events: string[] = [];
    onTwilioEvent(call, 'cancel', () => events.push('cancel'));
    onTwilioEvent(call, 'disconnect', () => events.push('disconnect'));
    line.signal({ type: 'ended', callId: call.id, end: { reason: 'cancelled', sipCode: 487 } });
    expect(events).toEqual(['cancel', 'disconnect']);
    expect(call.end?.by).toBe('remote');
  });
});

describe('in-call features', () => {
  test('mute is a flag: line told once per change, event emitted, state unchanged', async () => {
    const { phone, line } = await connectedPhone();
    const call = phone.call('+14155550123');
    answer(line, call);
    const muted: boolean[] = [];
    call.on('mute', (m) => muted.push(m));
    call.mute();
    call.mute(true);
    call.mute(false);
    expect(muted).toEqual([true, false]);
    expect(call.isMuted()).toBe(false);
    expect(line.sent({ type: 'setMuted' }).map((c) => c.args[1])).toEqual([true, false]);
    expect(call.state).toBe('active');
  });

  test('hold and unhold; a failed hold (491) rolls back to active', async () => {
    const { phone, line } = await connectedPhone();
    const call = phone.call('+14155550123');
    answer(line, call);
    call.hold();
    expect(call.state).toBe('held');
    expect(callStatus(call)).toBe('open');
    call.toggleHold();
    expect(call.state).toBe('active');
    call.hold();
    const { HandsetError } = await import('../src');
    line.signal({ type: 'holdFailed', callId: call.id, error: new HandsetError('call-failed', 'The far side answered 491.') });
    expect(call.state).toBe('active');
    expect(call.snapshot.error?.message).toBe('The far side answered 491.');
  });

  test('remote hold is a flag with hold/unhold events by remote', async () => {
    const { phone, line } = await connectedPhone();
    const call = phone.call('+14155550123');
    answer(line, call);
    const events: string[] = [];
    call.on('hold', (by) => events.push(`hold:${by}`));
    call.on('unhold', (by) => events.push(`unhold:${by}`));
    line.signal({ type: 'remoteHold', callId: call.id, held: true });
    line.signal({ type: 'remoteHold', callId: call.id, held: true });
    line.signal({ type: 'remoteHold', callId: call.id, held: false });
    expect(events).toEqual(['hold:remote', 'unhold:remote']);
    expect(call.state).toBe('active');
  });

  test('reconnecting returns to the state the call had: active or held', async () => {
    const { phone, line } = await connectedPhone();
    const call = phone.call('+14155550123');
    answer(line, call);
    const events: string[] = [];
    call.on('reconnecting', () => events.push('reconnecting'));
    call.on('reconnected', () => events.push('reconnected'));
    line.signal({ type: 'reconnecting', callId: call.id });
    expect(callStatus(call)).toBe('reconnecting');
    line.signal({ type: 'reconnected', callId: call.id });
    expect(call.state).toBe('active');
    call.hold();
    line.signal({ type: 'reconnecting', callId: call.id });
    line.signal({ type: 'reconnected', callId: call.id });
    expect(call.state).toBe('held');
    expect(events).toEqual(['reconnecting', 'reconnected', 'reconnecting', 'reconnected']);
    line.signal({ type: 'reconnecting', callId: call.id });
    line.signal({ type: 'ended', callId: call.id, end: { reason: 'network', by: 'system' } });
    expect(call.end).toEqual({ reason: 'network', by: 'system' });
  });

  test('DTMF: digits in order with pauses (w 500 ms, p 500 ms, comma 2 s), cancelled by hangup', async () => {
    const { phone, line } = await connectedPhone({ dtmf: { toneMs: 100, gapMs: 50 } });
    const call = phone.call('+14155550123');
    answer(line, call);
    const sentAt = () => line.sent({ type: 'sendDtmf' }).map((c) => c.args[1]);
    call.sendDigits('1w2#');
    expect(sentAt()).toEqual(['1']);
    vi.advanceTimersByTime(150); // tone + gap
    expect(sentAt()).toEqual(['1']); // now in the 500 ms pause
    vi.advanceTimersByTime(499);
    expect(sentAt()).toEqual(['1']);
    vi.advanceTimersByTime(1);
    expect(sentAt()).toEqual(['1', '2']);
    call.sendDigits('a,9'); // appended, lower-case A accepted
    vi.advanceTimersByTime(150);
    expect(sentAt()).toEqual(['1', '2', '#']);
    vi.advanceTimersByTime(150);
    expect(sentAt()).toEqual(['1', '2', '#', 'A']);
    vi.advanceTimersByTime(1000); // inside the 2 s comma pause
    call.hangup();
    vi.advanceTimersByTime(10_000);
    expect(sentAt()).toEqual(['1', '2', '#', 'A']);
    expect(line.sent({ type: 'sendDtmf' })[0]?.args[2]).toBe(100);
  });

  test('received DTMF, messages and INFO become events; sendMessage returns an id', async () => {
    const { phone, line } = await connectedPhone();
    const call = phone.call('+14155550123');
    answer(line, call);
    const seen: unknown[] = [];
    call.on('dtmf', (d) => seen.push(d));
    call.on('messageReceived', (m) => seen.push(m.content));
    call.on('messageSent', (m) => seen.push(`sent:${m.id}`));
    call.on('info', (type, body, headers) => seen.push(`${type} ${body} ${headers.map((h) => h.name).join()}`));
    line.signal({ type: 'dtmf', callId: call.id, digit: '5' });
    line.signal({
      type: 'message',
      callId: call.id,
      message: { content: { hi: 1 }, contentType: 'application/json', messageType: 'user-defined-message' },
    });
    line.signal({ type: 'info', callId: call.id, mimeType: 'application/x-test', body: 'ok', headers: [{ name: 'X-Trace', value: '7' }] });
    const id = call.sendMessage({ content: { ping: true } });
    const sent = line.sent({ type: 'sendMessage' })[0]?.args[1];
    expect(sent).toMatchObject({ content: { ping: true }, contentType: 'application/json', id });
    line.signal({ type: 'messageSent', callId: call.id, message: sent as never });
    call.sendInfo('application/dtmf-relay', 'Signal=5\r\nDuration=100');
    expect(line.sent({ type: 'sendInfo' })[0]?.args).toEqual([call.id, 'application/dtmf-relay', 'Signal=5\r\nDuration=100', []]);
    expect(seen).toEqual(['5', { hi: 1 }, 'application/x-test ok X-Trace', `sent:${id}`]);
  });

  test("sendInfo carries headers as customHeaders takes them (Voximplant's sendInfo); bad ones are refused before anything is sent", async () => {
    const { phone, line } = await connectedPhone();
    const call = phone.call('+14155550123');
    answer(line, call);
    call.sendInfo('application/json', '{"a":1}', { 'X-Ticket': '42', 'User-to-User': '56a390f3d2b7310023a2;encoding=hex' });
    expect(line.sent({ type: 'sendInfo' })[0]?.args[3]).toEqual([
      { name: 'X-Ticket', value: '42' },
      { name: 'User-to-User', value: '56a390f3d2b7310023a2;encoding=hex' },
    ]);
    expect(() => call.sendInfo('text/plain', 'x', { 'X-Evil': 'a\r\nVia: injected' })).toThrow(
      expect.objectContaining({ code: 'invalid-header', message: expect.stringContaining('sendInfo headers') }),
    );
    expect(() => call.sendInfo('text/plain', 'x', { Contact: 'sip:x@y' })).toThrow(expect.objectContaining({ code: 'invalid-header' }));
    expect(line.sent({ type: 'sendInfo' })).toHaveLength(1);
  });

  test("Call Control's sip_headers: a User-to-User header travels like an X- header", async () => {
    const { phone, line } = await connectedPhone();
    phone.call('+14155550123', { customHeaders: { 'User-to-User': '56a390f3d2b7310023a2;encoding=hex', 'X-Ticket': '7' } });
    expect(line.sent({ type: 'dial' })[0]?.args[0]).toMatchObject({
      headers: [
        { name: 'User-to-User', value: '56a390f3d2b7310023a2;encoding=hex' },
        { name: 'X-Ticket', value: '7' },
      ],
    });
  });

  test("callToString() gives the call in one line, as Voximplant's does", async () => {
    const { phone } = await connectedPhone();
    const call = phone.call('+14155550123', { id: 'c-1' });
    expect(callToString(call)).toBe('Call c-1 outgoing dialing +14155550123');
  });

  test("a 'remote' signal updates who the far side is (after a transfer), in the snapshot the store holds; not after the end", async () => {
    const { phone, line } = await connectedPhone();
    const call = phone.call('+14155550123');
    answer(line, call);
    line.signal({ type: 'remote', callId: call.id, remote: { number: '+14155550999', name: 'Carol' } });
    expect(call.remote).toEqual({ number: '+14155550999', name: 'Carol' });
    expect(Object.isFrozen(call.remote)).toBe(true);
    expect(phone.store.getState().calls[call.id]?.remote.name).toBe('Carol');
    call.hangup();
    line.signal({ type: 'remote', callId: call.id, remote: { number: '+14155550111' } });
    expect(call.remote.number).toBe('+14155550999');
  });

  test('a line without messages refuses sendMessage with unsupported', async () => {
    const { ScriptedLine } = await import('../src/testing');
    const { createPhone } = await import('../src');
    const line = new ScriptedLine({ capabilities: { messages: false, info: false } });
    const phone = createPhone({ line });
    await phone.connect();
    const call = phone.call('+14155550123');
    answer(line, call);
    expect(() => call.sendMessage('hi')).toThrow(expect.objectContaining({ code: 'unsupported' }));
    expect(() => call.sendInfo('text/plain', 'x')).toThrow(expect.objectContaining({ code: 'unsupported' }));
  });

  test('a throwing listener does not break the call', async () => {
    const { phone, line } = await connectedPhone();
    const call = phone.call('+14155550123');
    call.on('state', () => {
      throw new Error('app bug');
    });
    const thrown: unknown[] = [];
    const original = globalThis.queueMicrotask;
    globalThis.queueMicrotask = (fn) => {
      try {
        fn();
      } catch (e) {
        thrown.push(e);
      }
    };
    try {
      answer(line, call);
    } finally {
      globalThis.queueMicrotask = original;
    }
    expect(call.state).toBe('active');
    expect(thrown).toHaveLength(3);
  });
});
