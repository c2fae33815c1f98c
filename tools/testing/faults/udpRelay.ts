/**
 * A UDP impairment relay on loopback, placed in front of a TURN server: a phone given
 * `turn:<relay>` as its ICE server (relay-only) sends its allocations, permissions and media through
 * it, and the relay loses, delays, jitters or blacks out those datagrams on their way. The kernel
 * here has no netem, so this is netem's job done in user space, for the traffic of one phone.
 *
 * "up" is from the phone toward the TURN server, "down" toward the phone. Every change starts a
 * new phase in the record, which tallies what was really done to the media (TURN ChannelData and
 * Send/Data indications): tests compare the kit's view with these figures, not the browser's.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { applied, type DirectionRecord, emptyDirection, type Impairment, lossDecider, noImpairment, seededRandom } from './impairment';

export interface Phase {
  readonly label: string;
  readonly impairment: { readonly up: Impairment; readonly down: Impairment };
  /** Blackout: everything dropped, both ways (TURN control too). */
  readonly blackout: boolean;
  readonly startedAt: number;
  endedAt: number | undefined;
  readonly up: DirectionRecord;
  readonly down: DirectionRecord;
}

/** A phase's applied figures, as the E-model takes them from the phone's point of view. */
export interface AppliedFigures {
  /** Round trip added: mean delay up + mean delay down, ms. */
  readonly rttMs: number;
  /**
   * The rest of the path's round trip, as the relay timed the phone's STUN checks from where it sends
   * them on to where their answers come back (TURN server, far peer, and this machine's scheduling).
   * 0 when no check passed in the phase.
   */
  readonly pathRttMs: number;
  /** Interarrival jitter added toward the phone (what its inbound-rtp jitter measures), ms. */
  readonly jitterMs: number;
  /** The worse direction's loss, % (the kit scores the worse of inbound and outbound loss). */
  readonly lossPercent: number;
  readonly up: ReturnType<typeof applied>;
  readonly down: ReturnType<typeof applied>;
}

export interface RelayReport {
  readonly at: number;
  readonly addedRttMs: number;
}

/** One of the phone's ICE checks answered: delivered `at`, the delay the relay added to its round trip, and the rest of it beyond the relay. */
export interface CheckRoundTrip {
  readonly at: number;
  readonly addedRttMs: number;
  readonly beyondMs: number;
}

export interface UdpImpairmentRelay {
  /** An RTCIceServer for the phone: the TURN server's credentials at the relay's address. */
  readonly iceServer: { urls: string; username: string; credential: string };
  readonly port: number;
  /** Applies `impairment` from now on (both directions unless `down` is given for the way toward the phone). */
  impair(label: string, up: Impairment, down?: Impairment): void;
  /** Back to no impairment. */
  clear(label?: string): void;
  /** Drops everything both ways for `ms`, then goes back to what was applied before. Resolves when it ends. */
  blackout(ms: number, label?: string): Promise<void>;
  /** Every phase so far, oldest first. */
  readonly phases: readonly Phase[];
  /**
   * Every RTCP report delivered to the phone (the far end's SR or RR), as the phone computes a round
   * trip from it: `at` (this process's performance.now) and the delay the relay added to it and to the
   * phone's last sender report before it, which is what the relay added to that round trip.
   */
  readonly reports: readonly RelayReport[];
  /** The phone's ICE checks, answered (its candidate pair's round trip comes from these). */
  readonly checkRoundTrips: readonly CheckRoundTrip[];
  /** RFC 3550 jitter of the stream toward the phone as the relay delivers it, about every 50 ms (performance.now of this process). */
  readonly jitterTimeline: readonly { readonly at: number; readonly jitterMs: number }[];
  /** Each RTP packet toward the phone as it reached the relay (performance.now of this process), and whether it was dropped. */
  readonly lossTimeline: readonly { readonly at: number; readonly lost: boolean }[];
  /** The applied figures of the phase with this label (the latest, if several). */
  figures(label: string): AppliedFigures;
  close(): Promise<void>;
}

interface TurnServer {
  readonly urls: string;
  readonly username: string;
  readonly credential: string;
}

/** TURN ChannelData (first two bits 01) or a STUN Send/Data indication carries the media. */
function isMedia(packet: Buffer): boolean {
  if (packet.length < 4) return false;
  const first = packet[0] as number;
  if ((first & 0xc0) === 0x40) return true;
  const type = packet.readUInt16BE(0);
  return type === 0x0016 || type === 0x0017;
}

