export interface MediaWatchOptions {
  /** How often to look at the connection. */
  readonly intervalMs: number;
  /** No inbound packet for this long, while some are expected, counts as a lost connection. */
  readonly stallMs: number;
}

export type MediaHealth = 'up' | 'down';

/**
 * Watches a connected call's media the way a user would notice trouble: ICE reporting
 * `disconnected`/`failed`, the connection (ICE and DTLS) not `connected`, or inbound RTP stopping while the far side is meant to be sending
 * (from `getStats`, so a stalled path is seen even while ICE still says connected).
 */
export class MediaWatch {
  #pc: RTCPeerConnection;
  #options: MediaWatchOptions;
  #expectingInbound: () => boolean;
  #report: (health: MediaHealth) => void;
  #timer: ReturnType<typeof setInterval> | undefined;
  #packets = -1;
  #busy = false;
  /** When inbound packets last increased (or expectations last changed): the stall clock. */
  #clock = performance.now();
  /** When inbound packets last increased; -1 before any. */
  lastPacketAt = -1;

  constructor(pc: RTCPeerConnection, options: MediaWatchOptions, expectingInbound: () => boolean, report: (health: MediaHealth) => void) {
    this.#pc = pc;
    this.#options = options;
    this.#expectingInbound = expectingInbound;
    this.#report = report;
  }

  start(): void {
    if (this.#timer !== undefined) return;
    this.#clock = performance.now();
    this.#timer = setInterval(() => void this.#tick(), this.#options.intervalMs);
  }

  /** Restarts the stall clock, e.g. when a hold or unhold changes what should arrive. */
  resetClock(): void {
    this.#clock = performance.now();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #tick(): Promise<void> {
    if (this.#busy || this.#timer === undefined) return;
    this.#busy = true;
    try {
      const packets = await inboundAudioPackets(this.#pc);
      if (this.#timer === undefined) return;
      const now = performance.now();
      if (packets > this.#packets) {
        if (packets > 0) this.#clock = this.lastPacketAt = now;
        this.#packets = packets;
      }
      const ice = this.#pc.iceConnectionState;
      // Media flows only with ICE and DTLS both up (`connectionState` `connected`): ICE alone,
      // say during the handshake after an ICE restart, carries no audio yet.
      const iceDown = ice === 'disconnected' || ice === 'failed' || this.#pc.connectionState !== 'connected';
      // Only audio that flowed and then stopped counts: a far side that never sent (say, an audio
      // context the autoplay policy keeps suspended) is silence, not a lost connection.
      const stalled = this.lastPacketAt >= 0 && this.#expectingInbound() && now - this.#clock > this.#options.stallMs;
      this.#report(iceDown || stalled ? 'down' : 'up');
    } catch {
      // getStats on a closing connection: the next tick or stop() settles it.
    } finally {
      this.#busy = false;
    }
  }
}

/** Total RTP packets received on the audio inbound streams. */
export async function inboundAudioPackets(pc: RTCPeerConnection): Promise<number> {
  const stats = await pc.getStats();
  let packets = 0;
  for (const report of stats.values()) {
    if (report.type === 'inbound-rtp' && report.kind === 'audio') packets += report.packetsReceived ?? 0;
  }
  return packets;
}

/** The negotiated audio codec's name (e.g. 'opus'), from the outbound stream's codec. */
export async function audioCodec(pc: RTCPeerConnection): Promise<string | undefined> {
  const stats = await pc.getStats();
  for (const report of stats.values()) {
    if ((report.type === 'outbound-rtp' || report.type === 'inbound-rtp') && report.kind === 'audio' && report.codecId) {
      const codec = stats.get(report.codecId) as { mimeType?: string } | undefined;
      if (codec?.mimeType) return codec.mimeType.replace(/^audio\//i, '').toLowerCase();
    }
  }
  return undefined;
}
