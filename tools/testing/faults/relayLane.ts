import { performance } from 'node:perf_hooks';
import { type DirectionRecord, emptyDirection, type Impairment, lossDecider, noImpairment, seededRandom } from './impairment';
import { JitterMeter } from './rtpJitter';
import { isMedia } from './turnPackets';

/** One direction of the relay: drops and delays each packet as the impairment says, keeps them in order, and tallies what it did. */
export class Lane {
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
