/**
 * A UDP relay on loopback between the phone's media and the far peer's, written into both sides'
 * SDP as the only candidate: ICE, DTLS and SRTP pass through it for real, and it can hold back the
 * DTLS handshake (RFC 7983: a first byte of 20-63 is DTLS) while STUN and RTP go on, or the audio
 * (RTP and RTCP) while STUN goes on. That is a far side whose ICE answers but whose DTLS never
 * completes, or whose media stops while ICE stays up, on demand.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';

interface Address {
  readonly address: string;
  readonly port: number;
}

export interface MediaRelay {
  /** The phone's offer as the far peer must see it: the phone's candidates replaced by the relay. */
  offerForFar(offer: string): string;
  /** The far peer's answer as the phone must see it: the far peer's candidates replaced by the relay. */
  answerForPhone(answer: string): string;
  /** While true, DTLS records are dropped both ways. */
  holdDtls(hold: boolean): void;
  /** While true, RTP and RTCP are dropped both ways (STUN goes on: ICE stays up, the audio stops). */
  dropMedia(drop: boolean): void;
  /** Datagrams dropped so far because they were DTLS. */
  readonly droppedDtls: number;
  /** Every RTP packet (not RTCP) the phone sent through the relay, in order of arrival. */
  readonly rtpFromPhone: Buffer[];
  /** Datagrams relayed so far, by kind. */
  readonly relayed: { stun: number; dtls: number; rtp: number };
  close(): Promise<void>;
}

const isDtls = (packet: Buffer) => packet.length > 0 && (packet[0] as number) >= 20 && (packet[0] as number) <= 63;
const isStun = (packet: Buffer) => packet.length > 0 && (packet[0] as number) <= 3;

/** The first IPv4 UDP candidate of an SDP body. */
function udpCandidate(sdp: string): Address | undefined {
  const match = /^a=candidate:\S+ 1 udp \d+ (\d+\.\d+\.\d+\.\d+) (\d+) typ \w+/im.exec(sdp);
  return match ? { address: match[1] as string, port: Number(match[2]) } : undefined;
}

/** The SDP with every candidate removed and one host candidate for `port` on 127.0.0.1 put in its place. */
function withOnlyCandidate(sdp: string, port: number): string {
  const lines = sdp.split('\r\n').filter((line) => !line.startsWith('a=candidate:') && line !== 'a=end-of-candidates');
  const at = lines.findIndex((line) => line.startsWith('a=mid:'));
  lines.splice(at + 1, 0, `a=candidate:1 1 udp 2122260223 127.0.0.1 ${port} typ host generation 0`, 'a=end-of-candidates');
  return lines.join('\r\n').replace(/^c=IN IP4 .*$/m, 'c=IN IP4 127.0.0.1');
}

async function bound(): Promise<Socket> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return socket;
}

export async function startMediaRelay(): Promise<MediaRelay> {
  // The phone talks to `towardPhone`, the far peer to `towardFar`.
  const towardPhone = await bound();
  const towardFar = await bound();
  let phone: Address | undefined;
  let far: Address | undefined;
  let hold = false;
  let dropMedia = false;
  let droppedDtls = 0;
  const relayed = { stun: 0, dtls: 0, rtp: 0 };
  const rtpFromPhone: Buffer[] = [];
  // RTP, not RTCP (RFC 5761: RTCP packet types 200-204 sit where RTP's marker bit and payload type are).
  const isRtp = (packet: Buffer) =>
    packet.length >= 12 && ((packet[0] as number) & 0xc0) === 0x80 && !((packet[1] as number) >= 200 && (packet[1] as number) <= 204);

  const pass = (packet: Buffer, out: Socket, to: Address | undefined) => {
    if (!to) return;
    if (isDtls(packet) && hold) {
      droppedDtls += 1;
      return;
    }
    if (dropMedia && !isStun(packet) && !isDtls(packet)) return;
    relayed[isStun(packet) ? 'stun' : isDtls(packet) ? 'dtls' : 'rtp'] += 1;
    out.send(packet, to.port, to.address);
  };
  towardPhone.on('message', (packet: Buffer, from: RemoteInfo) => {
    phone = { address: from.address, port: from.port };
    if (isRtp(packet)) rtpFromPhone.push(Buffer.from(packet));
    pass(packet, towardFar, far);
  });
  towardFar.on('message', (packet: Buffer, from: RemoteInfo) => {
    far = { address: from.address, port: from.port };
    pass(packet, towardPhone, phone);
  });

  return {
    offerForFar(offer) {
      phone ??= udpCandidate(offer);
      return withOnlyCandidate(offer, towardFar.address().port);
    },
    answerForPhone(answer) {
      far ??= udpCandidate(answer);
      return withOnlyCandidate(answer, towardPhone.address().port);
    },
    holdDtls(value) {
      hold = value;
    },
    dropMedia(value) {
      dropMedia = value;
    },
    get droppedDtls() {
      return droppedDtls;
    },
    relayed,
    rtpFromPhone,
    close: async () => {
      await Promise.all([towardPhone, towardFar].map((socket) => new Promise<void>((resolve) => socket.close(() => resolve()))));
    },
  };
}
