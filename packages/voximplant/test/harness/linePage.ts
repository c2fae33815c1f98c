/**
 * The line's test page, bundled by tools/testing/serve.ts: a handset phone on `voximplant()` (the real
 * voximplant-websdk inside) with the media kit, pointed at the stand-in with `init.serverIp`. Every phone and
 * call event lands in `line.log` as one line the tests wait for, e.g. `c1 state active`. The same bundle
 * carries the far party (`window.far`), driven from a second page.
 */
import { type Call, createPhone, type Phone } from '@handset/core';
import { browserMedia } from '@handset/core/media';
import { setCustomData } from '@handset/core/parity';
import { contractPhone } from '@handset/core/testing';
import { voximplant } from '../../src/index';
import type { VoximplantLine, VoximplantLineOptions } from '../../src/line/VoximplantLine';
import { far } from './farPage';

const log: string[] = [];
const calls = new Map<string, Call>();
let phone: Phone | null = null;
/** The phone a later `create()` replaced, kept until `disposePrevious()` (an app switching accounts disposes it after). */
let previous: Phone | null = null;
let contract: ReturnType<typeof contractPhone> | null = null;

/** Every RTCPeerConnection the SDK makes, kept to read its stats. */
const connections: RTCPeerConnection[] = [];
const NativePeerConnection = window.RTCPeerConnection;
window.RTCPeerConnection = class extends NativePeerConnection {
  constructor(configuration?: RTCConfiguration) {
    super(configuration);
    connections.push(this);
  }
} as typeof RTCPeerConnection;

function watch(call: Call): void {
  calls.set(call.id, call);
  const id = call.id;
  call.on('state', (state) => log.push(`${id} state ${state}`));
  call.on('ended', (end) =>
    log.push(
      `${id} ended ${end.reason} ${end.by}${end.sipCode ? ` ${end.sipCode}` : ''}${end.headers?.length ? ` ${JSON.stringify(end.headers)}` : ''}`,
    ),
  );
  call.on('error', (error) => log.push(`${id} error ${error.code} ${error.providerCode ?? ''} ${error.message}`));
  call.on('messageReceived', (message) => log.push(`${id} message ${JSON.stringify(message)}`));
  call.on('info', (mimeType, body, headers) => log.push(`${id} info ${JSON.stringify({ mimeType, body, headers })}`));
  call.on('hold', (by) => log.push(`${id} hold ${by}`));
  call.on('unhold', (by) => log.push(`${id} unhold ${by}`));
  let samples = 0;
  call.on('sample', () => {
    if (++samples === 3) log.push(`${id} samples`);
  });
  call.on('warning', (warning) => log.push(`${id} warning ${warning}`));
  call.on('warning-cleared', (warning) => log.push(`${id} warning-cleared ${warning}`));
}

function callOf(id: string): Call {
  const call = calls.get(id);
  if (!call) throw new Error(`no call ${id}`);
  return call;
}

function codeOf(error: unknown): string {
  return `${(error as { code?: string }).code} ${(error as { providerCode?: number }).providerCode ?? ''}`.trim();
}

/** Options crossing from Node: `oneTimeKeyHashes` stands for the app server that turns a key into a hash. */
type PageOptions = Omit<VoximplantLineOptions, 'oneTimeKey'> & { oneTimeKeyVia?: 'node' };

declare global {
  interface Window {
    /** Exposed by the Node side for one-time-key logins: the app server's hash of the key. */
    hashOneTimeKey?: (key: string) => Promise<string>;
  }
}

const line = {
  log,
  create(options: PageOptions, address = 'alice'): string | null {
    const { oneTimeKeyVia, ...rest } = options;
    const given = (
      oneTimeKeyVia ? { ...rest, oneTimeKey: (key: string) => window.hashOneTimeKey?.(key) ?? Promise.resolve('') } : rest
    ) as VoximplantLineOptions;
    try {
      const created = createPhone({ line: voximplant(given), media: browserMedia() });
      previous = phone;
      phone = created;
    } catch (error) {
      return codeOf(error);
    }
    contract = contractPhone(phone, address);
    phone.on('registration', (state) => log.push(`registration ${state}`));
    phone.on('tokenWillExpire', () => log.push('tokenWillExpire'));
    phone.on('error', (error) => log.push(`phone error ${error.code} ${error.providerCode ?? ''}`));
    phone.on('call', (call) => watch(call));
    phone.on('incoming', (call) => {
      watch(call);
      const s = call.snapshot;
      log.push(
        `incoming ${call.id} ${JSON.stringify({ from: s.remote, headers: s.remoteHeaders, customData: s.customData, ids: s.providerIds })}`,
      );
    });
    return null;
  },
  async connect(): Promise<string | null> {
    try {
      await phone?.connect();
      return null;
    } catch (error) {
      return codeOf(error);
    }
  },
  registration(): string {
    return phone?.store.getState().registration.state ?? 'none';
  },
  call(destination: string, options: Record<string, unknown> = {}): string {
    if (!phone) throw new Error('no phone');
    return phone.call(destination, options).id;
  },
  /** Runs a command on a call; the error code it threw, or null. */
  run(id: string, command: string, ...args: unknown[]): string | null {
    try {
      (callOf(id) as unknown as Record<string, (...a: unknown[]) => unknown>)[command]?.(...args);
      return null;
    } catch (error) {
      return codeOf(error);
    }
  },
  /** Tries to place a call; the error code it threw, or the call's id. */
  tryCall(destination: string, options: Record<string, unknown>): string {
    try {
      return (phone as Phone).call(destination, options).id;
    } catch (error) {
      return `threw ${codeOf(error)}`;
    }
  },
  setCustomData(id: string, value: string): void {
    setCustomData(callOf(id), value);
  },
  updateToken(token: string): void {
    phone?.updateToken(token);
  },
  snapshot(id: string) {
    return phone?.store.getState().calls[id] ?? null;
  },
  /** The store's quality entry of a call: the kit's latest sample, level and live warnings. */
  quality(id: string): unknown {
    return (phone?.store.getState().quality as Record<string, unknown> | undefined)?.[id] ?? null;
  },
  async packetsReceived(): Promise<number> {
    let packets = 0;
    (await connections.at(-1)?.getStats())?.forEach((report) => {
      if (report.type === 'inbound-rtp' && report.kind === 'audio') packets += report.packetsReceived ?? 0;
    });
    return packets;
  },
  clientState(): string {
    return String(((phone as Phone).line as VoximplantLine).client.getClientState());
  },
  contract(method: string, args: unknown[]): unknown {
    const target = contract as unknown as Record<string, (...a: unknown[]) => unknown>;
    return target[method]?.(...args);
  },
  dispose(): void {
    phone?.dispose();
  },
  disposePrevious(): void {
    previous?.dispose();
    previous = null;
  },
};

declare global {
  interface Window {
    line: typeof line;
  }
}

window.line = line;
window.far = far;
