import { describe, expect, it } from 'vitest';
import { PhaseMachine, type ReInviteEvent, type ReInvitePhase, reInvite } from '../../src/line-kit';

const phases: readonly ReInvitePhase[] = ['idle', 'theirs', 'offering', 'glare', 'restoring', 'closed'];
const events: readonly ReInviteEvent[] = ['offer', 'busy', 'clear', 'accepted', 'glare', 'refused', 'retry', 'restored', 'ended'];

/** Every move the table must make, written out: any pair not here must leave the phase as it is. */
const moves: Readonly<Record<ReInvitePhase, Partial<Record<ReInviteEvent, ReInvitePhase>>>> = {
  idle: { offer: 'offering', busy: 'theirs', ended: 'closed' },
  theirs: { clear: 'idle', ended: 'closed' },
  offering: { accepted: 'idle', glare: 'glare', refused: 'restoring', ended: 'closed' },
  glare: { retry: 'idle', ended: 'closed' },
  restoring: { restored: 'idle', ended: 'closed' },
  closed: {},
};

/** A machine put in `phase` by the shortest way there from `idle`, as the line would. */
function machineIn(phase: ReInvitePhase) {
  const log: string[] = [];
  const machine = new PhaseMachine<ReInvitePhase, ReInviteEvent>(reInvite, 'idle', (to, from, event) =>
    log.push(`${from} -${event}-> ${to}`),
  );
  const way: Record<ReInvitePhase, ReInviteEvent[]> = {
    idle: [],
    theirs: ['busy'],
    offering: ['offer'],
    glare: ['offer', 'glare'],
    restoring: ['offer', 'refused'],
    closed: ['ended'],
  };
  for (const event of way[phase]) expect(machine.send(event)).toBe(true);
  expect(machine.phase).toBe(phase);
  log.length = 0;
  return { machine, log };
}

describe('the re-INVITE table', () => {
  for (const phase of phases) {
    for (const event of events) {
      const to = moves[phase][event];
      it(to ? `${phase} -${event}-> ${to}` : `${phase}: ${event} changes nothing`, () => {
        const { machine, log } = machineIn(phase);
        expect(machine.send(event)).toBe(to !== undefined);
        expect(machine.phase).toBe(to ?? phase);
        expect(log).toEqual(to ? [`${phase} -${event}-> ${to}`] : []);
      });
    }
  }

  it('has exactly the rows and events above', () => {
    expect(reInvite).toEqual(moves);
    const used = new Set(Object.values(reInvite).flatMap((row) => Object.keys(row)));
    expect([...used].sort()).toEqual([...events].sort());
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

  it('ends from every phase but closed, and stays closed', () => {
    for (const phase of phases.filter((p) => p !== 'closed')) expect(machineIn(phase).machine.send('ended')).toBe(true);
    const { machine } = machineIn('closed');
    for (const event of events) expect(machine.send(event)).toBe(false);
  });
});
