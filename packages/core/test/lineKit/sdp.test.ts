import { describe, expect, it } from 'vitest';
import { audioCodecs, audioDirection, firstAudioCodec, hasTelephoneEvent, iceUfrag, isHoldOffer } from '../../src/line-kit';

const sdp = (...lines: string[]) => `${lines.join('\r\n')}\r\n`;

/** Chromium's audio offer (trimmed of its extmap and ssrc lines). */
const chromium = sdp(
  'v=0',
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'a=msid-semantic: WMS',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126',
  'c=IN IP4 0.0.0.0',
  'a=rtcp:9 IN IP4 0.0.0.0',
  'a=ice-ufrag:Kp9x',
  'a=ice-pwd:8D5f3LQ6y0kJ1bO0eA3PvQ2n',
  'a=fingerprint:sha-256 3B:7E:AF:52:1C:44:0B:22:9A:61:5E:30:6C:7A:11:93:D2:6E:41:58:AE:9F:0C:3D:27:6A:BE:91:4F:02:15:C8',
  'a=setup:actpass',
  'a=mid:0',
  'a=sendrecv',
  'a=rtcp-mux',
  'a=rtpmap:111 opus/48000/2',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:63 red/48000/2',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:13 CN/8000',
  'a=rtpmap:110 telephone-event/48000',
  'a=rtpmap:126 telephone-event/8000',
);

/** Asterisk putting us on hold (chan_pjsip, RTP/AVP, static payloads without rtpmap for 0 and 8). */
const asteriskHold = sdp(
  'v=0',
  'o=- 1713960143 1713960145 IN IP4 192.0.2.10',
  's=Asterisk',
  'c=IN IP4 192.0.2.10',
  't=0 0',
  'm=audio 14046 RTP/AVP 0 8 101',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  'a=ptime:20',
  'a=maxptime:150',
  'a=sendonly',
);

/** An old PBX holding the RFC 2543 way: no direction, connection address 0.0.0.0 (session level). */
const rfc2543Hold = sdp(
  'v=0',
  'o=pbx 5 6 IN IP4 198.51.100.7',
  's=call',
  'c=IN IP4 0.0.0.0',
  't=0 0',
  'm=audio 4000 RTP/AVP 18 0',
  'a=rtpmap:18 G729/8000',
);

describe('audioDirection and isHoldOffer', () => {
  it("read the audio section's direction: Chromium's offer, Asterisk's hold", () => {
    expect(audioDirection(chromium)).toBe('sendrecv');
    expect(isHoldOffer(chromium)).toBe(false);
    expect(audioDirection(asteriskHold)).toBe('sendonly');
    expect(isHoldOffer(asteriskHold)).toBe(true);
    expect(isHoldOffer(chromium.replace('a=sendrecv', 'a=inactive'))).toBe(true);
    expect(isHoldOffer(chromium.replace('a=sendrecv', 'a=recvonly'))).toBe(false);
  });

  it("read RFC 2543's hold (c=0.0.0.0 without ICE), not the placeholder c=0.0.0.0 of a browser's ICE offer", () => {
    expect(audioDirection(rfc2543Hold)).toBe('sendonly');
    expect(audioDirection(rfc2543Hold.replace('c=IN IP4 0.0.0.0', 'c=IN IP4 198.51.100.7'))).toBe('sendrecv');
    expect(audioDirection(rfc2543Hold.replace('t=0 0', 't=0 0\r\na=inactive'))).toBe('inactive');
    // Chromium's offer above has c=IN IP4 0.0.0.0 in its audio section, and ICE: not hold.
    expect(chromium).toContain('c=IN IP4 0.0.0.0');
    expect(audioDirection(chromium.replace('a=sendrecv\r\n', ''))).toBe('sendrecv');
  });

  it("take the session's direction as the default, and the first audio section only", () => {
    expect(audioDirection(sdp('v=0', 'a=inactive', 'm=audio 4000 RTP/AVP 0'))).toBe('inactive');
    expect(audioDirection(sdp('v=0', 'a=inactive', 'm=audio 4000 RTP/AVP 0', 'a=sendrecv'))).toBe('sendrecv');
    const videoFirst = sdp(
      'v=0',
      'm=video 5000 RTP/AVP 96',
      'a=sendonly',
      'm=audio 4000 RTP/AVP 0',
      'a=recvonly',
      'm=audio 4002 RTP/AVP 0',
      'a=inactive',
    );
    expect(audioDirection(videoFirst)).toBe('recvonly');
    expect(audioDirection('')).toBe('sendrecv');
  });
});

describe('codecs and ICE', () => {
  it('list the voice codecs in order, static payloads by number, none when rejected', () => {
    expect(audioCodecs(chromium)).toEqual(['opus', 'g722', 'pcmu', 'pcma']);
    expect(audioCodecs(asteriskHold)).toEqual(['pcmu', 'pcma']);
    expect(audioCodecs(rfc2543Hold)).toEqual(['g729', 'pcmu']);
    expect(audioCodecs(asteriskHold.replace('m=audio 14046', 'm=audio 0'))).toEqual([]);
    expect(audioCodecs(sdp('v=0', 'm=audio 4000 RTP/AVP 98', 'a=rtpmap:98 X-NEW/8000'))).toEqual(['x-new']);
  });

  it('find the chosen codec, telephone-event and the ICE ufrag', () => {
    expect(firstAudioCodec(chromium)).toBe('opus');
    expect(firstAudioCodec(asteriskHold)).toBe('pcmu');
    expect(firstAudioCodec(undefined)).toBeUndefined();
    expect(hasTelephoneEvent(chromium)).toBe(true);
    expect(hasTelephoneEvent(asteriskHold)).toBe(true);
    expect(hasTelephoneEvent(rfc2543Hold)).toBe(false);
    expect(iceUfrag(chromium)).toBe('Kp9x');
    expect(iceUfrag(asteriskHold)).toBeNull();
  });
});
