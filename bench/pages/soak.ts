// Bench page: calls in a row on one phone, with the browser media kit, then what is left behind: the JS heap
// after garbage collection, and the browser resources a call makes (counted by wrapping their constructors
// and registries before anything runs). The sandbox calls its `echo` extension; the SIP phone calls a second
// phone in the page through Kamailio, which answers every call.
import '../../packages/sandbox/test/support/resources'; // first: it wraps the constructors before anything uses them
import { createPhone, type Phone } from '@handset/core';
import { browserMedia } from '@handset/core/media';
import { sandbox } from '@handset/sandbox';
import { sip } from '@handset/sip';
import { reach } from '../../packages/sandbox/test/support/calls';
import { countResources, type ResourceCounts } from '../../packages/sandbox/test/support/resources';

export type SoakLine = { kind: 'sandbox' } | { kind: 'sip'; server: string; domain: string; users: Record<'alice' | 'bob', string> };

export interface SoakResult {
  readonly calls: number;
  readonly seconds: number;
  /** JS heap after GC, bytes: after the warm-up calls, and after all the calls. */
  readonly heapBefore: number;
  readonly heapAfter: number;
  readonly before: ResourceCounts;
  readonly after: ResourceCounts;
}

declare const gc: () => void;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function heapAfterGc(): Promise<number> {
  // Several rounds: finalizers and weak references let go of more on a second pass.
  for (let i = 0; i < 4; i++) {
    gc();
    await sleep(50);
  }
  return (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize;
}

/** Waits until `settled` holds, or `ms` passed: what the last call let go of goes on a timer of its own. */
async function settle(settled: () => boolean, ms: number): Promise<void> {
  const until = performance.now() + ms;
  while (!settled() && performance.now() < until) await sleep(100);
}

let phones: Phone[] = [];
let target = '';

async function start(line: SoakLine): Promise<void> {
  if (line.kind === 'sandbox') {
    const phone = createPhone({ line: sandbox({ channel: `soak-${Math.random()}`, timing: { ringMs: 0 } }), media: browserMedia() });
    phones = [phone];
    target = 'echo';
  } else {
    const at = (user: 'alice' | 'bob') =>
      sip({ server: line.server, uri: `sip:${user}@${line.domain}`, password: line.users[user], iceGatheringTimeoutMs: 5000 });
    const callee = createPhone({ line: at('bob') });
    callee.on('incoming', (call) => call.accept());
    phones = [createPhone({ line: at('alice'), media: browserMedia() }), callee];
    target = `sip:bob@${line.domain}`;
  }
  await Promise.all(phones.map((phone) => phone.connect()));
}

/** One call: dialled, active with media, a DTMF digit every tenth, hung up, over on both sides. */
async function oneCall(index: number): Promise<void> {
  const caller = phones[0] as Phone;
  const call = caller.call(target);
  await reach(call, 'active', 15_000);
  if (index % 10 === 9) call.sendDigits('1');
  call.hangup();
  await settle(() => phones.every((phone) => phone.calls.length === 0), 5000);
}

const leakable = ['liveTracks', 'peerConnections', 'audioContexts', 'audioNodesConnected', 'listeners', 'timeouts', 'webSockets'] as const;

/** Back to `before` (or under) in everything a call can leave behind. */
const backTo = (before: ResourceCounts) => () => {
  const now = countResources();
  return leakable.every((name) => now[name] <= before[name]);
};

/** Nothing changed for a second: the warm-up calls' timers have run out. */
function steady(): () => boolean {
  let last = '';
  let since = performance.now();
  return () => {
    const now = JSON.stringify(countResources());
    if (now !== last) [last, since] = [now, performance.now()];
    return performance.now() - since >= 1000;
  };
}

async function run(calls: number, warmup: number): Promise<SoakResult> {
  for (let i = 0; i < warmup; i++) await oneCall(i);
  await settle(steady(), 40_000);
  const before = countResources();
  const heapBefore = await heapAfterGc();
  const started = performance.now();
  for (let i = 0; i < calls; i++) await oneCall(i);
  const seconds = (performance.now() - started) / 1000;
  // SIP transactions and the sandbox's virtual party keep short timers after a call (e.g. a BYE's transaction).
  await settle(backTo(before), 40_000);
  const heapAfter = await heapAfterGc();
  return { calls, seconds, heapBefore, heapAfter, before, after: countResources() };
}

async function stop(): Promise<void> {
  for (const phone of phones) phone.dispose();
  phones = [];
}

const bench = { start, run, stop, counts: countResources };
(window as unknown as { bench: typeof bench }).bench = bench;
