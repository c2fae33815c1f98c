import fc from 'fast-check';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { type Call, type CallState, callTransitions, createPhone, HandsetError, type LineSignal } from '../src';
import { ScriptedLine } from '../src/testing';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const commands = [
  'accept',
  'reject',
  'ignore',
  'hangup',
  'hold',
  'unhold',
  'toggleHold',
  'mute',
  'unmute',
  'sendDigits',
  'sendMessage',
  'sendInfo',
] as const;
// 'connected' twice: answered calls are where hold, swap and call-waiting rules live.
const signals = [
  'ringing',
  'early',
  'answered',
  'connected',
  'connected',
  'ended',
  'remoteHold',
  'remoteUnhold',
  'holdFailed',
  'unholdFailed',
  'reconnecting',
  'reconnected',
  'dtmf',
  'message',
] as const;

type Step =
  | { kind: 'dial' }
  | { kind: 'incoming' }
  | { kind: 'command'; call: number; name: (typeof commands)[number] }
  | { kind: 'signal'; call: number; name: (typeof signals)[number] }
  | { kind: 'time'; ms: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<Step>({ kind: 'dial' }) },
  { weight: 1, arbitrary: fc.constant<Step>({ kind: 'incoming' }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('command' as const), call: fc.nat(2), name: fc.constantFrom(...commands) }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('signal' as const), call: fc.nat(2), name: fc.constantFrom(...signals) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('time' as const), ms: fc.integer({ min: 0, max: 40_000 }) }) },
);

function signalFor(name: (typeof signals)[number], callId: string): LineSignal {
  const error = new HandsetError('call-failed', 'scripted failure');
  switch (name) {
    case 'ringing':
      return { type: 'ringing', callId, earlyMedia: false };
    case 'early':
      return { type: 'ringing', callId, earlyMedia: true };
    case 'ended':
      return { type: 'ended', callId, end: { reason: 'hangup' } };
    case 'remoteHold':
      return { type: 'remoteHold', callId, held: true };
    case 'remoteUnhold':
      return { type: 'remoteHold', callId, held: false };
    case 'holdFailed':
    case 'unholdFailed':
      return { type: name, callId, error };
    case 'dtmf':
      return { type: 'dtmf', callId, digit: '5' };
    case 'message':
      return { type: 'message', callId, message: { content: 'hi', contentType: 'text/plain', messageType: 'user-defined-message' } };
    default:
      return { type: name, callId };
  }
}

function runCommand(call: Call, name: (typeof commands)[number]): void {
  if (name === 'unmute') call.mute(false);
  else if (name === 'sendDigits') call.sendDigits('12w#');
  else if (name === 'sendMessage') call.sendMessage('hello');
  else if (name === 'sendInfo') call.sendInfo('application/x-test', 'body');
  else call[name]();
}

/** Whether the table has some event leading from `from` to `to`. */
const reachable = (from: CallState, to: CallState) => Object.values(callTransitions[from]).includes(to as never);

/**
 * Runs the steps on a fresh phone and checks every invariant after each one, throwing (inside the property, so
 * fast-check sees the failure and shrinks it) on the first broken one. `legal` decides which state changes the
 * table allows: the table itself, or a sabotaged one in the test that proves this check can fail.
 */
function checkInvariants(steps: readonly Step[], legal: (from: CallState, to: CallState) => boolean): void {
  const line = new ScriptedLine();
  const phone = createPhone({ line });
  void phone.connect();
  const calls: Call[] = [];
  const ended = new Map<Call, number>();
  const afterEnd: string[] = [];
  // Listeners only record: an expect() thrown inside one would surface after the test, not fail this run.
  const illegal: string[] = [];
  const watch = (call: Call) => {
    calls.push(call);
    ended.set(call, 0);
    const events = [
      'state',
      'ringing',
      'accept',
      'hold',
      'unhold',
      'mute',
      'reconnecting',
      'reconnected',
      'dtmf',
      'messageReceived',
      'error',
      'ended',
    ] as const;
    for (const event of events) {
      call.on(event, (...args: unknown[]) => {
        if ((ended.get(call) ?? 0) > 0) afterEnd.push(event);
        if (event === 'ended') ended.set(call, (ended.get(call) ?? 0) + 1);
        if (event === 'state') {
          const [next, previous] = args as [CallState, CallState];
          if (!legal(previous, next)) illegal.push(`${previous} → ${next}`);
        }
      });
    }
  };
  phone.on('incoming', watch);
  let incomingCount = 0;
  for (const s of steps) {
    if (s.kind === 'dial') {
      watch(phone.call('+14155550123'));
    } else if (s.kind === 'incoming') {
      line.signal({ type: 'incoming', callId: `in-${++incomingCount}`, from: { number: '+14155550100' } });
    } else if (s.kind === 'time') {
      vi.advanceTimersByTime(s.ms);
    } else {
      const call = calls[s.call % Math.max(calls.length, 1)];
      if (!call) continue;
      if (s.kind === 'signal') line.signal(signalFor(s.name, call.id));
      else {
        const before = line.commands.length;
        try {
          runCommand(call, s.name);
        } catch (error) {
          expect(error).toBeInstanceOf(HandsetError);
          expect(line.commands.length, `${s.name} threw but sent something`).toBe(before);
        }
      }
    }
    expect(illegal, 'state changes the table does not allow').toEqual([]);
    const store = phone.store.getState();
    for (const call of calls) {
      // the store holds exactly the call's own snapshot (or has dropped an old ended call)
      const kept = store.calls[call.id];
      if (kept !== undefined) expect(kept).toBe(call.snapshot);
      expect(Object.keys(callTransitions)).toContain(call.state);
      expect(call.state === 'ended').toBe(call.end !== null);
    }
    // the microphone is live on one call only
    expect(calls.filter((c) => c.state === 'active' && !c.isMuted()).length).toBeLessThanOrEqual(1);
    expect(store.callIds).toEqual(calls.filter((c) => c.state !== 'ended').map((c) => c.id));
  }
  for (const call of calls) expect(ended.get(call)).toBe(call.state === 'ended' ? 1 : 0);
  expect(afterEnd).toEqual([]);
  phone.dispose();
  for (const call of calls) expect(ended.get(call)).toBe(1);
}

const steps = fc.array(step, { minLength: 1, maxLength: 60 });

test('random commands and signals keep every invariant', () => {
  fc.assert(
    fc.property(steps, (s) => checkInvariants(s, reachable)),
    { numRuns: 1000 },
  );
}, 60_000);

test('an illegal state change fails the property itself, and fast-check shrinks it to the few steps that cause it', () => {
  // Sabotage: pretend the table forbids dialing → ringing. The check must catch it inside the run, not after the test.
  const sabotaged = (from: CallState, to: CallState) => !(from === 'dialing' && to === 'ringing') && reachable(from, to);
  const result = fc.check(
    fc.property(steps, (s) => checkInvariants(s, sabotaged)),
    { numRuns: 1000, seed: 42 },
  );
  expect(result.failed).toBe(true);
  // Shrunk from up to 60 random steps to a handful that begin with the dial and its ringing.
  const counterexample = result.counterexample?.[0] ?? [];
  expect(result.numShrinks).toBeGreaterThan(0);
  expect(counterexample.length).toBeLessThanOrEqual(3);
  expect(counterexample.slice(0, 2)).toEqual([
    { kind: 'dial' },
    { kind: 'signal', call: 0, name: expect.stringMatching(/^(ringing|early)$/) },
  ]);
  expect(String(result.errorInstance)).toContain('dialing → ringing');
});
