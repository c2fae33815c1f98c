import { describe, expect, test } from 'vitest';
import { createPhone, type Phone } from '../src';
import { describeLine, phonePair, ReferenceExchange, referenceLine, ScriptedLine } from '../src/testing';

/** The contract suite on the media-owning reference line: async dial, no hold, DTMF by signalling, samples as signals. */
describeLine(
  'reference line (media owned by the line)',
  {
    pair: () => {
      const exchange = new ReferenceExchange();
      const [alice, bob] = ['alice', 'bob'].map((identity) => createPhone({ line: referenceLine({ exchange, identity }) }));
      return phonePair([alice as Phone, bob as Phone], ['alice', 'bob']);
    },
  },
  { describe, test },
);

describe('asynchronous dial (a leg that does not exist yet)', () => {
  test('commands given before the leg exists are queued in order and sent once it does', async () => {
    const line = new ScriptedLine({ asyncDial: true });
    const phone = createPhone({ line });
    await phone.connect();
    const call = phone.call('+14155550123');
    call.mute();
    call.hangup();
    expect(line.sent({ callId: call.id }).map((c) => c.type)).toEqual(['dial']);
    line.completeDial(call.id);
    await Promise.resolve();
    expect(line.sent({ callId: call.id }).map((c) => c.type)).toEqual(['dial', 'setMuted', 'hangup']);
    expect(call.end).toMatchObject({ reason: 'cancelled', by: 'local' });
  });

  test('a dial that fails to give a leg ends the call failed with its error, once', async () => {
    const line = new ScriptedLine({ asyncDial: true });
    const phone = createPhone({ line });
    await phone.connect();
    const call = phone.call('+14155550123');
    const ends: string[] = [];
    const errors: string[] = [];
    call.on('ended', (end) => ends.push(end.reason));
    call.on('error', (error) => errors.push(error.message));
    call.mute();
    line.failDial(call.id, new Error('31005 Connection error'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(ends).toEqual(['failed']);
    expect(errors).toEqual(['The call could not be placed: 31005 Connection error.']);
    expect(line.sent({ type: 'setMuted' })).toEqual([]);
  });
});
