/**
 * What call options do in the core itself, with a scripted line: `parameters` and the line's
 * `customParameters` become `callCustomParameters(call)`, the line's `callerInfo` becomes
 * `call.callerInfo`, options a line cannot honour are reported on the call or refused under
 * `strictOptions`, and accept options reach the line. Their effect on real media is proved by
 * the sandbox and SIP browser tests.
 */

import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { type CallOptions, createPhone, type HandsetError } from '../src';
import { callCustomParameters } from '../src/parity';
import { ScriptedLine } from '../src/testing';
import { connectedPhone } from './helpers';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** Stands for an HTMLMediaElement or MediaStream: Node has neither class, so the core checks for an object. */
const stand = (kind: string): never => ({ kind }) as never;

describe('customParameters', () => {
  test('the parameters option becomes callCustomParameters(call), a Map, and the snapshot keeps a frozen copy', async () => {
    const { phone } = await connectedPhone();
    const parameters = { ticket: '42', queue: 'sales' };
    const call = phone.call('+14155550123', { parameters });
    const map = callCustomParameters(call);
    expect(map).toBeInstanceOf(Map);
    expect([...map]).toEqual([
      ['ticket', '42'],
      ['queue', 'sales'],
    ]);
    expect(call.snapshot.customParameters).toEqual(parameters);
    expect(phone.store.getState().calls[call.id]?.customParameters).toEqual(parameters);
    expect(Object.isFrozen(call.snapshot.customParameters)).toBe(true);
    // Neither the caller's object nor the returned Map is the call's own state.
    parameters.ticket = 'changed';
    (map as Map<string, string>).set('queue', 'changed');
    expect(callCustomParameters(call).get('ticket')).toBe('42');
    expect(callCustomParameters(call).get('queue')).toBe('sales');
  });

  test('parameters from callDefaults are merged under the call’s own, which win as a whole', async () => {
    const line = new ScriptedLine();
    const phone = createPhone({ line, callDefaults: { parameters: { tenant: 'acme' } } });
    await phone.connect();
    expect([...callCustomParameters(phone.call('+14155550123'))]).toEqual([['tenant', 'acme']]);
    expect([...callCustomParameters(phone.call('+14155550124', { parameters: { ticket: '7' } }))]).toEqual([['ticket', '7']]);
  });

  test('an incoming call takes the customParameters of the line’s incoming signal; none gives an empty Map', async () => {
    const { phone, line } = await connectedPhone();
    line.signal({ type: 'incoming', callId: 'in-1', from: { number: '+14155550100' }, customParameters: { crm: 'A-17', lang: 'fr' } });
    line.signal({ type: 'incoming', callId: 'in-2', from: { number: '+14155550101' } });
    const withParameters = phone.getCall('in-1');
    expect(withParameters && callCustomParameters(withParameters).get('crm')).toBe('A-17');
    expect([...(withParameters ? callCustomParameters(withParameters) : [])]).toEqual([
      ['crm', 'A-17'],
      ['lang', 'fr'],
    ]);
    const none = phone.getCall('in-2');
    expect(none && callCustomParameters(none).size).toBe(0);
    expect(phone.store.getState().calls['in-1']?.customParameters).toEqual({ crm: 'A-17', lang: 'fr' });
  });
});

describe('callerInfo', () => {
  test('comes from the line’s incoming signal: verified, not verified, or null when the line says nothing', async () => {
    const { phone, line } = await connectedPhone();
    line.signal({ type: 'incoming', callId: 'verified', from: { number: '+14155550100' }, callerInfo: { isVerified: true } });
    line.signal({ type: 'incoming', callId: 'unverified', from: { number: '+14155550101' }, callerInfo: { isVerified: false } });
    line.signal({ type: 'incoming', callId: 'unknown', from: { number: '+14155550102' } });
    expect(phone.getCall('verified')?.callerInfo).toEqual({ isVerified: true });
    expect(phone.getCall('unverified')?.callerInfo).toEqual({ isVerified: false });
    expect(phone.getCall('unknown')?.callerInfo).toBeNull();
    expect(phone.store.getState().calls.verified?.callerInfo).toEqual({ isVerified: true });
    // An outgoing call has no caller to verify.
    expect(phone.call('+14155550123').callerInfo).toBeNull();
  });

  test('stays on the ended call’s snapshot', async () => {
    const { phone, line } = await connectedPhone();
    line.signal({ type: 'incoming', callId: 'in-1', from: { number: '+14155550100' }, callerInfo: { isVerified: true } });
    const call = phone.getCall('in-1');
    call?.reject();
    expect(call?.state).toBe('ended');
    expect(phone.store.getState().calls['in-1']?.callerInfo).toEqual({ isVerified: true });
  });
});

/** Options handset validates but neither line honours: video (handset is audio-only) and stereo. */
const videoOptions = {
  camId: 'camera-1',
  video: { width: 640 },
  localElement: stand('HTMLMediaElement'),
  remoteStream: stand('MediaStream'),
  useStereo: true,
} satisfies CallOptions;

