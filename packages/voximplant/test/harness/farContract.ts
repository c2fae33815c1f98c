import type { CallSnapshot } from '@handset/core';
import type { ContractCommand, ContractPhone } from '@handset/core/testing';
import { audioDirection, type StandInCall } from '../../src/stand-in/calls';
import { InfoType, ServerFrame } from '../../src/stand-in/frames';
import type { StandIn } from '../../src/stand-in/standIn';

/**
 * The far end of the contract pair: whoever Voximplant bridges the line's calls to, answering as a second
 * handset phone would. It is the stand-in (`outgoing: 'ring'`: calls ring until it answers) with the far
 * party's real media: it answers, fails the call with the SIP code of a rejection (603 Decline, 486 Busy
 * Here), hangs up, hears DTMF in the RTP (RFC 4733), messages (zingaya-im INFOs) and hold re-INVITEs.
 */
export function farContractPhone(standIn: StandIn, address: string): ContractPhone {
  const seen = new Set<string>();
  const endedHere = new Map<string, string>();
  const connected = (call: StandInCall) =>
    call.frames.some((frame) => frame.name === ServerFrame.handleConnectionConnected && frame.direction === 'out');
  const events = (call: StandInCall): string[] => {
    const log = ['state incoming'];
    if (connected(call)) log.push('state active');
    for (const frame of call.frames) {
      if (frame.name !== 'ReInvite' || frame.direction !== 'in') continue;
      const held = audioDirection(String(frame.params[2] ?? ''));
      log.push(held === 'sendonly' || held === 'inactive' ? 'hold remote' : 'unhold remote');
    }
    for (const digit of call.digits) log.push(`dtmf ${digit.digit}`);
    for (const info of call.infos) if (info.direction === 'in' && info.mimeType === InfoType.message) log.push(`message ${info.body}`);
    if (call.state !== 'ringing' && call.state !== 'connected') {
      const here = endedHere.get(call.id);
      if (here) log.push(here);
      else log.push(connected(call) ? 'ended hangup remote' : 'ended cancelled remote');
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
  const run = async (id: string, command: ContractCommand, argument?: string | number): Promise<string | null> => {
    const call = standIn.call(id);
    if (command === 'accept') await standIn.answerOutgoing(id);
    else if (command === 'reject') {
      endedHere.set(id, 'ended rejected local');
      if (argument === 486) standIn.fail(id, 486, 'Busy Here');
      else standIn.fail(id, 603, 'Decline');
    } else if (command === 'hangup') {
      endedHere.set(id, call.state === 'connected' ? 'ended hangup local' : 'ended cancelled local');
      standIn.hangup(id);
    } else if (command === 'sendMessage') standIn.sendMessage(id, String(argument));
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
      const next = () => standIn.calls.find((call) => call.direction === 'outgoing' && !seen.has(call.id));
      await until(
        () => next() !== undefined,
        timeoutMs,
        () => `a call to ${address}`,
      );
      const call = next() as StandInCall;
      seen.add(call.id);
      return call.id;
    },
    run,
    snapshot: async () => null as CallSnapshot | null,
    events: async (id) => events(standIn.call(id)),
    waitFor: (id, prefix, timeoutMs = 10_000) =>
      until(
        () => events(standIn.call(id)).some((event) => event.startsWith(prefix)),
        timeoutMs,
        () => `"${prefix}" on ${id}; it had: ${events(standIn.call(id)).join(', ')}`,
      ),
    dispose: async () => undefined,
  };
}
