import { HandsetError } from '@handset/core';
import type { MediaWatch } from '../rtc/MediaWatch';
import type { Negotiator } from '../rtc/Negotiator';
import type { ConnectionParts } from './callConnection';

/** How long a hold or unhold re-offer may take before it is reported as failed. */
const renegotiationTimeoutMs = 5000;

/**
 * Hold and unhold, the sandbox's way: a new direction on the audio transceiver, whose `negotiationneeded` makes
 * the Negotiator re-offer (the re-INVITE; glare is its perfect negotiation's). When no negotiation settles in
 * time the direction goes back and the core hears `holdFailed` or `unholdFailed`.
 */
export class HoldNegotiation {
  readonly #parts: ConnectionParts;
  readonly #neg: Negotiator;
  readonly #watch: MediaWatch;
  /** Each pending change's check, run whenever a negotiation settles. */
  readonly #waiters = new Set<() => void>();
  #closed = false;

  constructor(parts: ConnectionParts, neg: Negotiator, watch: MediaWatch) {
    this.#parts = parts;
    this.#neg = neg;
    this.#watch = watch;
  }

  async change(
    transceiver: RTCRtpTransceiver,
    direction: RTCRtpTransceiverDirection,
    failure: 'holdFailed' | 'unholdFailed',
  ): Promise<void> {
    if (this.#closed) return;
    const neg = this.#neg;
    const previous = transceiver.direction;
    const before = neg.settledCount;
    transceiver.direction = direction; // fires negotiationneeded: the re-INVITE
    // What should arrive changes: a held call's silence is not a stall.
    this.#watch.resetClock();
    const settled = await this.#whenSettled(() => neg.settledCount > before && neg.pc.signalingState === 'stable');
    if (settled || this.#closed) return;
    transceiver.direction = previous;
    const what = failure === 'holdFailed' ? 'hold' : 'unhold';
    this.#parts.signal({
      type: failure,
      callId: this.#parts.callId,
      error: new HandsetError('call-failed', `The far side did not answer the ${what} re-offer in time.`),
    });
  }

  /** A negotiation completed (either side's): the changes waiting for theirs look again. */
  settled(): void {
    for (const wake of this.#waiters) wake();
  }

  /** The leg closed: pending changes end quietly. */
  close(): void {
    this.#closed = true;
    this.settled();
    this.#waiters.clear();
  }

  #whenSettled(done: () => boolean): Promise<boolean> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (done() || this.#closed) finish(done());
      };
      const finish = (result: boolean): void => {
        this.#waiters.delete(check);
        clearTimeout(timer);
        resolve(result);
      };
      const timer = setTimeout(() => finish(false), renegotiationTimeoutMs);
      this.#waiters.add(check);
    });
  }
}
