import { describe, expect, it } from 'vitest';
import { PhaseMachine, type ReInviteEvent, type ReInvitePhase, reInvite } from '../../src/line-kit';

const events: readonly ReInviteEvent[] = ['offer', 'busy', 'clear', 'accepted', 'glare', 'refused', 'retry', 'restored', 'ended'];

/** How the line gets the machine into each phase from `idle`. */
const wayTo: Readonly<Record<ReInvitePhase, readonly ReInviteEvent[]>> = {
  idle: [],
  theirs: ['busy'],
  offering: ['offer'],
  glare: ['offer', 'glare'],
  restoring: ['offer', 'refused'],
  closed: ['ended'],
};

/** A machine in `phase`; `log` holds the moves made after that. */
function machineIn(phase: ReInvitePhase) {
  const log: string[] = [];
  const machine = new PhaseMachine<ReInvitePhase, ReInviteEvent>(reInvite, 'idle', (to, from, event) =>
    log.push(`${from} -${event}-> ${to}`),
  );
  for (const event of wayTo[phase]) expect(machine.send(event)).toBe(true);
  expect(machine.phase).toBe(phase);
  log.length = 0;
  return { machine, log };
}

/** Sends `steps` in turn from `phase`; the phases it passes through. */
function walk(phase: ReInvitePhase, ...steps: ReInviteEvent[]): ReInvitePhase[] {
  const { machine } = machineIn(phase);
  return steps.map((event) => {
    machine.send(event);
    return machine.phase;
  });
}

/** Every event but `handled` leaves `phase` as it is, with no move made (so no effect runs). */
function expectOnlyMovedBy(phase: ReInvitePhase, ...handled: ReInviteEvent[]) {
  for (const event of events.filter((e) => !handled.includes(e))) {
    const { machine, log } = machineIn(phase);
    expect(machine.send(event), `${phase}: ${event}`).toBe(false);
    expect(machine.phase).toBe(phase);
    expect(log).toEqual([]);
  }
}

describe('the re-INVITE table', () => {
  it('idle: an offer wanted goes out at once', () => {
    expect(walk('idle', 'offer')).toEqual(['offering']);
  });

  it('idle: an open INVITE transaction (a remote offer, or ours awaiting its ACK) is waited out, then ours goes', () => {
    expect(walk('idle', 'busy', 'clear', 'offer')).toEqual(['theirs', 'idle', 'offering']);
  });

  it('idle: with none of our offers out, no answer, wait or rollback has anything to act on', () => {
    expectOnlyMovedBy('idle', 'offer', 'busy', 'ended');
  });

  it('theirs: nothing goes, and nothing of ours is answered, until the open transaction closes', () => {
    expectOnlyMovedBy('theirs', 'clear', 'ended');
  });

  it('offering: an accepted offer lets the next one go', () => {
    expect(walk('offering', 'accepted', 'offer')).toEqual(['idle', 'offering']);
  });

  it('offering: a 491 waits, then retries', () => {
    expect(walk('offering', 'glare', 'retry', 'offer')).toEqual(['glare', 'idle', 'offering']);
  });

  it('offering: a refusal is rolled back before the next offer goes', () => {
    expect(walk('offering', 'refused', 'offer', 'restored', 'offer')).toEqual(['restoring', 'restoring', 'idle', 'offering']);
  });

  it('offering: one offer at a time; another wanted, or the far side busy, waits for the answer', () => {
    expectOnlyMovedBy('offering', 'accepted', 'glare', 'refused', 'ended');
  });

  it('glare: no offer goes and a late answer changes nothing until the wait is over', () => {
    expectOnlyMovedBy('glare', 'retry', 'ended');
  });

  it('restoring: no offer goes and a late answer changes nothing until the rollback is done', () => {
    expectOnlyMovedBy('restoring', 'restored', 'ended');
  });

  it('the dialog ending closes it from every phase, and a closed dialog never moves again', () => {
    for (const phase of ['idle', 'theirs', 'offering', 'glare', 'restoring'] as const) {
      expect(walk(phase, 'ended')).toEqual(['closed']);
    }
    expectOnlyMovedBy('closed');
  });

  it('has no phase or event these tests do not drive', () => {
    expect(Object.keys(reInvite).sort()).toEqual(Object.keys(wayTo).sort());
    for (const row of Object.values(reInvite)) for (const event of Object.keys(row)) expect(events).toContain(event);
  });

  it('carries a hold through glare, a retry, and a refusal of the retry back to idle', () => {
    const { machine, log } = machineIn('idle');
    for (const event of ['busy', 'clear', 'offer', 'glare', 'retry', 'offer', 'refused', 'restored'] as const) machine.send(event);
    expect(log).toEqual([
      'idle -busy-> theirs',
      'theirs -clear-> idle',
      'idle -offer-> offering',
      'offering -glare-> glare',
      'glare -retry-> idle',
      'idle -offer-> offering',
      'offering -refused-> restoring',
      'restoring -restored-> idle',
    ]);
  });
});
