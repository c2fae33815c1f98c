import { describe, expect, it } from 'vitest';
import { validateCallOptions } from '../../src';
import { callOptionsExcept, withoutEmpty } from '../../src/line-kit';

describe('withoutEmpty', () => {
  it('leaves out undefined, null and empty strings, and keeps false, 0 and everything else in order', () => {
    const list = [1];
    expect(withoutEmpty({ a: undefined, b: false, c: null, d: 0, e: '', f: 'x', g: list })).toEqual({ b: false, d: 0, f: 'x', g: list });
    expect(Object.keys(withoutEmpty({ z: 1, y: undefined, x: 2 }))).toEqual(['z', 'x']);
    expect(withoutEmpty({ a: undefined })).toEqual({});
  });

  it('leaves the given object as it was', () => {
    const given = { a: 'x', b: undefined };
    withoutEmpty(given);
    expect(given).toEqual({ a: 'x', b: undefined });
    expect('b' in given).toBe(true);
  });
});

describe('callOptionsExcept', () => {
  it('honours every call option the core takes but the ones named', () => {
    const honoured = callOptionsExcept('customData', 'camId');
    expect(honoured.has('customData')).toBe(false);
    expect(honoured.has('camId')).toBe(false);
    expect(['id', 'callerName', 'iceServers', 'useStereo', 'telnyxLegId'].every((name) => honoured.has(name))).toBe(true);
  });

  it('names exactly the options the core checks: none that it refuses as a typo, none that it reports as unsupported', () => {
    const all = callOptionsExcept();
    expect(all.has('on')).toBe(false);
    // Each name with a valid value, given to a line that honours them all: accepted, and nothing unsupported.
    const values: Record<string, unknown> = {
      id: 'c1',
      callerName: 'Support',
      callerNumber: '+15551230001',
      customHeaders: [],
      clientState: 'YWJj',
      customData: 'x',
      parameters: {},
      timeoutSecs: 30,
      timeLimitSecs: 60,
      iceServers: [],
      forceRelayCandidate: false,
      trickleIce: true,
      preferredCodecs: ['opus'],
      sdpASBandwidthKbps: 32,
      audio: true,
      video: false,
      micId: 'mic',
      camId: 'cam',
      speakerId: 'spk',
      useStereo: false,
      prefetchIceCandidates: false,
      telnyxCallControlId: 'a',
      telnyxLegId: 'b',
      telnyxSessionId: 'c',
      sessionId: 'd',
    };
    const elements = ['localStream', 'remoteStream', 'localElement', 'remoteElement'];
    expect(new Set([...Object.keys(values), ...elements])).toEqual(all);
    expect(validateCallOptions(values, all).unsupported).toEqual([]);
    expect(validateCallOptions(values, callOptionsExcept('camId', 'sessionId')).unsupported).toEqual(['camId', 'sessionId']);
  });
});
