import { describe, expect, test } from 'vitest';
import { createPhone, HandsetError, type RegistrationState } from '../src';
import { ScriptedLine } from '../src/testing';
import { answer, callCommands, connectedPhone, incoming } from './helpers';

describe('registration', () => {
  test('creating a phone does nothing; connect() registers once even when called twice', async () => {
    const line = new ScriptedLine({ autoRegister: false });
    const phone = createPhone({ line });
    expect(line.commands).toEqual([]);
    const states: RegistrationState[] = [];
    phone.on('registration', (s) => states.push(s));
    const first = phone.connect();
    const second = phone.connect();
    expect(second).toBe(first);
    expect(line.sent({ type: 'register' })).toHaveLength(1);
    expect(line.sent({ type: 'start' })).toHaveLength(1);
    line.signal({ type: 'registration', state: 'registered' });
    await first;
    expect(states).toEqual(['registering', 'registered']);
    await phone.connect();
    expect(line.sent({ type: 'register' })).toHaveLength(1);
    expect(phone.line.kind).toBe('scripted'); // Voximplant's clientType()
  });

  test('a failed registration rejects connect() with the line error and keeps it in the store', async () => {
    const line = new ScriptedLine({ autoRegister: false });
    const phone = createPhone({ line });
    const connecting = phone.connect();
    line.signal({ type: 'registration', state: 'failed', error: new HandsetError('registration-failed', 'Wrong password for alice.') });
    await expect(connecting).rejects.toMatchObject({ code: 'registration-failed' });
    expect(phone.store.getState().registration).toMatchObject({
      state: 'failed',
      error: { code: 'registration-failed', message: 'Wrong password for alice.' },
    });
    // a later connect tries again
    const retry = phone.connect();
    expect(phone.registration).toBe('registering');
    line.signal({ type: 'registration', state: 'registered' });
    await retry;
    expect(phone.store.getState().registration.error).toBeNull();
  });

  test('reconnecting and back; placing a call while not registered is refused', async () => {
    const { phone, line } = await connectedPhone();
    line.signal({ type: 'registration', state: 'reconnecting' });
    expect(() => phone.call('+14155550123')).toThrow(expect.objectContaining({ code: 'not-connected' }));
    expect(line.sent({ type: 'dial' })).toEqual([]);
    line.signal({ type: 'registration', state: 'registered' });
    expect(phone.call('+14155550123').state).toBe('dialing');
  });

  test('disconnect hangs up every call and unregisters; dispose rejects a pending connect', async () => {
    const { phone, line } = await connectedPhone();
    const a = phone.call('+14155550123');
    const b = incoming(phone, line);
    await phone.disconnect();
    expect(a.end).toEqual({ reason: 'hangup', by: 'system' });
    expect(b.end).toEqual({ reason: 'hangup', by: 'system' });
    expect(line.sent({ type: 'reject' })[0]?.args[1]).toBe(480);
    expect(phone.registration).toBe('unregistered');
    const other = createPhone({ line: new ScriptedLine({ autoRegister: false }) });
    const pending = other.connect();
    other.dispose();
    await expect(pending).rejects.toMatchObject({ code: 'phone-disposed' });
    expect(() => other.call('+14155550123')).toThrow(expect.objectContaining({ code: 'phone-disposed' }));
  });
});

