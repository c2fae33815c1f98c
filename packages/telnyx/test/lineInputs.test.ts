/** The Telnyx line's input checks and its reading of Telnyx's hangup causes (no browser needed). */
import { HandsetError } from '@handset/core';
import { describe, expect, it } from 'vitest';
import { honouredOptions } from '../src/line/callOptions';
import { rejection, remoteEnd } from '../src/line/end';
import { checkLineOptions } from '../src/line/options';

const codeOf = (options: unknown) => {
  try {
    checkLineOptions(options as never);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(HandsetError);
    return (error as HandsetError).code;
  }
};

describe('telnyx() options', () => {
  it('takes a login token, or a login and password, and nothing else', () => {
    expect(codeOf({ loginToken: 'eyJ.a.b' })).toBeNull();
    expect(codeOf({ login: 'alice', password: 's3cret', host: 'wss://rtc.telnyx.com' })).toBeNull();
    expect(codeOf(undefined)).toBe('invalid-option');
    expect(codeOf({})).toBe('invalid-option');
    expect(codeOf({ login: 'alice' })).toBe('invalid-option');
    expect(codeOf({ login: 'alice', password: '' })).toBe('invalid-option');
    expect(codeOf({ loginToken: 'x', password: 'y' })).toBe('invalid-option');
    expect(codeOf({ loginToken: '' })).toBe('invalid-token');
    expect(codeOf({ loginToken: 'a b' })).toBe('invalid-token');
    expect(codeOf({ loginToken: 42 })).toBe('invalid-token');
    expect(codeOf({ loginToken: 'x', host: 'https://rtc.telnyx.com' })).toBe('invalid-option');
  });
});

describe("Telnyx's hangup causes", () => {
  it('map onto end reasons by Q.850 cause code, then SIP code, keeping the SIP code', () => {
    expect(remoteEnd(16, undefined, true, false)).toEqual({ reason: 'hangup' });
    expect(remoteEnd(17, 486, false, false)).toEqual({ reason: 'busy', sipCode: 486 });
    expect(remoteEnd(16, 600, false, false)).toEqual({ reason: 'busy', sipCode: 600 });
    expect(remoteEnd(21, 603, false, false)).toEqual({ reason: 'rejected', sipCode: 603 });
    expect(remoteEnd(19, undefined, false, false)).toEqual({ reason: 'no-answer' });
    expect(remoteEnd(18, 480, false, false)).toEqual({ reason: 'no-answer', sipCode: 480 });
    expect(remoteEnd(487, 487, false, false)).toEqual({ reason: 'cancelled', sipCode: 487 });
    expect(remoteEnd(16, undefined, false, true)).toEqual({ reason: 'cancelled' });
    expect(remoteEnd(1, 404, false, false)).toEqual({ reason: 'failed', sipCode: 404 });
    expect(rejection(486)).toEqual({ cause: 'USER_BUSY', causeCode: 17, sipCode: 486 });
    expect(rejection(600)).toEqual({ cause: 'USER_BUSY', causeCode: 17, sipCode: 600 });
    expect(rejection(603)).toEqual({ cause: 'CALL_REJECTED', causeCode: 21, sipCode: 603 });
  });
});

describe('honoured call options', () => {
  it('are every option the core knows but five: a new core option needs a decision here before it ships', () => {
    // The README's "Call options honoured" list; the core's timeoutSecs and timeLimitSecs are run by the core.
    expect([...honouredOptions].sort()).toEqual(
      [
        'id',
        'callerName',
        'callerNumber',
        'customHeaders',
        'clientState',
        'iceServers',
        'forceRelayCandidate',
        'prefetchIceCandidates',
        'trickleIce',
        'preferredCodecs',
        'audio',
        'video',
        'micId',
        'speakerId',
        'localStream',
        'localElement',
        'remoteElement',
        'useStereo',
        'telnyxCallControlId',
        'telnyxLegId',
        'telnyxSessionId',
        'timeoutSecs',
        'timeLimitSecs',
        'sdpASBandwidthKbps',
      ].sort(),
    );
  });
});
