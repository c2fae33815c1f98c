/**
 * What a fault bed does to each packet of one direction: loss (random, evenly spread or bursty),
 * added delay with jitter, and blackouts. Pure apart from its seeded random source, so that the
 * same settings drop the same packets.
 */

/** How packets are lost. */
export type LossModel =
  /** Each packet independently with probability `percent` (Bernoulli). */
  | { readonly kind: 'random'; readonly percent: number }
  /** Exactly `percent` of packets, one at a random place in each block of 100/percent: random, without clumps. */
  | { readonly kind: 'even'; readonly percent: number }
  /** Gilbert model: `percent` on average, in bursts of `meanBurst` packets on average. */
  | { readonly kind: 'bursty'; readonly percent: number; readonly meanBurst: number };

export interface Impairment {
  readonly loss?: LossModel;
  /** Added one-way delay, ms. */
  readonly delayMs?: number;
  /**
   * Interarrival jitter (RFC 3550) to cause, ms, by a queue that stalls and drains; packets keep their
   * order, so for 20 ms packets it stays under 40.
   */
  readonly jitterMs?: number;
}

export const noImpairment: Impairment = {};

/** A small seeded PRNG (mulberry32): reproducible drops without a dependency. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Decides, packet by packet, which to drop under a loss model. */
export function lossDecider(model: LossModel | undefined, random: () => number): () => boolean {
  if (!model || model.percent <= 0) return () => false;
  const p = Math.min(model.percent, 100) / 100;
  if (model.kind === 'random') return () => random() < p;
  if (model.kind === 'even') {
    const block = Math.max(1, Math.round(1 / p));
    let index = 0;
    let victim = Math.floor(random() * block);
    return () => {
      const drop = index === victim;
      index += 1;
      if (index === block) {
        index = 0;
        victim = Math.floor(random() * block);
      }
      return drop;
    };
  }
  // Gilbert: in the bad state every packet is lost. Leaving it has probability 1/meanBurst; entering it
  // is chosen so that the long-run share of bad packets is p: p = enter / (enter + leave).
  const leave = 1 / Math.max(1, model.meanBurst);
  const enter = p >= 1 ? 1 : (p * leave) / (1 - p);
  let bad = false;
  return () => {
    bad = bad ? random() >= leave : random() < enter;
    return bad;
  };
}

/** Per-direction tallies of the data packets of one phase: what was really applied. */
export interface DirectionRecord {
  packets: number;
  dropped: number;
  /** Forwarded and sent on (a packet still queued at the end of its phase counts when it leaves). */
  delivered: number;
  /** Sum of the delay added to forwarded packets, ms. */
  delaySumMs: number;
  /** The longest delay added to one of them, ms (an RTCP report can carry it, and the kit holds a report's round trip for 5 s). */
  delayMaxMs: number;
  /** Sum, over the RTP packets delivered, of the stream's RFC 3550 interarrival jitter as it stood after each, ms. */
  jitterSumMs: number;
  jitterSamples: number;
  /** The highest that jitter stood at, ms. */
  jitterMaxMs: number;
  /** Up lane only: round trips of the phone's STUN checks beyond the relay (TURN server, far peer and back), ms. */
  pathRttSumMs: number;
  pathRttSamples: number;
}

export const emptyDirection = (): DirectionRecord => ({
  packets: 0,
  dropped: 0,
  delivered: 0,
  delaySumMs: 0,
  delayMaxMs: 0,
  jitterSumMs: 0,
  jitterSamples: 0,
  jitterMaxMs: 0,
  pathRttSumMs: 0,
  pathRttSamples: 0,
});

/** The applied figures of one direction: loss %, mean added delay, and the mean interarrival jitter of what was delivered. */
export function applied(record: DirectionRecord): {
  lossPercent: number;
  delayMs: number;
  delayMaxMs: number;
  jitterMs: number;
  jitterMaxMs: number;
  packets: number;
} {
  return {
    packets: record.packets,
    lossPercent: record.packets > 0 ? (100 * record.dropped) / record.packets : 0,
    delayMs: record.delivered > 0 ? record.delaySumMs / record.delivered : 0,
    delayMaxMs: record.delayMaxMs,
    jitterMs: record.jitterSamples > 0 ? record.jitterSumMs / record.jitterSamples : 0,
    jitterMaxMs: record.jitterMaxMs,
  };
}
