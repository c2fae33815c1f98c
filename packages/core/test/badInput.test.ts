import { describe, expect, test } from 'vitest';
import { type CallOptions, type ErrorCode, HandsetError } from '../src';
import { explainError } from '../src/parity';
import { answer, callCommands, connectedPhone, incoming } from './helpers';

/** Each row: a call that must be refused with `code`, and the line must receive nothing. */
const badCalls: Array<[string, string, CallOptions | undefined, ErrorCode]> = [
  ['empty destination', '', undefined, 'invalid-destination'],
  ['letters', 'hello world', undefined, 'invalid-destination'],
  ['national number without +', '4155550123', undefined, 'invalid-destination'],
  ['E.164 too long', '+1234567890123456', undefined, 'invalid-destination'],
  ['E.164 starting with 0', '+0123456', undefined, 'invalid-destination'],
  ['SIP URI with a space', 'sip:alice smith@example.com', undefined, 'invalid-destination'],
  ['SIP URI with CRLF', 'sip:alice@example.com\r\nVia: evil', undefined, 'invalid-destination'],
  ['caller name too long', '+14155550123', { callerName: 'a'.repeat(129) }, 'invalid-caller-name'],
  ['caller name with HTML', '+14155550123', { callerName: '<img src=x onerror=alert(1)>' }, 'invalid-caller-name'],
  ['caller name with quotes', '+14155550123', { callerName: 'Bob "the" Builder' }, 'invalid-caller-name'],
  ['caller name with CRLF', '+14155550123', { callerName: 'Bob\r\nX-Evil: 1' }, 'invalid-caller-name'],
  ['caller number not E.164', '+14155550123', { callerNumber: '555-0123' }, 'invalid-caller-number'],
  ['header without X-', '+14155550123', { customHeaders: [{ name: 'Via', value: 'x' }] }, 'invalid-header'],
  ['header name with colon', '+14155550123', { customHeaders: [{ name: 'X-A:B', value: 'x' }] }, 'invalid-header'],
  ['header value with CR/LF', '+14155550123', { customHeaders: [{ name: 'X-Id', value: '1\r\nContact: <sip:evil>' }] }, 'invalid-header'],
  ['header value with LF only', '+14155550123', { customHeaders: { 'X-Id': '1\nBYE' } }, 'invalid-header'],
  ['header value with NUL', '+14155550123', { customHeaders: { 'X-Id': 'a\u0000b' } }, 'invalid-header'],
  ['header value not a string', '+14155550123', { customHeaders: [{ name: 'X-Id', value: 5 as unknown as string }] }, 'invalid-header'],
  ['client state not base64', '+14155550123', { clientState: 'not base64!' }, 'invalid-client-state'],
  ['client state wrongly padded', '+14155550123', { clientState: 'abc' }, 'invalid-client-state'],
  ['custom data over 200 bytes', '+14155550123', { customData: 'é'.repeat(101) }, 'custom-data-too-large'],
  ['timeout below 5', '+14155550123', { timeoutSecs: 4 }, 'invalid-option'],
  ['timeout above 600', '+14155550123', { timeoutSecs: 601 }, 'invalid-option'],
  ['timeout not whole', '+14155550123', { timeoutSecs: 10.5 }, 'invalid-option'],
  ['time limit below 30', '+14155550123', { timeLimitSecs: 29 }, 'invalid-option'],
  ['time limit above 14400', '+14155550123', { timeLimitSecs: 14401 }, 'invalid-option'],
  ['ice server url', '+14155550123', { iceServers: [{ urls: 'http://stun.example.com' }] }, 'invalid-option'],
  ['codec list empty', '+14155550123', { preferredCodecs: [] }, 'invalid-option'],
  ['bandwidth zero', '+14155550123', { sdpASBandwidthKbps: 0 }, 'invalid-option'],
  ['trickleIce not boolean', '+14155550123', { trickleIce: 'yes' as unknown as boolean }, 'invalid-option'],
  ['misspelt option', '+14155550123', { timeoutSec: 10 } as unknown as CallOptions, 'invalid-option'],
  ['handler not a function', '+14155550123', { on: { accept: 'x' as unknown as () => void } }, 'invalid-option'],
];

