import { describe, expect, it } from 'vitest';
import { createPhone, type HandsetError } from '../src';
import { ScriptedLine } from '../src/testing';

function thrown(action: () => void): HandsetError {
  try {
    action();
  } catch (error) {
    return error as HandsetError;
  }
  throw new Error('no error');
}

async function activeCall(line: ScriptedLine) {
  const phone = createPhone({ line, mediaDevices: { getUserMedia: async () => ({}) as MediaStream } });
  await phone.connect();
  const call = phone.call('sip:bob@example.com');
  return { phone, call };
}

describe('call.transfer(): blind transfer', () => {
  it('asks the line to transfer an active call to a validated target', async () => {
    const line = new ScriptedLine();
    const { call } = await activeCall(line);
    const dialing = thrown(() => call.transfer('sip:carol@example.com'));
    expect(dialing.code).toBe('invalid-state');
    line.signal({ type: 'connected', callId: call.id });
    expect(thrown(() => call.transfer('carol')).code).toBe('invalid-destination');
    expect(line.sent({ type: 'transfer' })).toEqual([]);
    call.transfer('+14155550123');
    expect(line.sent({ type: 'transfer' }).map((c) => c.args)).toEqual([[call.id, '+14155550123']]);
    expect(call.state).toBe('active');
  });

  it('refuses with unsupported on a line without the blindTransfer capability, sending nothing', async () => {
    const line = new ScriptedLine({ capabilities: { blindTransfer: false } });
    const { call } = await activeCall(line);
    line.signal({ type: 'connected', callId: call.id });
    expect(thrown(() => call.transfer('sip:carol@example.com')).code).toBe('unsupported');
    expect(line.sent({ type: 'transfer' })).toEqual([]);
  });
});
