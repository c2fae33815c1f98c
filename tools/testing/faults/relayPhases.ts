import { applied, type DirectionRecord, emptyDirection, type Impairment, noImpairment } from './impairment';
import type { Lane } from './relayLane';

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

/**
 * The relay's record: every change of impairment (or blackout) starts a new phase, whose tallies the two
 * lanes fill from then on.
 */
export class RelayPhases {
  readonly phases: Phase[] = [];
  #current: { label: string; impairment: { up: Impairment; down: Impairment } } = {
    label: 'none',
    impairment: { up: noImpairment, down: noImpairment },
  };
  #blackoutTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly up: Lane,
    private readonly down: Lane,
  ) {
    this.#begin('none', noImpairment, noImpairment, false);
  }

  impair(label: string, up: Impairment, down: Impairment): void {
    clearTimeout(this.#blackoutTimer);
    this.#current = { label, impairment: { up, down } };
    this.#begin(label, up, down, false);
  }

  /** Drops everything both ways for `ms`, then goes back to what was applied before. Resolves when it ends. */
  blackout(ms: number, label: string): Promise<void> {
    clearTimeout(this.#blackoutTimer);
    const before = this.#current;
    this.#begin(label, noImpairment, noImpairment, true);
    return new Promise((resolve) => {
      this.#blackoutTimer = setTimeout(() => {
        this.#begin(`${before.label} (after ${label})`, before.impairment.up, before.impairment.down, false);
        resolve();
      }, ms);
    });
  }

  /** The applied figures of the phase with this label (the latest, if several). */
  figures(label: string): AppliedFigures {
    const phases = this.phases;
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
  }

  /** Cancels a blackout's end. */
  stop(): void {
    clearTimeout(this.#blackoutTimer);
  }

  #begin(label: string, upImpairment: Impairment, downImpairment: Impairment, blackout: boolean): void {
    const now = Date.now();
    const last = this.phases.at(-1);
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
    this.phases.push(phase);
    this.up.set(upImpairment, blackout, phase.up);
    this.down.set(downImpairment, blackout, phase.down);
  }
}