describe('phone.call() refuses bad input before anything is sent', () => {
  test.each(badCalls)('%s', async (_name, destination, options, code) => {
    const { phone, line } = await connectedPhone();
    let error: unknown;
    try {
      phone.call(destination, options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HandsetError);
    expect((error as HandsetError).code).toBe(code);
    expect((error as HandsetError).message.length).toBeGreaterThan(20);
    expect(explainError(error as HandsetError).solutions.length).toBeGreaterThan(0);
    expect(callCommands(line)).toEqual([]);
    expect(phone.calls).toEqual([]);
    expect(phone.store.getState().callIds).toEqual([]);
  });

  test('an error message never carries the control characters it refused', async () => {
    const { phone } = await connectedPhone();
    expect(() => phone.call('sip:a@b.com\r\nX: y')).toThrow(/\\r\\n/);
  });
});

describe('call commands refuse bad input and send nothing', () => {
  const bad: Array<[string, (call: import('../src').Call) => void, ErrorCode]> = [
    ['DTMF with a letter', (c) => c.sendDigits('12x4'), 'invalid-dtmf'],
    ['DTMF empty', (c) => c.sendDigits(''), 'invalid-dtmf'],
    ['DTMF with a newline', (c) => c.sendDigits('1\n2'), 'invalid-dtmf'],
    ['hangup header injection', (c) => c.hangup([{ name: 'X-Reason', value: 'a\r\nb' }]), 'invalid-header'],
    ['message without content', (c) => c.sendMessage({ content: '' }), 'invalid-message'],
    ['message with a bad content type', (c) => c.sendMessage({ content: 'x', contentType: 'json' }), 'invalid-message'],
    ['INFO with a bad content type', (c) => c.sendInfo('dtmf relay', 'Signal=1'), 'invalid-message'],
    ['mute with a non-boolean', (c) => c.mute('yes' as unknown as boolean), 'invalid-option'],
  ];
  test.each(bad)('%s', async (_name, act, code) => {
    const { phone, line } = await connectedPhone();
    const call = phone.call('+14155550123');
    answer(line, call);
    const before = line.commands.length;
    expect(() => act(call)).toThrow(expect.objectContaining({ code }));
    expect(line.commands.length).toBe(before);
    expect(call.state).toBe('active');
  });

  test('the DTMF error names the bad character and its position', async () => {
    const { phone, line } = await connectedPhone();
    const call = phone.call('+14155550123');
    answer(line, call);
    expect(() => call.sendDigits('12x4')).toThrow('"x" at position 3');
  });

  test('reject refuses codes outside 400-699 and headers with CR/LF', async () => {
    const { phone, line } = await connectedPhone();
    const call = incoming(phone, line);
    expect(() => call.reject(200)).toThrow(expect.objectContaining({ code: 'invalid-sip-code' }));
    expect(() => call.reject(486, { 'X-Why': 'a\nb' })).toThrow(expect.objectContaining({ code: 'invalid-header' }));
    expect(line.sent({ type: 'reject' })).toEqual([]);
    expect(call.state).toBe('incoming');
  });

  test('accept refuses unknown options and sends nothing', async () => {
    const { phone, line } = await connectedPhone();
    const call = incoming(phone, line);
    expect(() => call.accept({ mic: 'x' } as never)).toThrow(expect.objectContaining({ code: 'invalid-option' }));
    expect(line.sent({ type: 'accept' })).toEqual([]);
    expect(call.state).toBe('incoming');
  });
});

describe('createPhone refuses bad options', () => {
  test('a line missing methods is named', async () => {
    const { createPhone } = await import('../src');
    expect(() => createPhone({ line: { kind: 'x' } as never })).toThrow(/missing: start, register/);
  });
  test('DTMF timing out of range', async () => {
    const { ScriptedLine } = await import('../src/testing');
    const { createPhone } = await import('../src');
    expect(() => createPhone({ line: new ScriptedLine(), dtmf: { toneMs: 10 } })).toThrow(
      expect.objectContaining({ code: 'invalid-option' }),
    );
  });
});
