import type { Phone } from '../phone/Phone';
import { type ContractPhone, contractPhone } from './contractPhone';

/** Two connected phones on the line under test: `a` is checked, `b` is its far party. */
export interface LinePair {
  readonly a: ContractPhone;
  readonly b: ContractPhone;
  /** Releases both phones and whatever the pair started. */
  close(): Promise<void>;
}

/**
 * A pair of phones in this process: connects both, wraps them with `contractPhone()` (`a` reached at `addresses[0]`,
 * `b` at `addresses[1]`), and disposes both on `close()`.
 */
export async function phonePair(phones: readonly [Phone, Phone], addresses: readonly [string, string]): Promise<LinePair> {
  await Promise.all(phones.map((phone) => phone.connect()));
  return {
    a: contractPhone(phones[0], addresses[0]),
    b: contractPhone(phones[1], addresses[1]),
    close: async () => {
      for (const phone of phones) phone.dispose();
    },
  };
}

/** The test runner's functions (Vitest's, Jest's, ...): the suite brings no runner of its own. */
export interface TestApi {
  describe(title: string, body: () => void): void;
  test(title: string, body: () => Promise<void>, timeoutMs?: number): void;
}

export interface DescribeLineOptions {
  /** Makes a fresh pair for each case. */
  readonly pair: () => Promise<LinePair>;
  /** Per-case bound, ms. Default 30 000. */
  readonly timeoutMs?: number;
  /** How long to wait for one event, ms. Default 10 000. */
  readonly waitMs?: number;
}

class ContractFailure extends Error {
  override readonly name = 'ContractFailure';
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ContractFailure(message);
}

/**
 * The Line contract as one suite, for every line: `describeLine('sip', { pair }, { describe, test })`.
 * Each case places real calls between two phones of the line and checks what the core reports on both
 * ends; what a line cannot do must be refused with `unsupported` before anything is sent.
 */
