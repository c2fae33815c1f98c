/** The stand-in's and the line's pure parts, without a browser: frames, accounts, SDP directions, failure codes. */

import { customHeaders } from '@handset/core/line-kit';
import { describe, expect, it } from 'vitest';
import { failureOf, loginError } from '../src/line/errors';
import { headerRecord } from '../src/line/headers';
import { Account, oneTimeKeyHash } from '../src/stand-in/account';
import { audioDirection } from '../src/stand-in/calls';
import { decodeFrame, encodeFrame } from '../src/stand-in/frames';
import { StandIn, TEST_USER } from '../src/stand-in/standIn';

describe('Voximplant frames', () => {
  it('are positional { name, params } JSON; anything else is not a frame', () => {
    expect(decodeFrame(encodeFrame('login', ['a', 'b', {}]))).toEqual({ name: 'login', params: ['a', 'b', {}] });
    expect(decodeFrame('{"name":"__ping"}')).toEqual({ name: '__ping', params: [] });
    expect(decodeFrame('not json')).toBeNull();
    expect(decodeFrame('{"params":[]}')).toBeNull();
  });
});

describe('the stand-in account', () => {
  const account = () => new Account([TEST_USER], { accessSecs: 60, refreshSecs: 120 });

  it('checks passwords and users (401, 404)', () => {
    expect(account().checkPassword(TEST_USER.username, TEST_USER.password)).toMatchObject({ ok: true });
    expect(account().checkPassword(TEST_USER.username, 'nope')).toEqual({ ok: false, code: 401 });
    expect(account().checkPassword('bob@x.y.voximplant.com', 'x')).toEqual({ ok: false, code: 404 });
  });

  it('accepts only the hash of the key it last gave, once', () => {
    const a = account();
    const key = a.oneTimeKey(TEST_USER.username) as string;
    const hash = oneTimeKeyHash(key, TEST_USER.username, TEST_USER.password);
    expect(a.checkOneTimeHash(TEST_USER.username, oneTimeKeyHash(key, TEST_USER.username, 'wrong'))).toEqual({ ok: false, code: 401 });
    const again = a.oneTimeKey(TEST_USER.username) as string;
    expect(a.checkOneTimeHash(TEST_USER.username, oneTimeKeyHash(again, TEST_USER.username, TEST_USER.password))).toMatchObject({
      ok: true,
    });
    expect(a.checkOneTimeHash(TEST_USER.username, hash)).toEqual({ ok: false, code: 401 });
  });

  it('issues tokens that log in, refresh once, and expire with 701', () => {
    const a = account();
    const tokens = a.issue(TEST_USER.username);
    expect(a.checkAccessToken(TEST_USER.username, tokens.accessToken)).toMatchObject({ ok: true });
    expect(a.checkAccessToken(TEST_USER.username, 'forged')).toEqual({ ok: false, code: 401 });
    expect(a.checkAccessToken(TEST_USER.username, a.issue(TEST_USER.username, -1).accessToken)).toEqual({ ok: false, code: 701 });
    const fresh = a.refresh(TEST_USER.username, tokens.refreshToken);
    expect(typeof fresh).toBe('object');
    expect(a.refresh(TEST_USER.username, tokens.refreshToken)).toBe(401);
  });
});

describe('the stand-in', () => {
  it('refuses bad options and bad commands with typed errors', async () => {
    expect(() => new StandIn({ outgoing: 'maybe' as never })).toThrow(expect.objectContaining({ code: 'invalid-option' }));
    expect(() => new StandIn({ transfers: 'sometimes' as never })).toThrow(expect.objectContaining({ code: 'invalid-option' }));
    expect(new StandIn({ outgoing: 'early', transfers: 'fail' }).calls).toEqual([]);
    expect(() => new StandIn().call('nope')).toThrow(expect.objectContaining({ code: 'invalid-state' }));
    expect(() => new StandIn().dropSocket()).toThrow(expect.objectContaining({ code: 'invalid-state' }));
    // Holding from the far side needs a connected call.
    await expect(new StandIn().holdFromFar('nope', true)).rejects.toMatchObject({ code: 'invalid-state' });
  });

  it('reads the hold direction of an offer', () => {
    expect(audioDirection('v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=sendonly\r\n')).toBe('sendonly');
    expect(audioDirection('v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=sendrecv\r\n')).toBe('sendrecv');
    expect(audioDirection('v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n')).toBe('sendrecv');
  });
});

describe('the line’s mappings', () => {
  it('maps login codes to handset codes, keeping Voximplant’s', () => {
    expect(loginError(701)).toMatchObject({ code: 'token-expired', providerCode: 701 });
    expect(loginError(401)).toMatchObject({ code: 'invalid-token', providerCode: 401 });
    expect(loginError(404)).toMatchObject({ code: 'registration-failed', providerCode: 404 });
  });

  it('maps Failed codes to end reasons; the rest fail with a call-failed error', () => {
    expect(failureOf(486, 'Busy Here')).toMatchObject({ reason: 'busy', sipCode: 486 });
    expect(failureOf(603, 'Decline')).toMatchObject({ reason: 'rejected', sipCode: 603 });
    expect(failureOf(480, 'Temporarily Unavailable')).toMatchObject({ reason: 'no-answer' });
    expect(failureOf(409, 'Connection Closed')).toMatchObject({ reason: 'network' });
    expect(failureOf(502, 'Bad Gateway').error).toMatchObject({ code: 'call-failed', providerCode: 502 });
  });

  it('keeps only X- and User-to-User headers from the SDK, without VI-CallData', () => {
    expect(customHeaders({ 'X-A': '1', 'VI-CallData': 'd', 'User-to-User': 'u', Other: 'o', 'X-N': 3 })).toEqual([
      { name: 'X-A', value: '1' },
      { name: 'User-to-User', value: 'u' },
    ]);
    expect(headerRecord([{ name: 'X-A', value: '1' }])).toEqual({ 'X-A': '1' });
  });
});
