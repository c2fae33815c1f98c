import { type Call, createPhone, type Phone, type PhoneOptions } from '../src';
import { ScriptedLine } from '../src/testing';

/** A registered phone on a scripted line. */
export async function connectedPhone(
  options: Partial<PhoneOptions> & { destinations?: string[] } = {},
): Promise<{ phone: Phone; line: ScriptedLine }> {
  const { destinations, ...rest } = options;
  const line = new ScriptedLine({ destinations: destinations ?? [] });
  const phone = createPhone({ line, ...rest });
  await phone.connect();
  return { phone, line };
}

/** Commands sent after `start` and `register`: what a test's action caused. */
export function callCommands(line: ScriptedLine): string[] {
  return line.commands.filter((c) => c.type !== 'start' && c.type !== 'register').map((c) => c.type);
}

export function incoming(phone: Phone, line: ScriptedLine, callId = 'in-1', number = '+14155550100'): Call {
  line.signal({ type: 'incoming', callId, from: { number, name: 'Ada' } });
  const call = phone.getCall(callId);
  if (!call) throw new Error('incoming call not created');
  return call;
}

/** Drives an outgoing call to `active`. */
export function answer(line: ScriptedLine, call: Call): void {
  line.signal({ type: 'ringing', callId: call.id, earlyMedia: false });
  line.signal({ type: 'answered', callId: call.id });
  line.signal({ type: 'connected', callId: call.id, codec: 'opus' });
}
