import type { CallSnapshot } from '@handset/core';
import type { ContractCommand, ContractPhone } from '@handset/core/testing';
import type { StandInCall } from '../../src/stand-in/calls';
import type { StandIn } from '../../src/stand-in/standIn';

/**
 * The far end of the contract pair: whoever Twilio bridges the line's calls to (a number on the PSTN, say),
 * answering as a second handset phone would. It is the stand-in (`outgoing: 'ring'`: calls ring until it
 * answers) with the far party's real media: it accepts, rejects with a SIP-like Twilio error (31603 decline,
 * 31486 busy), hangs up, hears DTMF in the RTP (RFC 4733) and call messages on the socket.
 */
export function farContractPhone(standIn: StandIn, address: string): ContractPhone {
  const seen = new Set<string>();
  /** How each call ended when this side ended it (the stand-in records only that it did). */
  const endedHere = new Map<string, string>();
  const callOf = (sid: string) => standIn.call(sid);
  const events = (call: StandInCall): string[] => {
    const log = ['state incoming'];
    if (call.state === 'answered' || call.frames.some((frame) => frame.type === 'answer' && frame.direction === 'out')) {
      log.push('state active');
    }
    for (const digit of call.digits) log.push(`dtmf ${digit.digit}`);
    for (const message of call.messages) if (message.direction === 'in') log.push(`message ${String(message.content)}`);
    if (call.state !== 'ringing' && call.state !== 'answered') {
      const here = endedHere.get(call.callSid);
      if (here) log.push(here);
      else if (call.state === 'ended') log.push('ended hangup remote');
      else if (call.state === 'canceled') log.push('ended cancelled remote');
      else log.push(`ended ${call.state} remote`);
    }
    return log;
  };
  const until = async (done: () => boolean, timeoutMs: number, what: () => string) => {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const run = async (sid: string, command: ContractCommand, argument?: string | number): Promise<string | null> => {
    const call = callOf(sid);
    const answered = call.state === 'answered';
    if (command === 'accept') await standIn.answer(sid);
    else if (command === 'reject') {
      const busy = argument === 486;
      endedHere.set(sid, 'ended rejected local');
      standIn.hangup(sid, busy ? { code: 31486, message: 'Busy Here' } : { code: 31603, message: 'Decline' });
    } else if (command === 'hangup') {
      endedHere.set(sid, answered ? 'ended hangup local' : 'ended cancelled local');
      standIn.hangup(sid);
    } else if (command === 'sendMessage') standIn.sendMessage(sid, String(argument));
    else return 'unsupported';
    return null;
  };
  return {
    address,
    capabilities: async () => {
      throw new Error('the far party is not the line under test');
    },
    call: async () => {
      throw new Error('the far party only answers in this pair');
    },
    nextIncoming: async (timeoutMs = 10_000) => {
      const next = () => standIn.calls.find((call) => call.direction === 'outgoing' && !seen.has(call.callSid));
      await until(
        () => next() !== undefined,
        timeoutMs,
        () => `a call to ${address}`,
      );
      const call = next() as StandInCall;
      seen.add(call.callSid);
      return call.callSid;
    },
    run,
    snapshot: async () => null as CallSnapshot | null,
    events: async (sid) => events(callOf(sid)),
    waitFor: (sid, prefix, timeoutMs = 10_000) =>
      until(
        () => events(callOf(sid)).some((event) => event.startsWith(prefix)),
        timeoutMs,
        () => `"${prefix}" on ${sid}; it had: ${events(callOf(sid)).join(', ')}`,
      ),
    dispose: async () => undefined,
  };
}
