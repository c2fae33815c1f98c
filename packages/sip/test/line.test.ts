import { HandsetError } from '@handset/core';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../src/backoff';
import { endFromSipCode } from '../src/mapEnd';
import { resolveSipOptions } from '../src/options';
import { sip } from '../src/SipLine';
import { callerInfoOf, incomingParty } from '../src/session/incoming';
import { noCommonAudioCodec } from '../src/session/sdp';

const good = { server: 'wss://sip.example.com/ws', uri: 'sip:alice@example.com', password: 's3cret-Pa55' };

function refusal(options: object): HandsetError {
  try {
    sip(options as never);
  } catch (error) {
    return error as HandsetError;
  }
  throw new Error('sip() accepted bad options');
}

describe('sip() options', () => {
  it('accepts a minimal configuration and fills the defaults', () => {
    const resolved = resolveSipOptions(good);
    expect(resolved.servers).toEqual(['wss://sip.example.com/ws']);
    expect(resolved.domain).toBe('example.com');
    expect(resolved.authorizationUsername).toBe('alice');
    expect(resolved.reconnection).toEqual({ baseMs: 500, maxMs: 30_000, maxAttempts: 10 });
    expect(sip(good).kind).toBe('sip');
  });

  it.each([
    [{ server: 'http://sip.example.com' }, 'server'],
    [{ server: 'wss://' }, 'server'],
    [{ server: [] }, 'server'],
    [{ server: ['wss://ok.example.com', 'ftp://bad'] }, 'server'],
    [{ server: 'ws://host:99999' }, 'server'],
    [{ uri: 'alice@example.com' }, 'uri'],
    [{ uri: 'sip:@example.com' }, 'uri'],
    [{ uri: 'sip:alice@exa mple.com' }, 'uri'],
    [{ displayName: 'Al"ice' }, 'displayName'],
    [{ iceServers: [{ urls: 'http://stun' }] }, 'iceServers'],
    [{ registerExpires: 5 }, 'registerExpires'],
    [{ reconnection: { baseMs: -1 } }, 'reconnection.baseMs'],
    [{ reconnection: { baseMs: 1000, maxMs: 10 } }, 'reconnection.maxMs'],
    [{ keepAliveSecs: Number.NaN }, 'keepAliveSecs'],
    [{ warmUpSecs: 0 }, 'warmUpSecs'],
    [{ dtmfMode: 'rtp' }, 'dtmfMode'],
    [{ userAgentString: 'a\r\nX-Evil: 1' }, 'userAgentString'],
  ])('refuses %j with invalid-option naming %s, never echoing the password', (bad, field) => {
    const error = refusal({ ...good, ...bad });
    expect(error).toBeInstanceOf(HandsetError);
    expect(error.code).toBe('invalid-option');
    expect(error.message).toContain(`{ ${field} }`);
    expect(error.message).not.toContain(good.password);
  });
});

describe('reconnection backoff', () => {
  const policy = { baseMs: 100, maxMs: 1000, maxAttempts: 5 };
  it('doubles from baseMs, is capped at maxMs, and jitters within the upper half', () => {
    expect(backoffDelay(policy, 1, () => 0)).toBe(50);
    expect(backoffDelay(policy, 1, () => 1)).toBe(100);
    expect(backoffDelay(policy, 3, () => 1)).toBe(400);
    expect(backoffDelay(policy, 10, () => 0)).toBe(500);
    expect(backoffDelay(policy, 10, () => 1)).toBe(1000);
  });
});

describe('SIP codes to end reasons', () => {
  it.each([
    [486, 'busy'],
    [600, 'busy'],
    [603, 'rejected'],
    [408, 'no-answer'],
    [480, 'no-answer'],
    [404, 'failed'],
    [484, 'failed'],
    [500, 'failed'],
    [503, 'failed'],
    [487, 'cancelled'],
  ])('%i → %s', (code, reason) => {
    expect(endFromSipCode(code)).toMatchObject({ reason, sipCode: code });
  });
});

