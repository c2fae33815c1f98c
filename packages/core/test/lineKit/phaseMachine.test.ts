import { describe, expect, it } from 'vitest';
import { mediaRecovery, PhaseMachine, type RecoveryEvent, type RecoveryPhase } from '../../src/line-kit';

const recovery = () => {
  const moves: string[] = [];
  const machine = new PhaseMachine<RecoveryPhase, RecoveryEvent>(mediaRecovery, 'up', (to, from, event) =>
    moves.push(`${from} -${event}-> ${to}`),
  );
  return { machine, moves };
};

describe('PhaseMachine', () => {
  it('moves by its table and runs the effects of each move once; an event the phase lacks changes nothing', () => {
    const { machine, moves } = recovery();
    expect(machine.send('settled')).toBe(false);
    expect(machine.send('lost')).toBe(true);
    expect(machine.send('lost')).toBe(false);
    expect(machine.send('settled')).toBe(true);
    expect(machine.send('flowing')).toBe(true);
    expect(machine.phase).toBe('up');
    expect(moves).toEqual(['up -lost-> down', 'down -settled-> restarted', 'restarted -flowing-> up']);
  });
});

describe('the media recovery table', () => {
  it('gives up only while media is down: a recovered call never expires', () => {
    const { machine } = recovery();
    machine.send('lost');
    machine.send('flowing');
    expect(machine.send('expired')).toBe(false);
    expect(machine.phase).toBe('up');
    machine.send('lost');
    machine.send('settled');
    expect(machine.send('expired')).toBe(true);
    expect(machine.phase).toBe('gone');
    for (const event of ['lost', 'settled', 'flowing', 'expired'] as const) expect(machine.send(event)).toBe(false);
  });

  it('has a move for every event somewhere, and none out of gone', () => {
    const events = new Set(Object.values(mediaRecovery).flatMap((moves) => Object.keys(moves)));
    expect([...events].sort()).toEqual(['expired', 'flowing', 'lost', 'settled']);
    expect(mediaRecovery.gone).toEqual({});
  });
});
