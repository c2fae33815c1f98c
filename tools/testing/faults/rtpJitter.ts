/**
 * RFC 3550's interarrival jitter of an RTP stream as a relay lane delivers it (per SSRC, in-order
 * packets only, as libwebrtc counts it), in ms: opus's 48 kHz clock. RTP headers are in the clear
 * under SRTP; the packet is the payload of a TURN ChannelData message.
 */
export class JitterMeter {
  #streams = new Map<number, { seq: number; transit: number; jitter: number }>();

  /** Updates with a packet leaving now; returns the stream's jitter (ms) or undefined when it is not RTP. */
  update(packet: Buffer, nowMs: number): number | undefined {
    if (packet.length < 16 || ((packet[0] as number) & 0xc0) !== 0x40) return undefined;
    const rtp = packet.subarray(4);
    const payloadType = (rtp[1] as number) & 0x7f;
    if (((rtp[0] as number) & 0xc0) !== 0x80 || (payloadType >= 72 && payloadType <= 76)) return undefined;
    const seq = rtp.readUInt16BE(2);
    const transit = nowMs * 48 - rtp.readUInt32BE(4);
    const ssrc = rtp.readUInt32BE(8);
    const stream = this.#streams.get(ssrc);
    if (!stream) {
      this.#streams.set(ssrc, { seq, transit, jitter: 0 });
      return 0;
    }
    // Only a newer sequence number moves the estimate (a late packet is skipped).
    if (((seq - stream.seq) & 0xffff) === 0 || ((seq - stream.seq) & 0xffff) > 0x8000) return stream.jitter / 48;
    stream.jitter += (Math.abs(transit - stream.transit) - stream.jitter) / 16;
    stream.transit = transit;
    stream.seq = seq;
    return stream.jitter / 48;
  }
}
