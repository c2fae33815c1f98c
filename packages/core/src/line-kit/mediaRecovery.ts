import type { PhaseTable } from './phaseMachine';

/**
 * A call's media recovery (RFC 8445's ICE restart after the path is lost):
 * - `up`: media flows;
 * - `down`: it stopped (`lost`); the line says `reconnecting` and restarts ICE, again while no restart completes;
 * - `restarted`: a restart's negotiation completed (`settled`); the line waits for media to flow on the new path;
 * - `gone`: the recovery bound passed (`expired`) while down or restarted; the call ends with `network`.
 * Media flowing again (`flowing`) after a completed restart is `reconnected`; flowing before any restart
 * completed (ICE found its way back by itself) is too. Nothing expires once media is up again.
 */
export type RecoveryPhase = 'up' | 'down' | 'restarted' | 'gone';
export type RecoveryEvent = 'lost' | 'settled' | 'flowing' | 'expired';

export const mediaRecovery: PhaseTable<RecoveryPhase, RecoveryEvent> = {
  up: { lost: 'down' },
  down: { settled: 'restarted', flowing: 'up', expired: 'gone' },
  restarted: { flowing: 'up', expired: 'gone' },
  gone: {},
};
