import { type Call, type CallEnd, type CallState, createPhone, type Phone } from '@handset/core';
import { type SandboxOptions, sandbox } from '../../src';

/** A channel name of its own, so that test files running side by side never hear each other. */
export function uniqueChannel(): string {
  return `handset-test-${Math.random().toString(36).slice(2)}`;
}

/** Short timings for tests; the defaults are for people. */
export const fastTiming = {
  ringMs: 100,
  earlyMediaMs: 1200,
  dropAfterMs: 1500,
  stallMs: 2000,
  reconnectTimeoutMs: 4000,
  restartEveryMs: 1500,
  lookupTimeoutMs: 500,
  claimMs: 150,
};

export async function sandboxPhone(options: SandboxOptions = {}): Promise<Phone> {
  const phone = createPhone({ line: sandbox({ channel: uniqueChannel(), ...options, timing: { ...fastTiming, ...options.timing } }) });
  await phone.connect();
  return phone;
}

/** Resolves when the call reaches `state`; rejects if it ends first or time runs out. */
export function reach(call: Call, state: CallState, timeoutMs = 10_000): Promise<void> {
  if (call.state === state) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`call stayed ${call.state}, never reached ${state}`)), timeoutMs);
    call.on('state', (next) => {
      if (next === state) {
        clearTimeout(timer);
        resolve();
      } else if (next === 'ended') {
        clearTimeout(timer);
        reject(new Error(`call ended (${JSON.stringify(call.end)}) before reaching ${state}`));
      }
    });
  });
}

/** The call's end, whenever it comes (within the timeout). */
export function ended(call: Call, timeoutMs = 15_000): Promise<CallEnd> {
  if (call.end) return Promise.resolve(call.end);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`call still ${call.state} after ${timeoutMs} ms`)), timeoutMs);
    call.on('ended', (end) => {
      clearTimeout(timer);
      resolve(end);
    });
  });
}

/** States the call goes through, recorded from now on. */
export function recordStates(call: Call): CallState[] {
  const states: CallState[] = [call.state];
  call.on('state', (state) => states.push(state));
  return states;
}

export interface InboundAudio {
  readonly packetsReceived: number;
  readonly audioLevel: number;
  readonly totalAudioEnergy: number;
}

export async function inboundAudio(pc: RTCPeerConnection): Promise<InboundAudio> {
  const stats = await pc.getStats();
  for (const report of stats.values()) {
    if (report.type === 'inbound-rtp' && report.kind === 'audio') {
      return {
        packetsReceived: report.packetsReceived ?? 0,
        audioLevel: report.audioLevel ?? 0,
        totalAudioEnergy: report.totalAudioEnergy ?? 0,
      };
    }
  }
  return { packetsReceived: 0, audioLevel: 0, totalAudioEnergy: 0 };
}

/** The loudest inbound audio level seen over `ms`, sampled every 50 ms. */
export async function peakInboundLevel(pc: RTCPeerConnection, ms: number): Promise<number> {
  let peak = 0;
  for (const end = performance.now() + ms; performance.now() < end; ) {
    peak = Math.max(peak, (await inboundAudio(pc)).audioLevel);
    await sleep(50);
  }
  return peak;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until `check` is true. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  for (const end = performance.now() + timeoutMs; ; ) {
    if (await check()) return;
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}
