/**
 * The test page, bundled by tools/testing/serve.ts: the real voximplant-websdk Client (no handset line),
 * pointed at the stand-in with `init({ serverIp })`. Every SDK event lands in `phone.log` as one line of
 * text the tests wait for, e.g. `call Connected`. The same bundle also carries the far party (`window.far`),
 * driven from a second page.
 */
import * as VoxImplant from 'voximplant-websdk';
import type { Call } from 'voximplant-websdk/Call/Call';
import type { CallSettings } from 'voximplant-websdk/Structures';
import { far } from './farPage';

const log: string[] = [];
let call: Call | null = null;

/** Every RTCPeerConnection the SDK makes, kept to read its stats (the SDK's own stats API needs callstats). */
const connections: RTCPeerConnection[] = [];
const NativePeerConnection = window.RTCPeerConnection;
window.RTCPeerConnection = class extends NativePeerConnection {
  constructor(configuration?: RTCConfiguration) {
    super(configuration);
    connections.push(this);
  }
} as typeof RTCPeerConnection;

function write(line: string): void {
  log.push(line);
}

function watchCall(current: Call): void {
  call = current;
  const on = (name: string, describe: (event: Record<string, unknown>) => string = () => '') =>
    current.on(name as unknown as VoxImplant.CallEvents, (event: Record<string, unknown>) =>
      write(`call ${name} ${describe(event)}`.trimEnd()),
    );
  on('Connected', (event) => JSON.stringify(event.headers ?? {}));
  on('Disconnected', (event) => JSON.stringify(event.headers ?? {}));
  on('Failed', (event) => `${String(event.code)} ${String(event.reason)} ${JSON.stringify(event.headers ?? {})}`);
  on('ProgressToneStart');
  on('ProgressToneStop');
  on('onSendMessage', (event) => JSON.stringify(event.text));
  on('InfoReceived', (event) => `${String(event.mimeType)} ${JSON.stringify(event.body)} ${JSON.stringify(event.headers ?? {})}`);
  on('Updated', (event) => String(event.result));
  on('ICETimeout');
}

function activeCall(): Call {
  if (!call) throw new Error('no call');
  return call;
}

/** The SDK's promises reject with event objects, not errors: a test sees them as text. */
function describeRejection(reason: unknown): string {
  return typeof reason === 'object' && reason !== null ? JSON.stringify(reason) : String(reason);
}

const sdk = VoxImplant.getInstance();

const phone = {
  log,
  async connect(host: string): Promise<void> {
    if (!sdk.alreadyInitialized) {
      await sdk.init({ serverIp: host, micRequired: true, progressTone: false, showDebugInfo: false, showWarnings: false });
      sdk.on(VoxImplant.Events.ConnectionClosed, () => write('client ConnectionClosed'));
      sdk.on(VoxImplant.Events.ConnectionFailed, () => write('client ConnectionFailed'));
      sdk.on(VoxImplant.Events.IncomingCall, (event: { call: Call; headers: Record<string, string> }) => {
        watchCall(event.call);
        write(
          `client IncomingCall ${JSON.stringify({ number: event.call.number(), displayName: event.call.displayName(), headers: event.headers })}`,
        );
      });
    }
    await sdk.connect();
    write('client ConnectionEstablished');
  },
  async login(username: string, password: string): Promise<string> {
    try {
      const result = await sdk.login(username, password);
      write(`client login ${result.displayName}`);
      return JSON.stringify(result.tokens ?? null);
    } catch (reason) {
      write(`client login failed ${describeRejection(reason)}`);
      return 'failed';
    }
  },
  async loginWithToken(username: string, token: string): Promise<string> {
    try {
      const result = await sdk.loginWithToken(username, token);
      write(`client login ${result.displayName}`);
      return 'ok';
    } catch (reason) {
      write(`client login failed ${describeRejection(reason)}`);
      return 'failed';
    }
  },
  async requestOneTimeLoginKey(username: string): Promise<string> {
    const result = (await sdk.requestOneTimeLoginKey(username)) as unknown as { key?: string };
    return result.key ?? '';
  },
  async loginWithOneTimeKey(username: string, hash: string): Promise<string> {
    try {
      const result = await sdk.loginWithOneTimeKey(username, hash);
      write(`client login ${result.displayName}`);
      return 'ok';
    } catch (reason) {
      write(`client login failed ${describeRejection(reason)}`);
      return 'failed';
    }
  },
  async tokenRefresh(username: string, refreshToken: string): Promise<string> {
    try {
      const result = await sdk.tokenRefresh(username, refreshToken);
      return JSON.stringify(result.tokens ?? null);
    } catch (reason) {
      return `failed ${describeRejection(reason)}`;
    }
  },
  disconnect(): void {
    sdk.disconnect();
  },
  state(): string {
    return String(sdk.getClientState());
  },
  dial(number: string, customData?: string, extraHeaders?: Record<string, string>): string {
    const settings: CallSettings = { number, video: false };
    if (customData !== undefined) settings.customData = customData;
    if (extraHeaders !== undefined) settings.extraHeaders = extraHeaders;
    const current = sdk.call(settings);
    watchCall(current);
    return current.id();
  },
  answer(customData?: string, extraHeaders?: Record<string, string>): void {
    activeCall().answer(customData, extraHeaders);
  },
  decline(extraHeaders?: Record<string, string>): void {
    activeCall().decline(extraHeaders);
  },
  reject(extraHeaders?: Record<string, string>): void {
    activeCall().reject(extraHeaders);
  },
  hangup(extraHeaders?: Record<string, string>): void {
    activeCall().hangup(extraHeaders);
  },
  sendTone(key: string): void {
    activeCall().sendTone(key);
  },
  sendInfo(mimeType: string, body: string, extraHeaders?: Record<string, string>): void {
    activeCall().sendInfo(mimeType, body, extraHeaders);
  },
  sendMessage(text: string): void {
    activeCall().sendMessage(text);
  },
  async setActive(active: boolean): Promise<string> {
    try {
      return JSON.stringify(await activeCall().setActive(active), ['name', 'result']);
    } catch (reason) {
      return `failed ${describeRejection(reason)}`;
    }
  },
  callState(): string {
    return call ? String(call.state()) : 'none';
  },
  headers(): Record<string, string> {
    return (activeCall().headers() ?? {}) as Record<string, string>;
  },
  /** Audio packets the SDK's newest peer connection has received so far. */
  async packetsReceived(): Promise<number> {
    let packets = 0;
    (await connections.at(-1)?.getStats())?.forEach((report) => {
      if (report.type === 'inbound-rtp' && report.kind === 'audio') packets += report.packetsReceived ?? 0;
    });
    return packets;
  },
};

declare global {
  interface Window {
    phone: typeof phone;
    far: typeof far;
  }
}

window.phone = phone;
window.far = far;
