import { createPhone, type Phone, type PhoneOptions } from '@handset/core';
import { ScriptedLine, type ScriptedLineOptions } from '@handset/core/testing';
import { act } from '@testing-library/react';

export interface TestPhone {
  readonly phone: Phone;
  readonly line: ScriptedLine;
}

/** A real Phone on a ScriptedLine, connected (registered) unless `connect: false`. */
export async function testPhone(
  options: { line?: ScriptedLineOptions; phone?: Omit<PhoneOptions, 'line'>; connect?: boolean } = {},
): Promise<TestPhone> {
  const line = new ScriptedLine(options.line);
  const phone = createPhone({ ...options.phone, line });
  if (options.connect !== false) await phone.connect();
  return { phone, line };
}

let nextIncoming = 0;

/** The line reports an incoming call; returns its id. */
export function ringIn(line: ScriptedLine, from: { number: string; name?: string } = { number: '+15550100001' }, callId?: string): string {
  const id = callId ?? `in-${++nextIncoming}`;
  line.signal({ type: 'incoming', callId: id, from });
  return id;
}

/** Accepts an incoming call and lets the line report media: the call becomes active. */
export function answerIncoming(phone: Phone, line: ScriptedLine, id: string): void {
  phone.getCall(id)?.accept();
  line.signal({ type: 'connected', callId: id, codec: 'opus' });
}

/** Places an outgoing call and has the far side answer it: the call becomes active. */
export function activeOutgoing(phone: Phone, line: ScriptedLine, destination = '+15550100002'): string {
  const call = phone.call(destination);
  line.signal({ type: 'ringing', callId: call.id, earlyMedia: false });
  line.signal({ type: 'connected', callId: call.id, codec: 'opus' });
  return call.id;
}

/** `act()` around a synchronous function, returning its value (React 19's act returns a thenable). */
export function acted<T>(fn: () => T): T {
  let value!: T;
  act(() => {
    value = fn();
  });
  return value;
}