/**
 * RFC 3550's interarrival jitter of the RTP stream as this lane delivers it (per SSRC, in-order
 * packets only, as libwebrtc counts it), in ms: opus's 48 kHz clock. RTP headers are in the clear
 * under SRTP; the packet is the payload of a TURN ChannelData message.
 */
class JitterMeter {
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

/** The transaction id of a STUN binding request (class 0) or success response (class 2) carried in ChannelData. */
function stunBinding(packet: Buffer, kind: 'request' | 'response'): string | undefined {
  if (packet.length < 24 || ((packet[0] as number) & 0xc0) !== 0x40) return undefined;
  const stun = packet.subarray(4);
  if (stun.readUInt32BE(4) !== 0x2112a442) return undefined;
  if (stun.readUInt16BE(0) !== (kind === 'request' ? 0x0001 : 0x0101)) return undefined;
  return stun.subarray(8, 20).toString('hex');
}

/** An RTP packet (not RTCP) carried in ChannelData: what the phone's packet counts count. */
function isRtp(packet: Buffer): boolean {
  if (packet.length < 16 || ((packet[0] as number) & 0xc0) !== 0x40 || ((packet[4] as number) & 0xc0) !== 0x80) return false;
  const payloadType = (packet[5] as number) & 0x7f;
  return payloadType < 72 || payloadType > 76;
}

/** The packet type of an RTCP compound carried in ChannelData (200 SR, 201 RR; the header is in the clear under SRTCP), else undefined. */
function rtcpType(packet: Buffer): number | undefined {
  if (packet.length < 12 || ((packet[0] as number) & 0xc0) !== 0x40) return undefined;
  if (((packet[4] as number) & 0xc0) !== 0x80) return undefined;
  const type = packet[5] as number;
  return type >= 200 && type <= 204 ? type : undefined;
}

/** One direction: decides drops and delays, keeps packets in order, and tallies what it did. */
class Lane {
  #lose: () => boolean = () => false;
  #impairment: Impairment = noImpairment;
  #blackout = false;
  #queue: { packet: Buffer; at: number; queued: number; record: DirectionRecord; send: (packet: Buffer) => void }[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerAt = Number.POSITIVE_INFINITY;
  #jitter = new JitterMeter();
  record: DirectionRecord = emptyDirection();
  /** Sees each packet as it leaves, with the record of its phase, the delay it was given and its stream's jitter (RTP only). */
  onDeliver: ((packet: Buffer, record: DirectionRecord, delay: number, jitter: number | undefined) => void) | undefined;
  /** Sees each packet as it arrives, and whether it is dropped. */
  onArrive: ((packet: Buffer, dropped: boolean) => void) | undefined;
  readonly #random: () => number;

  constructor(seed: number) {
    this.#random = seededRandom(seed);
  }

  set(impairment: Impairment, blackout: boolean, record: DirectionRecord): void {
    this.#impairment = impairment;
    this.#lose = lossDecider(impairment.loss, this.#random);
    this.#blackout = blackout;
    this.record = record;
  }

  push(packet: Buffer, send: (packet: Buffer) => void): void {
    const media = isMedia(packet);
    const record = this.record;
    if (media) record.packets += 1;
    const dropped = this.#blackout || this.#lose();
    this.onArrive?.(packet, dropped);
    if (dropped) {
      if (media) record.dropped += 1;
      return;
    }
    const now = performance.now();
    const { delayMs = 0, jitterMs = 0 } = this.#impairment;
    // Jitter as a link whose queue stalls and drains (bufferbloat): whenever the queue has drained, the
    // next packet is held back a random while, and those behind it leave together with it. A stall
    // of s ms over 20 ms packets adds 2s to the sum of RFC 3550's |D| over s/20 + 1 packets, so a
    // mean stall of J / (2 - J/20) gives an interarrival jitter of about J (which stays under 40 ms
    // for packets that keep their order). The record says what it really was.
    const meanStall = jitterMs > 0 ? jitterMs / Math.max(0.05, 2 - jitterMs / 20) : 0;
    const stall = meanStall > 0 && this.#queue.length === 0 ? meanStall * (0.75 + this.#random() / 2) : 0;
    const delay = delayMs + stall;
    if (delay < 0.5 && this.#queue.length === 0) {
      this.#deliver(packet, send, record, 0);
      return;
    }
    // A queue: a packet never overtakes the one before it (as on a real link, and without the
    // reordering that libwebrtc would count as loss).
    const at = Math.max(now + delay, this.#queue.at(-1)?.at ?? 0);
    this.#queue.push({ packet, at, queued: now, record, send });
    this.#schedule();
  }

  /** Sends a packet; its delay (timer lateness included) counts in the record of the phase it arrived in. */
  #deliver(packet: Buffer, send: (packet: Buffer) => void, record: DirectionRecord, delay: number): void {
    if (isMedia(packet)) {
      record.delivered += 1;
      record.delaySumMs += delay;
      record.delayMaxMs = Math.max(record.delayMaxMs, delay);
    }
    const jitter = this.#jitter.update(packet, performance.now());
    if (jitter !== undefined) {
      record.jitterSumMs += jitter;
      record.jitterSamples += 1;
      record.jitterMaxMs = Math.max(record.jitterMaxMs, jitter);
    }
    this.onDeliver?.(packet, record, delay, jitter);
    send(packet);
  }