describe('SDP: no voice codec in common', () => {
  // The SDP reader itself is the line kit's (packages/core/test/lineKit/sdp.test.ts).
  const offer = `v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111 126\r\na=rtpmap:111 opus/48000/2\r\na=rtpmap:126 telephone-event/8000\r\na=sendrecv\r\n`;
  it('finds when the far side has no voice codec in common', () => {
    expect(noCommonAudioCodec(offer, ['opus', 'pcmu'])).toBeUndefined();
    expect(noCommonAudioCodec(offer.replace('111 opus/48000/2', '111 X-NEW/8000'), ['opus', 'pcmu'])).toEqual(['x-new']);
    expect(noCommonAudioCodec(offer.replace('m=audio 9', 'm=audio 0'), ['opus'])).toEqual([]);
    expect(noCommonAudioCodec(offer, undefined)).toBeUndefined();
    expect(noCommonAudioCodec(undefined, ['opus'])).toBeUndefined();
  });
});

describe('the incoming caller', () => {
  it('shows the caller as E.164 when it is a number, else the SIP URI, with the name as plain text', () => {
    const identity = (user: string, displayName?: string) => ({ uri: { user, host: 'example.com' }, displayName }) as never;
    expect(incomingParty(identity('+14155550123', 'Bob'))).toEqual({ number: '+14155550123', name: 'Bob' });
    expect(incomingParty(identity('bob', '<b>Bob</b>\u0007'))).toEqual({ number: 'sip:bob@example.com', name: '<b>Bob</b>' });
    expect(incomingParty(identity('bob'))).toEqual({ number: 'sip:bob@example.com' });
  });
});

describe("the caller's STIR/SHAKEN verdict (callerInfo)", () => {
  /** A request with these header lines, as SIP.js's getHeaders reads them (names case-insensitive). */
  const request = (...lines: string[]) => ({
    getHeaders: (name: string) =>
      lines
        .filter((line) => line.slice(0, line.indexOf(':')).toLowerCase() === name)
        .map((line) => line.slice(line.indexOf(':') + 1).trim()),
  });

  it.each([
    ['P-Asserted-Identity: <tel:+14155550123;verstat=TN-Validation-Passed>', { isVerified: true }],
    ['P-Asserted-Identity: <sip:+14155550123@example.com;user=phone;verstat=TN-Validation-Passed-A>', { isVerified: true }],
    ['P-Asserted-Identity: <tel:+14155550123;verstat=TN-Validation-Passed-B>', { isVerified: false }],
    ['P-Asserted-Identity: <tel:+14155550123;verstat=TN-Validation-Failed>', { isVerified: false }],
    ['P-Asserted-Identity: <tel:+14155550123;verstat=No-TN-Validation>', { isVerified: false }],
    ['Identity: eyJ.e30.sig;info=<https://cert.example/c.pem>;ppt=shaken;verstat=tn-validation-passed', { isVerified: true }],
    ['From: <sip:+14155550123@example.com;verstat=TN-Validation-Failed>;tag=1', { isVerified: false }],
    ['P-Asserted-Identity: <tel:+14155550123>', null],
    ['P-Asserted-Identity: <tel:+14155550123;verstat=Something-Else>', null],
    ['X-Verstat: TN-Validation-Passed', null],
  ])('%s → %j', (line, expected) => {
    expect(callerInfoOf(request(line))).toEqual(expected);
  });

  it('prefers P-Asserted-Identity to From, and reads every P-Asserted-Identity', () => {
    expect(
      callerInfoOf(
        request(
          'From: <sip:+14155550123@example.com;verstat=TN-Validation-Failed>;tag=1',
          'P-Asserted-Identity: <sip:+14155550123@example.com>',
          'P-Asserted-Identity: <tel:+14155550123;verstat=TN-Validation-Passed>',
        ),
      ),
    ).toEqual({ isVerified: true });
  });
});
