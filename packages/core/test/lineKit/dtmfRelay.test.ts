import { describe, expect, it } from 'vitest';
import { dtmfRelayBody, dtmfRelayType, parseDtmfRelay } from '../../src/line-kit';

describe('the dtmf-relay codec (SIP INFO)', () => {
  it('writes the body PBXs read, and reads it back', () => {
    expect(dtmfRelayType).toBe('application/dtmf-relay');
    expect(dtmfRelayBody('5', 160.4)).toBe('Signal=5\r\nDuration=160\r\n');
    for (const tone of ['0', '9', '*', '#', 'A', 'D'] as const) expect(parseDtmfRelay(dtmfRelayBody(tone, 100))).toBe(tone);
  });

  it("reads bodies as PBXs send them: Cisco's, spaces, lower case, LF only, RFC 4733 event codes", () => {
    expect(parseDtmfRelay('Signal=1\r\nDuration=160\r\n')).toBe('1');
    expect(parseDtmfRelay('Signal= #\nDuration= 250\n')).toBe('#');
    expect(parseDtmfRelay('signal = b\r\nduration = 100')).toBe('B');
    expect(parseDtmfRelay('Signal=10\r\nDuration=160')).toBe('*');
    expect(parseDtmfRelay('Signal=11\r\nDuration=160')).toBe('#');
  });

  it('refuses what is not one tone', () => {
    for (const body of ['Signal=x', 'Signal=16', 'Signal=12 3', 'Signal=', 'hello', '', 'Duration=100']) {
      expect(parseDtmfRelay(body)).toBeNull();
    }
  });
});
