import { HandsetError } from '@handset/core';
import { describe, expect, it } from 'vitest';
import { resolveSipOptions } from '../src/options';
import { dtmfPathFor } from '../src/session/dtmfPath';

/** An SDP answer whose first m=audio section carries these payload types (rtpmap text, or null for a static type). */
function answer(payloads: Record<number, string | null>): string {
  const types = Object.keys(payloads);
  return [
    'v=0',
    'o=- 1 1 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    `m=audio 9 UDP/TLS/RTP/SAVPF ${types.join(' ')}`,
    'c=IN IP4 127.0.0.1',
    ...types.flatMap((pt) => (payloads[Number(pt)] ? [`a=rtpmap:${pt} ${payloads[Number(pt)]}`] : [])),
    'a=sendrecv',
    '',
  ].join('\r\n');
}

describe('dtmfPathFor (issue #21, 1)', () => {
  it('auto: Opus with telephone-event/8000 only is SIP INFO (Chrome would send end-only events)', () => {
    expect(dtmfPathFor(answer({ 111: 'opus/48000/2', 126: 'telephone-event/8000' }), 'auto')).toBe('info');
  });

  it('auto: telephone-event at the voice codec clock is RFC 4733', () => {
    expect(dtmfPathFor(answer({ 111: 'opus/48000/2', 110: 'telephone-event/48000' }), 'auto')).toBe('rfc4733');
    expect(dtmfPathFor(answer({ 111: 'opus/48000/2', 110: 'telephone-event/48000', 126: 'telephone-event/8000' }), 'auto')).toBe('rfc4733');
    expect(dtmfPathFor(answer({ 0: 'PCMU/8000', 101: 'telephone-event/8000' }), 'auto')).toBe('rfc4733');
    // PCMU by its static payload type alone (no rtpmap) runs at 8 kHz.
    expect(dtmfPathFor(answer({ 0: null, 101: 'telephone-event/8000' }), 'auto')).toBe('rfc4733');
  });

  it('auto: the first voice codec of the answer is the one that counts', () => {
    expect(dtmfPathFor(answer({ 0: 'PCMU/8000', 111: 'opus/48000/2', 110: 'telephone-event/48000' }), 'auto')).toBe('info');
  });

  it('auto and rfc4733: no telephone-event at all, or no answer, is SIP INFO', () => {
    expect(dtmfPathFor(answer({ 111: 'opus/48000/2' }), 'auto')).toBe('info');
    expect(dtmfPathFor(answer({ 111: 'opus/48000/2' }), 'rfc4733')).toBe('info');
    expect(dtmfPathFor(undefined, 'auto')).toBe('info');
  });

  it('rfc4733: any telephone-event will do; info: always SIP INFO', () => {
    expect(dtmfPathFor(answer({ 111: 'opus/48000/2', 126: 'telephone-event/8000' }), 'rfc4733')).toBe('rfc4733');
    expect(dtmfPathFor(answer({ 0: 'PCMU/8000', 101: 'telephone-event/8000' }), 'info')).toBe('info');
  });
});

describe('line options of issue #21', () => {
  const good = { server: 'wss://sip.example.com/ws', uri: 'sip:alice@example.com' };
  const refusal = (options: object) => {
    try {
      resolveSipOptions({ ...good, ...options } as never);
    } catch (error) {
      return error as HandsetError;
    }
    throw new Error('accepted');
  };

  it('takes dtmfMode rfc4733 and a line-wide forceRelayCandidate, both off by default', () => {
    expect(resolveSipOptions(good)).toMatchObject({ dtmfMode: 'auto', forceRelayCandidate: false });
    expect(resolveSipOptions({ ...good, dtmfMode: 'rfc4733', forceRelayCandidate: true })).toMatchObject({
      dtmfMode: 'rfc4733',
      forceRelayCandidate: true,
    });
  });

  it('refuses a forceRelayCandidate that is not a boolean, with a typed error naming it', () => {
    const error = refusal({ forceRelayCandidate: 'yes' });
    expect(error).toBeInstanceOf(HandsetError);
    expect(error.code).toBe('invalid-option');
    expect(error.message).toContain('{ forceRelayCandidate }');
  });
});
