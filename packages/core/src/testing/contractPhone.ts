import type { Call } from '../call/Call';
import type { CallSnapshot } from '../call/types';
import type { LineCapabilities } from '../line/Line';
import type { Phone } from '../phone/Phone';

/** The commands the contract suite gives a call. */
export type ContractCommand = 'accept' | 'reject' | 'hangup' | 'hold' | 'unhold' | 'mute' | 'unmute' | 'sendDigits' | 'sendMessage';

/** A line's capabilities as plain data (`options` as a list), to cross a page boundary. */
export type CapabilitiesData = Omit<LineCapabilities, 'options'> & { readonly options: readonly string[] };

/**
 * One phone as the contract suite drives it: every method is async and takes and returns plain data, so the
 * same suite drives a phone in this process or one inside a browser page (through `page.evaluate`).
 */
export interface ContractPhone {
  /** What the other phone of the pair dials to reach this one. */
  readonly address: string;
  capabilities(): Promise<CapabilitiesData>;
  /** Places a call; resolves with its id. */
  call(destination: string): Promise<string>;
  /** Resolves with the id of the next incoming call (one that arrived already counts). */
  nextIncoming(timeoutMs?: number): Promise<string>;
  /** Runs a command; resolves with the error code it threw, or null. */
  run(callId: string, command: ContractCommand, argument?: string | number): Promise<string | null>;
  snapshot(callId: string): Promise<CallSnapshot | null>;
  /** The call's events so far, one string each: `state active`, `ended hangup remote`, `dtmf 1`, `hold remote`, `message hi`. */
  events(callId: string): Promise<string[]>;
  /** Resolves once an event starting with `prefix` was seen on the call; rejects with the events after `timeoutMs`. */
  waitFor(callId: string, prefix: string, timeoutMs?: number): Promise<void>;
  dispose(): Promise<void>;
}

/** Wraps a connected phone for the contract suite; `address` is how its pair reaches it. */
export function contractPhone(phone: Phone, address: string): ContractPhone {
  const calls = new Map<string, Call>();
  const events = new Map<string, string[]>();
  const incoming: string[] = [];
  const watch = (call: Call) => {
    calls.set(call.id, call);
    const log: string[] = [];
    events.set(call.id, log);
    call.on('state', (state) => log.push(`state ${state}`));
    call.on('ended', (end) => log.push(`ended ${end.reason} ${end.by}`));
    call.on('hold', (by) => log.push(`hold ${by}`));
    call.on('unhold', (by) => log.push(`unhold ${by}`));
    call.on('dtmf', (digit) => log.push(`dtmf ${digit}`));
    call.on('messageReceived', (message) => log.push(`message ${String(message.content)}`));
    call.on('error', (error) => log.push(`error ${error.code}`));
  };
  phone.on('incoming', (call) => {
    watch(call);
    incoming.push(call.id);
  });
  const callOf = (id: string) => {
    const call = calls.get(id);
    if (!call) throw new Error(`contractPhone: no call ${id}`);
    return call;
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
      const { options, ...rest } = phone.line.capabilities;
      return { ...rest, options: [...options] };
    },
    call: async (destination) => {
      const call = phone.call(destination);
      watch(call);
      return call.id;
    },
    nextIncoming: async (timeoutMs = 10_000) => {
      await until(
        () => incoming.length > 0,
        timeoutMs,
        () => `an incoming call to ${address}`,
      );
      return incoming.shift() as string;
    },
    run: async (id, command, argument) => {
      const call = callOf(id);
      try {
        if (command === 'accept') call.accept();
        else if (command === 'reject') call.reject(typeof argument === 'number' ? argument : undefined);
        else if (command === 'hangup') call.hangup();
        else if (command === 'hold') call.hold();
        else if (command === 'unhold') call.unhold();
        else if (command === 'mute') call.mute(true);
        else if (command === 'unmute') call.mute(false);
        else if (command === 'sendDigits') call.sendDigits(String(argument));
        else call.sendMessage({ content: String(argument), contentType: 'text/plain' });
        return null;
      } catch (error) {
        return (error as { code?: string }).code ?? String(error);
      }
    },
    snapshot: async (id) => phone.store.getState().calls[id] ?? null,
    events: async (id) => [...(events.get(id) ?? [])],
    waitFor: (id, prefix, timeoutMs = 10_000) =>
      until(
        () => (events.get(id) ?? []).some((event) => event.startsWith(prefix)),
        timeoutMs,
        () => `"${prefix}" on ${id}; it had: ${(events.get(id) ?? []).join(', ')}`,
      ),
    dispose: async () => phone.dispose(),
  };
}

const contractMethods = ['capabilities', 'call', 'nextIncoming', 'run', 'snapshot', 'events', 'waitFor', 'dispose'] as const;

/**
 * A `ContractPhone` whose methods run elsewhere, e.g. in a browser page: `invoke(method, args)` calls the page's own
 * `contractPhone()` (through playwright's `page.evaluate`) and resolves with what it returned.
 */
export function remoteContractPhone(
  address: string,
  invoke: (method: (typeof contractMethods)[number], args: unknown[]) => Promise<unknown>,
): ContractPhone {
  const methods = Object.fromEntries(contractMethods.map((method) => [method, (...args: unknown[]) => invoke(method, args)]));
  return { address, ...methods } as unknown as ContractPhone;
}
