import { HandsetError } from '@handset/core';
import { mediaRecovery, PhaseMachine, type RecoveryEvent, type RecoveryPhase } from '@handset/core/line-kit';
import type { MediaHealth, MediaWatch } from '../rtc/MediaWatch';
import type { Negotiator } from '../rtc/Negotiator';
import type { ConnectionParts } from './callConnection';

/**
 * A leg's lost-connection recovery by the line kit's `mediaRecovery` table: ICE restarts, repeated while none
 * completes (an offer lost on the way is sent again), until media flows again or the bound passes.
 */
export class MediaRecovery {
  readonly #parts: ConnectionParts;
  readonly #neg: Negotiator;
  readonly #watch: MediaWatch;
  /** Audio should be coming in: then media counts as back only once a packet has arrived after the restart. */
  readonly #expectingInbound: () => boolean;
  readonly #machine = new PhaseMachine<RecoveryPhase, RecoveryEvent>(mediaRecovery, 'up', (to) => this.#moved(to));
  /** When the current recovery's restart completed: media counts as back with packets after it. */
  #restartSettledAt: number | null = null;
  #restartTimer: ReturnType<typeof setInterval> | undefined;
  #deadline: ReturnType<typeof setTimeout> | undefined;

  constructor(parts: ConnectionParts, neg: Negotiator, watch: MediaWatch, expectingInbound: () => boolean) {
    this.#parts = parts;
    this.#neg = neg;
    this.#watch = watch;
    this.#expectingInbound = expectingInbound;
  }

  /** The media watch's verdict. */
  health(health: MediaHealth): void {
    if (health === 'down') {
      this.#machine.send('lost');
      return;
    }
    // Back only with a restart completed and, where audio should come in, a packet since.
    const settledAt = this.#restartSettledAt;
    if (settledAt !== null && (!this.#expectingInbound() || this.#watch.lastPacketAt > settledAt)) this.#machine.send('flowing');
  }

  /** A negotiation completed: while media is up that is a hold or unhold (the stall clock starts again), else a restart. */
  settled(): void {
    if (this.#machine.phase === 'up') this.#watch.resetClock();
    else if (this.#machine.send('settled')) this.#restartSettledAt = performance.now();
  }

  stop(): void {
    clearInterval(this.#restartTimer);
    clearTimeout(this.#deadline);
  }

  /** The effects of each move of the table. */
  #moved(to: RecoveryPhase): void {
    const { callId, timing, signal } = this.#parts;
    if (to === 'down') {
      this.#restartSettledAt = null;
      signal({
        type: 'reconnecting',
        callId,
        error: new HandsetError('media-failed', 'The media connection was lost; reconnecting with an ICE restart.'),
      });
      const restart = (): void => {
        if (this.#machine.phase === 'down') void this.#neg.restartIce();
      };
      restart();
      this.#restartTimer = setInterval(restart, timing.restartEveryMs);
      this.#deadline = setTimeout(() => this.#machine.send('expired'), timing.reconnectTimeoutMs);
      return;
    }
    if (to === 'restarted') return;
    this.stop();
    this.#restartSettledAt = null;
    if (to === 'up') signal({ type: 'reconnected', callId });
    else this.#parts.gaveUp(`The connection was lost and not restored within ${Math.round(timing.reconnectTimeoutMs / 1000)} s.`);
  }
}
