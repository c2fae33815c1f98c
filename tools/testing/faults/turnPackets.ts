/**
 * What a datagram between a phone and its TURN server carries, as far as the fault relay needs to know:
 * media (TURN ChannelData, or STUN Send/Data indications), and inside ChannelData an RTP packet, an RTCP
 * report (headers are in the clear under SRTP/SRTCP) or a STUN binding check.
 */

/** TURN ChannelData (first two bits 01) or a STUN Send/Data indication carries the media. */
export function isMedia(packet: Buffer): boolean {
  if (packet.length < 4) return false;
  const first = packet[0] as number;
  if ((first & 0xc0) === 0x40) return true;
  const type = packet.readUInt16BE(0);
  return type === 0x0016 || type === 0x0017;
}

/** An RTP packet (not RTCP) carried in ChannelData: what the phone's packet counts count. */
export function isRtp(packet: Buffer): boolean {
  if (packet.length < 16 || ((packet[0] as number) & 0xc0) !== 0x40 || ((packet[4] as number) & 0xc0) !== 0x80) return false;
  const payloadType = (packet[5] as number) & 0x7f;
  return payloadType < 72 || payloadType > 76;
}

/** The packet type of an RTCP compound carried in ChannelData (200 SR, 201 RR; the header is in the clear under SRTCP), else undefined. */
export function rtcpType(packet: Buffer): number | undefined {
  if (packet.length < 12 || ((packet[0] as number) & 0xc0) !== 0x40) return undefined;
  if (((packet[4] as number) & 0xc0) !== 0x80) return undefined;
  const type = packet[5] as number;
  return type >= 200 && type <= 204 ? type : undefined;
}

/** The transaction id of a STUN binding request (class 0) or success response (class 2) carried in ChannelData. */
export function stunBinding(packet: Buffer, kind: 'request' | 'response'): string | undefined {
  if (packet.length < 24 || ((packet[0] as number) & 0xc0) !== 0x40) return undefined;
  const stun = packet.subarray(4);
  if (stun.readUInt32BE(4) !== 0x2112a442) return undefined;
  if (stun.readUInt16BE(0) !== (kind === 'request' ? 0x0001 : 0x0101)) return undefined;
  return stun.subarray(8, 20).toString('hex');
}
