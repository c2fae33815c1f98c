/** The Twilio line's pure mappings: tokens, errors, end reasons, quality samples and warnings. */
import { HandsetError } from '@handset/core';
import { describe, expect, it } from 'vitest';
import { checkAccessToken } from '../src/line/accessToken';
import { endOf, twilioError } from '../src/line/errors';
import { sampleOf, warningOf } from '../src/line/quality';
import { rtcOptions } from '../src/line/rtc';
import { testToken } from '../src/stand-in/token';

describe('checkAccessToken', () => {
  it('returns the expiry of a JWT with exp, in ms', () => {
    const expiresAt = checkAccessToken(testToken({ identity: 'alice', ttlSecs: 600 }));
    expect(expiresAt).toBeGreaterThan(Date.now() + 590_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 600_000);
  });
  it.each([undefined, '', 'abc', 'a.b.c', 42])('refuses %j as invalid-token', (token) => {
    expect(() => checkAccessToken(token)).toThrow(expect.objectContaining({ code: 'invalid-token' }));
  });
  it('refuses an expired token as token-expired, with Twilio code 20104', () => {
    const error = (() => {
      try {
        checkAccessToken(testToken({ identity: 'alice', ttlSecs: -1 }));
      } catch (caught) {
        return caught as HandsetError;
      }
    })();
    expect(error).toBeInstanceOf(HandsetError);
    expect(error).toMatchObject({ code: 'token-expired', providerCode: 20104 });
  });
});

describe('twilioError', () => {
  it.each([
    [20104, false, 'token-expired'],
    [31205, false, 'token-expired'],
    [20101, false, 'invalid-token'],
    [20151, false, 'invalid-token'],
    [31204, false, 'invalid-token'],
    [31005, true, 'call-failed'],
    [31005, false, 'line-error'],
    [53001, true, 'line-error'],
    [53405, false, 'line-error'],
  ] as const)('Twilio %i (on a call: %s) is %s, keeping code, message and cause', (code, onCall, expected) => {
    const cause = { code, message: 'from Twilio' };
    const error = twilioError(cause, onCall);
    expect(error).toMatchObject({ code: expected, providerCode: code, cause });
    expect(error.message).toBe(`Twilio ${code}: from Twilio`);
  });
});

describe('endOf', () => {
  const error = (code: number) => twilioError({ code, message: 'x' }, true);
  it('maps the gateway precise errors to end reasons with SIP codes', () => {
    expect(endOf(error(31486), false)).toMatchObject({ reason: 'busy', sipCode: 486 });
    expect(endOf(error(31603), false)).toMatchObject({ reason: 'rejected', sipCode: 603 });
    expect(endOf(error(31480), false)).toMatchObject({ reason: 'no-answer', sipCode: 480 });
  });
  it('other errors fail an unanswered call and drop an answered one; no error is a hangup', () => {
    expect(endOf(error(31005), false).reason).toBe('failed');
    expect(endOf(error(31005), true).reason).toBe('network');
    expect(endOf(null, true)).toEqual({ reason: 'hangup' });
    expect(endOf(null, false)).toEqual({ reason: 'failed' });
  });
});

describe('quality', () => {
  it('maps every field of the SDK sample; outboundPacketsLostFraction is not in it (0)', () => {
    const totals = {
      packetsReceived: 500,
      packetsLost: 2,
      packetsLostFraction: 0.4,
      packetsSent: 498,
      bytesReceived: 80_000,
      bytesSent: 79_680,
    };
    const sdk = {
      audioInputLevel: 1200,
      audioOutputLevel: 900,
      bytesReceived: 8000,
      bytesSent: 8000,
      packetsReceived: 50,
      packetsSent: 50,
      packetsLost: 1,
      packetsLostFraction: 2,
      jitter: 3,
      rtt: 40,
      mos: 4.3,
      codecName: 'pcmu',
      timestamp: 1_700_000_000_000,
      totals,
    };
    expect(sampleOf(sdk)).toEqual({ ...sdk, outboundPacketsLostFraction: 0, totals });
    expect(sampleOf({ ...sdk, mos: null }).mos).toBeNull();
  });
  it('renames Twilio warnings to handset names and drops unknown ones', () => {
    expect(warningOf('high-packets-lost-fraction')).toBe('high-packet-loss');
    expect(warningOf('constant-audio-output-level')).toBeNull();
    expect(warningOf('low-bytes-received')).toBe('low-bytes-received');
    expect(warningOf('high-rtt')).toBe('high-rtt');
    expect(warningOf('ice-connectivity-lost')).toBe('ice-connectivity-lost');
    expect(warningOf('something-new')).toBeNull();
  });
});

describe('rtcOptions', () => {
  it('passes ICE servers, relay only and the microphone to the SDK', () => {
    expect(rtcOptions({ iceServers: [{ urls: 'turn:t.example' }], forceRelayCandidate: true, micId: 'mic-2' })).toEqual({
      rtcConfiguration: { iceServers: [{ urls: 'turn:t.example' }], iceTransportPolicy: 'relay' },
      rtcConstraints: { audio: { deviceId: { exact: 'mic-2' } } },
    });
    expect(rtcOptions({})).toEqual({});
    expect(rtcOptions({ audio: { echoCancellation: false } })).toEqual({ rtcConstraints: { audio: { echoCancellation: false } } });
  });
});