export function describeLine(title: string, options: DescribeLineOptions, t: TestApi): void {
  const wait = options.waitMs ?? 10_000;
  const timeout = options.timeoutMs ?? 30_000;
  const withPair = (body: (pair: LinePair) => Promise<void>) => async () => {
    const pair = await options.pair();
    try {
      await body(pair);
    } finally {
      await pair.close();
    }
  };
  /** A calls B and B accepts: both active. */
  const connect = async ({ a, b }: LinePair) => {
    const out = await a.call(b.address);
    const inc = await b.nextIncoming(wait);
    check((await b.run(inc, 'accept')) === null, 'accept() threw');
    await a.waitFor(out, 'state active', wait);
    await b.waitFor(inc, 'state active', wait);
    return { out, inc };
  };
  const endedOnce = async (phone: ContractPhone, id: string, reason: string, by: string) => {
    await phone.waitFor(id, 'ended', wait);
    const ends = (await phone.events(id)).filter((e) => e.startsWith('ended'));
    check(ends.length === 1, `the call ended ${ends.length} times: ${ends.join(', ')}`);
    check(ends[0] === `ended ${reason} ${by}`, `expected "ended ${reason} ${by}", got "${ends[0]}"`);
  };

  t.describe(`the Line contract: ${title}`, () => {
    t.test(
      'dial → active → hang up: both ends active, then each ends once (hangup, local and remote)',
      withPair(async (pair) => {
        const { out, inc } = await connect(pair);
        check((await pair.a.run(out, 'hangup')) === null, 'hangup() threw');
        await endedOnce(pair.a, out, 'hangup', 'local');
        await endedOnce(pair.b, inc, 'hangup', 'remote');
      }),
      timeout,
    );

    t.test(
      'reject: 603 ends the caller rejected; 486 ends it busy',
      withPair(async ({ a, b }) => {
        for (const [code, reason] of [
          [603, 'rejected'],
          [486, 'busy'],
        ] as const) {
          const out = await a.call(b.address);
          const inc = await b.nextIncoming(wait);
          check((await b.run(inc, 'reject', code)) === null, 'reject() threw');
          await endedOnce(b, inc, 'rejected', 'local');
          await endedOnce(a, out, reason, 'remote');
          check((await a.snapshot(out))?.end?.sipCode === code, `the caller's end has no SIP code ${code}`);
        }
      }),
      timeout,
    );

    t.test(
      'cancel while ringing: the callee ends cancelled by remote, the caller cancelled by local',
      withPair(async ({ a, b }) => {
        const out = await a.call(b.address);
        const inc = await b.nextIncoming(wait);
        await a.waitFor(out, 'state ringing', wait);
        check((await a.run(out, 'hangup')) === null, 'hangup() threw');
        await endedOnce(a, out, 'cancelled', 'local');
        await endedOnce(b, inc, 'cancelled', 'remote');
      }),
      timeout,
    );

    t.test(
      'hold and resume where the line can hold; otherwise hold() is refused with unsupported and nothing changes',
      withPair(async (pair) => {
        const { out, inc } = await connect(pair);
        if ((await pair.a.capabilities()).hold) {
          check((await pair.a.run(out, 'hold')) === null, 'hold() threw');
          await pair.b.waitFor(inc, 'hold remote', wait);
          check((await pair.a.snapshot(out))?.state === 'held', 'the call is not held');
          check((await pair.a.run(out, 'unhold')) === null, 'unhold() threw');
          await pair.b.waitFor(inc, 'unhold remote', wait);
          check((await pair.a.snapshot(out))?.state === 'active', 'the call is not active again');
        } else {
          check((await pair.a.run(out, 'hold')) === 'unsupported', 'hold() on a line without hold was not refused with unsupported');
          check((await pair.a.snapshot(out))?.state === 'active', 'a refused hold changed the state');
          check(!(await pair.b.events(inc)).some((e) => e.startsWith('hold')), 'the far side heard a refused hold');
        }
        await pair.a.run(out, 'hangup');
      }),
      timeout,
    );

    t.test(
      'DTMF: the far side receives 1, 2, # in order (or sendDigits is unsupported on a line without DTMF)',
      withPair(async (pair) => {
        const { out, inc } = await connect(pair);
        if ((await pair.a.capabilities()).dtmf.length === 0) {
          check((await pair.a.run(out, 'sendDigits', '12#')) === 'unsupported', 'sendDigits() was not refused');
        } else {
          check((await pair.a.run(out, 'sendDigits', '12#')) === null, 'sendDigits() threw');
          await pair.b.waitFor(inc, 'dtmf #', wait);
          const digits = (await pair.b.events(inc)).filter((e) => e.startsWith('dtmf ')).map((e) => e.slice(5));
          check(digits.join('') === '12#', `the far side received "${digits.join('')}"`);
        }
        await pair.a.run(out, 'hangup');
      }),
      timeout,
    );

    t.test(
      'mute and unmute are facts on the snapshot, in any live state',
      withPair(async (pair) => {
        const { out } = await connect(pair);
        check((await pair.a.run(out, 'mute')) === null, 'mute() threw');
        check((await pair.a.snapshot(out))?.muted === true, 'the snapshot is not muted');
        check((await pair.a.run(out, 'unmute')) === null, 'unmute() threw');
        check((await pair.a.snapshot(out))?.muted === false, 'the snapshot is still muted');
        check((await pair.a.snapshot(out))?.state === 'active', 'muting changed the state');
        await pair.a.run(out, 'hangup');
      }),
      timeout,
    );

    t.test(
      'messages reach the far side (or sendMessage is unsupported on a line without messages)',
      withPair(async (pair) => {
        const { out, inc } = await connect(pair);
        if ((await pair.a.capabilities()).messages) {
          check((await pair.a.run(out, 'sendMessage', 'hello')) === null, 'sendMessage() threw');
          await pair.b.waitFor(inc, 'message hello', wait);
        } else {
          check((await pair.a.run(out, 'sendMessage', 'hello')) === 'unsupported', 'sendMessage() was not refused');
        }
        await pair.a.run(out, 'hangup');
      }),
      timeout,
    );

    t.test(
      'commands after the end are refused with invalid-state and change nothing',
      withPair(async (pair) => {
        const { out, inc } = await connect(pair);
        await pair.b.run(inc, 'hangup');
        await endedOnce(pair.a, out, 'hangup', 'remote');
        for (const command of ['hangup', 'hold', 'mute', 'sendDigits'] as const) {
          const code = await pair.a.run(out, command, '1');
          check(code === 'invalid-state', `${command}() after the end gave ${code}, not invalid-state`);
        }
        check((await pair.a.events(out)).filter((e) => e.startsWith('ended')).length === 1, 'the call ended again');
      }),
      timeout,
    );

    t.test(
      'dispose mid-call: the call ends once on this side, and the far side hears a hangup',
      withPair(async (pair) => {
        const { out, inc } = await connect(pair);
        await pair.a.dispose();
        await endedOnce(pair.a, out, 'hangup', 'system');
        await endedOnce(pair.b, inc, 'hangup', 'remote');
      }),
      timeout,
    );
  });
}