describe('several calls', () => {
  test('call waiting: a second incoming call while one is active; accepting it holds the first', async () => {
    const { phone, line } = await connectedPhone();
    const first = phone.call('+14155550123');
    answer(line, first);
    expect(phone.activeCall).toBe(first);
    const second = incoming(phone, line, 'waiting');
    expect(phone.calls).toEqual([first, second]);
    expect(phone.activeCall).toBe(first); // an unanswered call never takes focus
    second.accept();
    expect(first.state).toBe('held');
    expect(line.sent({ type: 'hold' })[0]?.args).toEqual([first.id]);
    expect(phone.activeCall).toBe(second);
    line.signal({ type: 'connected', callId: second.id });
    // swap back: unholding the first holds the second
    first.unhold();
    expect(second.state).toBe('held');
    expect(first.state).toBe('active');
    expect(phone.store.getState().activeCallId).toBe(first.id);
    expect(phone.calls.filter((c) => c.state === 'active')).toHaveLength(1);
  });

  test('dialing while a call is active holds the active call first', async () => {
    const { phone, line } = await connectedPhone();
    const first = phone.call('+14155550123');
    answer(line, first);
    const second = phone.call('+14155550124');
    expect(first.state).toBe('held');
    expect(callCommands(line).slice(-2)).toEqual(['hold', 'dial']);
    expect(phone.activeCall).toBe(second);
    second.hangup();
    expect(phone.activeCall).toBe(first);
  });

  test('two calls dialled at once: whichever answers, the one dialled last keeps the microphone', async () => {
    for (const order of [
      ['first', 'second'],
      ['second', 'first'],
    ] as const) {
      const { phone, line } = await connectedPhone();
      const calls = { first: phone.call('+14155550123'), second: phone.call('+14155550124') };
      for (const name of order) answer(line, calls[name]);
      expect(calls.second.state).toBe('active');
      expect(calls.first.state).toBe('held');
      expect(phone.activeCall).toBe(calls.second);
    }
  });

  test('a refused hold rolls back and mutes the call that lost the focus', async () => {
    const { phone, line } = await connectedPhone();
    const first = phone.call('+14155550123');
    answer(line, first);
    const second = incoming(phone, line);
    second.accept();
    line.signal({ type: 'connected', callId: second.id });
    expect(first.state).toBe('held');
    line.signal({ type: 'holdFailed', callId: first.id, error: new HandsetError('call-failed', '491 Request Pending') });
    expect(first.state).toBe('active');
    expect(first.isMuted()).toBe(true);
    expect(second.isMuted()).toBe(false);
  });

  test('ended calls leave the live list but stay in the store, up to keepEndedCalls', async () => {
    const { phone } = await connectedPhone({ keepEndedCalls: 2 });
    const ids = [1, 2, 3].map((n) => {
      const call = phone.call(`+1415555012${n}`);
      call.hangup();
      return call.id;
    });
    const state = phone.store.getState();
    expect(phone.calls).toEqual([]);
    expect(state.callIds).toEqual([]);
    expect(state.endedCallIds).toEqual(ids.slice(1));
    expect(Object.keys(state.calls).sort()).toEqual(ids.slice(1).sort());
    expect(state.calls[ids[2] as string]?.end?.reason).toBe('cancelled');
  });

  test('a duplicate id is refused', async () => {
    const { phone, line } = await connectedPhone();
    phone.call('+14155550123', { id: 'same' });
    expect(() => phone.call('+14155550124', { id: 'same' })).toThrow(expect.objectContaining({ code: 'duplicate-call-id' }));
    expect(line.sent({ type: 'dial' })).toHaveLength(1);
  });

  test('line-specific destinations are accepted only when the line says so', async () => {
    const { phone } = await connectedPhone({ destinations: ['echo'] });
    expect(phone.call('echo').remote.number).toBe('echo');
    expect(() => phone.call('ivr')).toThrow(expect.objectContaining({ code: 'invalid-destination' }));
  });
});

describe('store', () => {
  test('snapshots are frozen, replaced on change, and equal to the call state', async () => {
    const { phone, line } = await connectedPhone();
    const before = phone.store.getState();
    const call = phone.call('+14155550123');
    const after = phone.store.getState();
    expect(after).not.toBe(before);
    expect(before.callIds).toEqual([]);
    expect(Object.isFrozen(after.calls)).toBe(true);
    expect(Object.isFrozen(after.calls[call.id])).toBe(true);
    const snapshot = call.snapshot;
    answer(line, call);
    expect(snapshot.state).toBe('dialing');
    expect(phone.store.getState().calls[call.id]).toBe(call.snapshot);
    expect(JSON.parse(JSON.stringify(phone.store.getState()))).toEqual(phone.store.getState());
  });

  test('the store facade cannot be written', async () => {
    const { phone } = await connectedPhone();
    expect('setState' in phone.store).toBe(false);
    expect(Object.isFrozen(phone.store)).toBe(true);
  });
});

describe('media kit', () => {
  test('is attached on first use, so a phone built and thrown away (React StrictMode) cannot take it over', async () => {
    const hosts: import('../src').PhoneMediaHost[] = [];
    const media: import('../src').PhoneMedia = {
      attach: (host) => void hosts.push(host),
      getLocalStream: () => Promise.reject(new Error('no media in unit tests')),
      addCall: () => {},
      endCall: () => undefined,
      dispose: () => {},
    };
    const discarded = createPhone({ line: new ScriptedLine(), media });
    const kept = createPhone({ line: new ScriptedLine(), media });
    expect(hosts).toHaveLength(0);
    await kept.connect();
    expect(hosts).toHaveLength(1);
    hosts[0]?.update((state) => ({ media: { ...state.media, audioBlocked: true } }));
    expect(kept.store.getState().media.audioBlocked).toBe(true);
    expect(discarded.store.getState().media.audioBlocked).toBe(false);
    void kept.media;
    expect(hosts).toHaveLength(1);
  });
});

test('without Web Audio the media kit reports the missing sound instead of throwing in call listeners', async () => {
  const { browserMedia } = await import('../src/media');
  const line = new ScriptedLine();
  const phone = createPhone({
    line,
    media: browserMedia({
      createAudioContext: () => {
        throw new HandsetError('unsupported', 'No Web Audio here.');
      },
    }),
  });
  await phone.connect();
  const uncaught: unknown[] = [];
  const original = globalThis.queueMicrotask;
  globalThis.queueMicrotask = (fn) => {
    try {
      fn();
    } catch (e) {
      uncaught.push(e);
    }
  };
  try {
    line.signal({ type: 'incoming', callId: 'in', from: { number: '+14155550100' } });
  } finally {
    globalThis.queueMicrotask = original;
  }
  expect(uncaught).toEqual([]);
  expect(phone.store.getState().media.audioError?.code).toBe('unsupported');
  expect(phone.getCall('in')?.state).toBe('incoming');
});
