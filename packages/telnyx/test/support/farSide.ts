/**
 * The far side of the Line contract suite: not a second phone of the line but whoever is at the other end of
 * Telnyx's network, driven through the stand-in (its answers, rejections and BYEs go to the real SDK; what the
 * browser sent, the stand-in saw: BYEs with their causes, hold modifies, DTMF INFOs). It speaks the suite's
 * `ContractPhone` in plain data, as a phone of the pair does.
 */
import type { ContractPhone } from '@handset/core/testing';
import type { TelnyxStandIn } from '../../src/stand-in/index';

export function farSide(standIn: TelnyxStandIn, address: string): ContractPhone {
  const own = new Map<string, string[]>();
  const answered = new Set<string>();
  let seen = standIn.invites.length;
  const logOf = (id: string) => {
    let log = own.get(id);
    if (!log) own.set(id, (log = []));
    return log;
  };
  /** What the browser did to the call, as the stand-in saw it, after what this side did itself. */
  const events = (id: string): string[] => {
    const call = standIn.calls.get(id);
    if (!call) return [...(own.get(id) ?? [])];
    const heard = [...call.modifies.map((action) => `${action} remote`), ...call.dtmf.map((digit) => `dtmf ${digit}`)];
    if (call.hangup?.by === 'client') heard.push(`ended ${answered.has(id) ? 'hangup' : 'cancelled'} remote`);
    return [...(own.get(id) ?? []), ...heard];
  };
  const until = async (done: () => boolean, timeoutMs: number, what: () => string) => {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return {
    address,
    capabilities: async () => {
      throw new Error('the far side is not a line');
    },
    call: async () => (await standIn.placeIncoming({ callerNumber: address })).callId,
    nextIncoming: async (timeoutMs = 10_000) => {
      await until(
        () => standIn.invites.length > seen,
        timeoutMs,
        () => `an invite to ${address}`,
      );
      const id = standIn.invites[seen++]?.callId as string;
      await standIn.ring(id);
      logOf(id).push('state ringing');
      return id;
    },
    run: async (id, command, argument) => {
      try {
        if (command === 'accept') {
          await standIn.answer(id);
          answered.add(id);
          logOf(id).push('state active');
        } else if (command === 'reject') {
          const sipCode = typeof argument === 'number' ? argument : 486;
          await standIn.hangup(id, { cause: sipCode === 486 || sipCode === 600 ? 'USER_BUSY' : 'CALL_REJECTED', sipCode });
          logOf(id).push('ended rejected local');
        } else if (command === 'hangup') {
          await standIn.hangup(id);
          logOf(id).push(`ended ${answered.has(id) ? 'hangup' : 'cancelled'} local`);
        } else return 'unsupported';
        return null;
      } catch (error) {
        return (error as { code?: string }).code ?? String(error);
      }
    },
    snapshot: async () => null,
    events: async (id) => events(id),
    waitFor: (id, prefix, timeoutMs = 10_000) =>
      until(
        () => events(id).some((event) => event.startsWith(prefix)),
        timeoutMs,
        () => `"${prefix}" on ${id}; it had: ${events(id).join(', ')}`,
      ),
    dispose: async () => undefined,
  };
}