describe('options a line cannot honour', () => {
  test('camId, video, localElement, remoteStream, useStereo: listed in unsupportedOptions, one option-unsupported error, the call still dials', async () => {
    const { phone, line } = await connectedPhone();
    const errors: HandsetError[] = [];
    const call = phone.call('+14155550123', { ...videoOptions, timeoutSecs: 20, on: { error: (error) => errors.push(error) } });
    expect(call.snapshot.unsupportedOptions).toEqual(['camId', 'video', 'localElement', 'remoteStream', 'useStereo']);
    expect(phone.store.getState().calls[call.id]?.unsupportedOptions).toEqual(call.snapshot.unsupportedOptions);
    expect(errors.map((e) => e.code)).toEqual(['option-unsupported']);
    expect(errors[0]?.message).toBe('The scripted line ignores: camId, video, localElement, remoteStream, useStereo.');
    expect(call.snapshot.error?.code).toBe('option-unsupported');
    expect(call.state).toBe('dialing');
    // The core does not strip them: the line is told, and is free to ignore them.
    expect(line.sent({ type: 'dial' })[0]?.args[0]).toMatchObject({ callId: call.id, options: { ...videoOptions, timeoutSecs: 20 } });
  });

  test('with strictOptions the same call is refused with option-unsupported naming each option, and nothing is dialled', async () => {
    const { phone, line } = await connectedPhone({ strictOptions: true });
    let refused: HandsetError | undefined;
    try {
      phone.call('+14155550123', videoOptions);
    } catch (error) {
      refused = error as HandsetError;
    }
    expect(refused?.code).toBe('option-unsupported');
    expect(refused?.message).toBe('The scripted line cannot honour: camId, video, localElement, remoteStream, useStereo.');
    expect(line.sent({ type: 'dial' })).toEqual([]);
    expect(phone.calls).toEqual([]);
    expect(phone.store.getState().callIds).toEqual([]);
    // Options the line honours are not refused.
    expect(phone.call('+14155550123', { timeoutSecs: 20, parameters: { a: 'b' } }).snapshot.unsupportedOptions).toEqual([]);
  });

  test('each option is judged by the line’s capabilities: one that lists video is not told it is unsupported', async () => {
    const line = new ScriptedLine({ capabilities: { options: new Set(['video', 'camId']) } });
    const phone = createPhone({ line, strictOptions: true });
    await phone.connect();
    const call = phone.call('+14155550123', { video: true, camId: 'camera-1' });
    expect(call.snapshot.unsupportedOptions).toEqual([]);
    expect(call.snapshot.error).toBeNull();
    expect(() => phone.call('+14155550124', { video: true, useStereo: true })).toThrow(
      expect.objectContaining({ code: 'option-unsupported', message: 'The scripted line cannot honour: useStereo.' }),
    );
  });

  test('unsupported options given in callDefaults are reported on every call, and refused under strictOptions', async () => {
    const line = new ScriptedLine();
    const phone = createPhone({ line, callDefaults: { useStereo: true, trickleIce: true } });
    await phone.connect();
    expect(phone.call('+14155550123').snapshot.unsupportedOptions).toEqual(['useStereo', 'trickleIce']);
    const strict = createPhone({ line: new ScriptedLine(), callDefaults: { trickleIce: true }, strictOptions: true });
    await strict.connect();
    expect(() => strict.call('+14155550123')).toThrow(expect.objectContaining({ code: 'option-unsupported' }));
  });
});

describe('accept options reach the line', () => {
  test('audio constraints, iceServers, video and localStream are handed to line.accept', async () => {
    const { phone, line } = await connectedPhone();
    line.signal({ type: 'incoming', callId: 'in-1', from: { number: '+14155550100' } });
    const localStream = stand('MediaStream');
    const iceServers = [{ urls: 'turn:turn.example.com:3478', username: 'u', credential: 'p' }];
    phone.getCall('in-1')?.accept({ audio: { echoCancellation: false }, iceServers, video: true, localStream });
    expect(line.sent({ type: 'accept' })[0]?.args).toEqual([
      'in-1',
      { headers: [], audio: { echoCancellation: false }, video: true, localStream, iceServers },
    ]);
  });

  test('micId and remoteElement reach line.accept, and the media kit hears the accept options (it plays the far side there)', async () => {
    const accepted: unknown[] = [];
    const media = {
      attach: () => {},
      getLocalStream: () => Promise.reject(new Error('unused')),
      addCall: () => {},
      acceptCall: (_call: unknown, options: unknown) => accepted.push(options),
      endCall: () => undefined,
      dispose: () => {},
    };
    const line = new ScriptedLine();
    const phone = createPhone({ line, media });
    await phone.connect();
    line.signal({ type: 'incoming', callId: 'in-1', from: { number: '+14155550100' } });
    const remoteElement = stand('HTMLMediaElement');
    phone.getCall('in-1')?.accept({ micId: 'headset', remoteElement, timeLimitSecs: 60 });
    expect(line.sent({ type: 'accept' })[0]?.args[1]).toEqual({ headers: [], audio: true, video: false, micId: 'headset', remoteElement });
    expect(accepted).toEqual([{ micId: 'headset', remoteElement, timeLimitSecs: 60 }]);
  });

  test('without accept options the line is asked for audio only and no ICE servers of the call’s own', async () => {
    const { phone, line } = await connectedPhone();
    line.signal({ type: 'incoming', callId: 'in-1', from: { number: '+14155550100' } });
    phone.getCall('in-1')?.accept();
    expect(line.sent({ type: 'accept' })[0]?.args[1]).toEqual({ headers: [], audio: true, video: false });
  });
});