  #schedule(): void {
    const head = this.#queue[0];
    if (!head || (this.#timer !== undefined && this.#timerAt <= head.at)) return;
    clearTimeout(this.#timer);
    this.#timerAt = head.at;
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        this.#timerAt = Number.POSITIVE_INFINITY;
        const now = performance.now();
        // Never early: a packet leaves at its time or later (a timer may fire a fraction of a ms before it).
        while (this.#queue.length > 0 && (this.#queue[0]?.at ?? 0) <= now) {
          const next = this.#queue.shift();
          if (next) this.#deliver(next.packet, next.send, next.record, now - next.queued);
        }
        this.#schedule();
      },
      Math.max(0, Math.ceil(head.at - performance.now())),
    );
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#queue = [];
  }
}

/**
 * Starts the relay on 127.0.0.1 in front of `turn` (a `turn:127.0.0.1:PORT?transport=udp` server).
 * Each phone address gets its own socket toward the TURN server, as a NAT would give it.
 */
export async function startUdpImpairmentRelay(turn: TurnServer, seed = 19): Promise<UdpImpairmentRelay> {
  const match = /^turn:([\d.]+):(\d+)/.exec(turn.urls);
  if (!match) throw new Error(`not a turn:host:port URL: ${turn.urls}`);
  const target = { address: match[1] as string, port: Number(match[2]) };
  const front = createSocket('udp4');
  await new Promise<void>((resolve) => front.bind(0, '127.0.0.1', resolve));
  const port = front.address().port;
  const up = new Lane(seed);
  const down = new Lane(seed + 1);
  const clients = new Map<string, Socket>();
  // The phone's STUN checks, by transaction id: when each left toward the TURN server, and the phase it left in.
  const checks = new Map<string, { at: number; record: DirectionRecord; upDelay: number }>();
  // Answers to them on their way to the phone: the delay the request was given, and the rest of its round trip.
  const incomingAnswers = new WeakMap<Buffer, { upDelay: number; beyondMs: number }>();
  const checkRoundTrips: CheckRoundTrip[] = [];
  // The phone's last sender report: the delay it was given on its way out.
  let senderReportDelay = 0;
  // Reports toward the phone, queued in the down lane: the sender report delay standing when each arrived.
  const incomingReports = new WeakMap<Buffer, number>();
  const reports: RelayReport[] = [];
  const jitterTimeline: { at: number; jitterMs: number }[] = [];
  const lossTimeline: { at: number; lost: boolean }[] = [];
  down.onArrive = (packet, dropped) => {
    if (isRtp(packet)) lossTimeline.push({ at: performance.now(), lost: dropped });
  };
  up.onDeliver = (packet, record, delay) => {
    const id = stunBinding(packet, 'request');
    if (id) checks.set(id, { at: performance.now(), record, upDelay: delay });
    if (checks.size > 1000) checks.clear();
    if (rtcpType(packet) === 200) senderReportDelay = delay;
  };
  down.onDeliver = (packet, _record, delay, jitter) => {
    const now = performance.now();
    const upDelay = incomingReports.get(packet);
    if (upDelay !== undefined) reports.push({ at: now, addedRttMs: upDelay + delay });
    const answer = incomingAnswers.get(packet);
    if (answer) checkRoundTrips.push({ at: now, addedRttMs: answer.upDelay + delay, beyondMs: answer.beyondMs });
    if (jitter !== undefined && now - (jitterTimeline.at(-1)?.at ?? 0) >= 50) jitterTimeline.push({ at: now, jitterMs: jitter });
  };
  const answered = (packet: Buffer) => {
    const id = stunBinding(packet, 'response');
    const check = id ? checks.get(id) : undefined;
    if (!check || !id) return;
    checks.delete(id);
    const beyondMs = performance.now() - check.at;
    check.record.pathRttSumMs += beyondMs;
    check.record.pathRttSamples += 1;
    incomingAnswers.set(packet, { upDelay: check.upDelay, beyondMs });
  };
  const phases: Phase[] = [];
  let current: { label: string; impairment: { up: Impairment; down: Impairment } } = {
    label: 'none',
    impairment: { up: noImpairment, down: noImpairment },
  };
  let blackoutTimer: ReturnType<typeof setTimeout> | undefined;

  const begin = (label: string, upImpairment: Impairment, downImpairment: Impairment, blackout: boolean) => {
    const now = Date.now();
    const last = phases.at(-1);
    if (last && last.endedAt === undefined) last.endedAt = now;
    const phase: Phase = {
      label,
      impairment: { up: upImpairment, down: downImpairment },
      blackout,
      startedAt: now,
      endedAt: undefined,
      up: emptyDirection(),
      down: emptyDirection(),
    };
    phases.push(phase);
    up.set(upImpairment, blackout, phase.up);
    down.set(downImpairment, blackout, phase.down);
  };
  begin('none', noImpairment, noImpairment, false);

  const upstreamFor = (from: RemoteInfo): Socket => {
    const key = `${from.address}:${from.port}`;
    let socket = clients.get(key);
    if (socket) return socket;
    const created = createSocket('udp4');
    created.bind(0, '127.0.0.1');
    created.on('message', (packet: Buffer) => {
      answered(packet);
      const type = rtcpType(packet);
      if (type === 200 || type === 201) incomingReports.set(packet, senderReportDelay);
      down.push(packet, (p) => front.send(p, from.port, from.address));
    });
    created.on('error', () => {});
    clients.set(key, created);
    socket = created;
    return socket;
  };

  front.on('message', (packet: Buffer, from: RemoteInfo) => {
    const upstream = upstreamFor(from);
    up.push(packet, (p) => upstream.send(p, target.port, target.address));
  });
  front.on('error', () => {});

  const relay: UdpImpairmentRelay = {
    iceServer: { urls: `turn:127.0.0.1:${port}?transport=udp`, username: turn.username, credential: turn.credential },
    port,
    impair(label, upImpairment, downImpairment = upImpairment) {
      clearTimeout(blackoutTimer);
      current = { label, impairment: { up: upImpairment, down: downImpairment } };
      begin(label, upImpairment, downImpairment, false);
    },
    clear(label = 'none') {
      relay.impair(label, noImpairment);
    },
    blackout(ms, label = `blackout ${ms} ms`) {
      clearTimeout(blackoutTimer);
      const before = current;
      begin(label, noImpairment, noImpairment, true);
      return new Promise((resolve) => {
        blackoutTimer = setTimeout(() => {
          begin(`${before.label} (after ${label})`, before.impairment.up, before.impairment.down, false);
          resolve();
        }, ms);
      });
    },
    phases,
    reports,
    checkRoundTrips,
    jitterTimeline,
    lossTimeline,
    figures(label) {
      const phase = [...phases].reverse().find((p) => p.label === label);
      if (!phase) throw new Error(`no phase "${label}"; phases: ${phases.map((p) => p.label).join(', ')}`);
      const u = applied(phase.up);
      const d = applied(phase.down);
      return {
        rttMs: u.delayMs + d.delayMs,
        pathRttMs: phase.up.pathRttSamples > 0 ? phase.up.pathRttSumMs / phase.up.pathRttSamples : 0,
        jitterMs: d.jitterMs,
        lossPercent: Math.max(u.lossPercent, d.lossPercent),
        up: u,
        down: d,
      };
    },
    async close() {
      clearTimeout(blackoutTimer);
      up.stop();
      down.stop();
      const sockets = [front, ...clients.values()];
      clients.clear();
      await Promise.all(sockets.map((socket) => new Promise<void>((resolve) => socket.close(() => resolve()))));
    },
  };
  return relay;
}
