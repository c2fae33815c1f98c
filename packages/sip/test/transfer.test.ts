import { createPhone, type HandsetError } from '@handset/core';
import { ScriptedLine } from '@handset/core/testing';
import { describe, expect, it } from 'vitest';

/** A scripted line that can transfer, recording the transfers it is asked for. */
class TransferringLine extends ScriptedLine {
  readonly transfers: [string, string][] = [];
  transfer(callId: string, target: string): void {
    this.transfers.push([callId, target]);
  }
}

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

describe('call.transfer() (core, used by the SIP line)', () => {
  it('asks the line to transfer an active call to a validated target', async () => {
    const line = new TransferringLine();
    const { call } = await activeCall(line);
    const dialing = thrown(() => call.transfer('sip:carol@example.com'));
    expect(dialing.code).toBe('invalid-state');
    line.signal({ type: 'connected', callId: call.id });
    expect(thrown(() => call.transfer('carol')).code).toBe('invalid-destination');
    expect(line.transfers).toEqual([]);
    call.transfer('+14155550123');
    expect(line.transfers).toEqual([[call.id, '+14155550123']]);
    expect(call.state).toBe('active');
  });

  it('refuses with unsupported on a line that cannot transfer', async () => {
    const line = new ScriptedLine();
    const { call } = await activeCall(line);
    line.signal({ type: 'connected', callId: call.id });
    expect(thrown(() => call.transfer('sip:carol@example.com')).code).toBe('unsupported');
  });
});
