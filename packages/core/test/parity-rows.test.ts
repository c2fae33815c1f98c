import { describe, expect, test } from 'vitest';
import { type CallOptions, HandsetError } from '../src';
import { explainError } from '../src/parity';
import { answer, callCommands, connectedPhone } from './helpers';

/** Rows of docs/parity.md that no other test proves on its own. */

const telnyxOnly: CallOptions = {
  prefetchIceCandidates: true,
  telnyxCallControlId: 'v3:call-control-id',
  telnyxLegId: 'leg-1',
  telnyxSessionId: 'session-1',
  sessionId: 'my-correlation-id',
};

describe("Telnyx's prefetchIceCandidates and ids given to phone.call()", () => {
  test('prefetchIceCandidates, telnyxCallControlId, telnyxLegId, telnyxSessionId, sessionId: reported as unsupported, and the call dials', async () => {
    const { phone, line } = await connectedPhone();
    const errors: HandsetError[] = [];
    const call = phone.call('+14155550123', { ...telnyxOnly, on: { error: (error) => errors.push(error) } });
    expect(call.snapshot.unsupportedOptions).toEqual([
      'prefetchIceCandidates',
      'telnyxCallControlId',
      'telnyxLegId',
      'telnyxSessionId',
      'sessionId',
    ]);
    expect(errors.map((e) => e.code)).toEqual(['option-unsupported']);
    expect(call.state).toBe('dialing');
    expect(line.sent({ type: 'dial' })).toHaveLength(1);
  });

  test('with strictOptions they are refused with option-unsupported (not invalid-option), and nothing is dialled', async () => {
    const { phone, line } = await connectedPhone({ strictOptions: true });
    expect(() => phone.call('+14155550123', telnyxOnly)).toThrow(
      expect.objectContaining({
        code: 'option-unsupported',
        message: 'The scripted line cannot honour: prefetchIceCandidates, telnyxCallControlId, telnyxLegId, telnyxSessionId, sessionId.',
      }),
    );
    expect(callCommands(line)).toEqual([]);
  });

  test.each<[string, CallOptions]>([
    ['prefetchIceCandidates not boolean', { prefetchIceCandidates: 'yes' as unknown as boolean }],
    ['telnyxCallControlId empty', { telnyxCallControlId: '' }],
    ['telnyxLegId not a string', { telnyxLegId: 7 as unknown as string }],
    ['telnyxSessionId too long', { telnyxSessionId: 'x'.repeat(257) }],
    ['sessionId not a string', { sessionId: {} as unknown as string }],
  ])('%s: invalid-option, and nothing is dialled', async (_name, options) => {
    const { phone, line } = await connectedPhone();
    expect(() => phone.call('+14155550123', options)).toThrow(expect.objectContaining({ code: 'invalid-option' }));
    expect(callCommands(line)).toEqual([]);
  });
});

test('telnyxCallId, retryBucketId and isRecovered are no options here: refused with invalid-option, and nothing is dialled', async () => {
  const { phone, line } = await connectedPhone();
  for (const name of ['telnyxCallId', 'retryBucketId', 'isRecovered']) {
    expect(() => phone.call('+14155550123', { [name]: 'x' } as CallOptions)).toThrow(
      expect.objectContaining({ code: 'invalid-option', message: `Unknown call option "${name}": check its spelling.` }),
    );
  }
  expect(callCommands(line)).toEqual([]);
});

describe('call events (Twilio EventEmitter, Voximplant addEventListener)', () => {
  test('on returns the unsubscribe, once fires a single time, off removes, listenerCount counts; there is no removeListener', async () => {
    const { phone, line } = await connectedPhone();
    const call = phone.call('+14155550123');
    const heard: string[] = [];
    const onMute = (muted: boolean) => heard.push(`on ${muted}`);
    const unsubscribe = call.on('mute', onMute);
    call.once('mute', (muted) => heard.push(`once ${muted}`));
    const offMute = (muted: boolean) => heard.push(`off ${muted}`);
    call.on('mute', offMute);
    expect(call.listenerCount('mute')).toBe(3);
    call.off('mute', offMute);
    answer(line, call);
    call.mute(true);
    expect(heard).toEqual(['on true', 'once true']);
    expect(call.listenerCount('mute')).toBe(1);
    unsubscribe();
    call.mute(false);
    expect(heard).toEqual(['on true', 'once true']);
    expect(call.listenerCount('mute')).toBe(0);
    expect('removeListener' in call).toBe(false);
    expect('removeAllListeners' in call).toBe(false);
  });
});

describe('the error event (Twilio TwilioError)', () => {
  test('carries a HandsetError: a string code, message, causes and solutions, and the original error as cause; no number code, description or explanation', async () => {
    const { phone, line } = await connectedPhone();
    const call = phone.call('+14155550123');
    answer(line, call);
    const errors: HandsetError[] = [];
    call.on('error', (error) => errors.push(error));
    const original = new Error('socket closed');
    line.signal({ type: 'error', callId: call.id, error: new HandsetError('line-error', 'The WebSocket closed.', { cause: original }) });
    const [error] = errors;
    expect(error).toBeInstanceOf(HandsetError);
    expect(error?.code).toBe('line-error');
    expect(error?.message).toBe('The WebSocket closed.');
    // Twilio's causes and solutions: explainError() from the parity entry, so the base entry carries no such text.
    expect(explainError(error as HandsetError)).toEqual({
      causes: ['The provider or transport reported a problem.'],
      solutions: ['See the error cause.'],
    });
    expect(error?.cause).toBe(original);
    expect(error).not.toHaveProperty('description');
    expect(error).not.toHaveProperty('explanation');
    expect(error).not.toHaveProperty('originalError');
    expect(call.snapshot.error).toEqual({
      code: 'line-error',
      message: 'The WebSocket closed.',
    });
    expect(call.state).toBe('active');
  });
});

describe("who the far side is (Voximplant's number(), callerid(), displayName())", () => {
  test("an outgoing call's remote.number is the number dialled, with no name until the line says one", async () => {
    const { phone } = await connectedPhone();
    const call = phone.call('+14155550123');
    expect(call.remote).toEqual({ number: '+14155550123' });
    expect(call.snapshot.remote.number).toBe('+14155550123');
  });

  test("an incoming call's remote.number and remote.name are the caller's, as the line reports them", async () => {
    const { phone, line } = await connectedPhone();
    line.signal({ type: 'incoming', callId: 'in-1', from: { number: '+14155550100', name: 'Ada' } });
    const call = phone.getCall('in-1');
    expect(call?.remote).toEqual({ number: '+14155550100', name: 'Ada' });
    expect(call?.direction).toBe('incoming');
  });
});
