import { afterEach, describe, expect, it } from 'vitest';
import { endReasonOf, jwtExpiry, microphoneConstraints, namedAudioCodecs, onPeerConnected, tabKeep } from '../../src/line-kit';

const jwt = (payload: object) => `e30.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;

describe('endReasonOf', () => {
  it('reads SIP final responses and Q.850 causes alike', () => {
    expect([486, 600, 17].map(endReasonOf)).toEqual(['busy', 'busy', 'busy']);
    expect([603, 403, 21].map(endReasonOf)).toEqual(['rejected', 'rejected', 'rejected']);
    expect([408, 480, 18, 19].map(endReasonOf)).toEqual(['no-answer', 'no-answer', 'no-answer', 'no-answer']);
    expect(endReasonOf(487)).toBe('cancelled');
  });

  it('calls anything else a failure', () => {
    expect([404, 500, 503, 16, 0, undefined, null].map(endReasonOf)).toEqual(Array(7).fill('failed'));
  });
});

describe('jwtExpiry', () => {
  it("reads a JWT's exp as ms since the epoch, base64url included", () => {
    expect(jwtExpiry(jwt({ exp: 1_900_000_000 }))).toBe(1_900_000_000_000);
    // '?' and '>' in the payload encode to base64url's '_' and '-'.
    expect(jwtExpiry(jwt({ exp: 1_900_000_000, sub: '??>>' }))).toBe(1_900_000_000_000);
  });

  it('gives nothing for what is not a JWT with a numeric exp', () => {
    for (const token of ['not-a-jwt', 'a.b.c', jwt({ sub: 'alice' }), jwt({ exp: '1900000000' }), undefined, 42]) {
      expect(jwtExpiry(token)).toBeUndefined();
    }
  });
});

describe('microphoneConstraints', () => {
  it("puts the chosen microphone into the call's constraints", () => {
    expect(microphoneConstraints({ echoCancellation: false }, 'mic-2')).toEqual({ echoCancellation: false, deviceId: { exact: 'mic-2' } });
    expect(microphoneConstraints(true, 'mic-2')).toEqual({ deviceId: { exact: 'mic-2' } });
  });

  it('leaves the constraints as they are without a microphone, audio by default', () => {
    expect(microphoneConstraints(undefined, undefined)).toBe(true);
    expect(microphoneConstraints(false, null)).toBe(false);
    expect(microphoneConstraints({ autoGainControl: false }, '')).toEqual({ autoGainControl: false });
  });
});

describe('tabKeep', () => {
  const stored = new Map<string, string>();
  const storage = {
    getItem: (key: string) => stored.get(key) ?? null,
    setItem: (key: string, value: string) => void stored.set(key, value),
    removeItem: (key: string) => void stored.delete(key),
  };
  afterEach(() => {
    stored.clear();
    Reflect.deleteProperty(globalThis, 'sessionStorage');
  });

  it('keeps, reads and forgets a value', () => {
    Object.assign(globalThis, { sessionStorage: storage });
    expect(tabKeep('call-1', { direction: 'incoming' })).toBeUndefined();
    expect(tabKeep('call-1')).toEqual({ direction: 'incoming' });
    tabKeep('call-1', null);
    expect(tabKeep('call-1')).toBeUndefined();
    expect(stored.size).toBe(0);
  });

  it('does without when there is no storage or the value is garbled', () => {
    expect(tabKeep('call-1', { direction: 'incoming' })).toBeUndefined();
    expect(tabKeep('call-1')).toBeUndefined();
    Object.assign(globalThis, { sessionStorage: storage });
    stored.set('call-2', '{not json');
    expect(tabKeep('call-2')).toBeUndefined();
  });
});

describe('onPeerConnected', () => {
  class Peer extends EventTarget {
    connectionState: RTCPeerConnectionState = 'new';
    to(state: RTCPeerConnectionState) {
      this.connectionState = state;
      this.dispatchEvent(new Event('connectionstatechange'));
    }
  }

  it('tells each time the peer connection connects, and at once if it already has', () => {
    const peer = new Peer();
    let told = 0;
    const stop = onPeerConnected(peer as unknown as RTCPeerConnection, () => told++);
    expect(told).toBe(0);
    peer.to('connecting');
    peer.to('connected');
    peer.to('disconnected');
    peer.to('connected');
    expect(told).toBe(2);
    stop();
    peer.to('connected');
    expect(told).toBe(2);
    onPeerConnected(peer as unknown as RTCPeerConnection, () => told++);
    expect(told).toBe(3);
  });
});

describe('namedAudioCodecs', () => {
  const codec = (mimeType: string, clockRate = 48000): RTCRtpCodec => ({ mimeType, clockRate });
  const browser = [
    codec('audio/opus'),
    codec('audio/red'),
    codec('audio/PCMU', 8000),
    codec('audio/telephone-event', 8000),
    codec('audio/telephone-event'),
  ];

  it("gives the browser's codecs for the names, in the names' order, whatever the case", () => {
    expect(namedAudioCodecs(['pcmu', 'OPUS'], browser)).toEqual([codec('audio/PCMU', 8000), codec('audio/opus')]);
    expect(namedAudioCodecs(['telephone-event'], browser)).toHaveLength(2);
  });

  it('gives nothing for names the browser lacks, or without WebRTC', () => {
    expect(namedAudioCodecs(['g729'], browser)).toEqual([]);
    expect(namedAudioCodecs(['opus'])).toEqual([]);
  });
});
