/**
 * The test page: the real @telnyx/webrtc TelnyxRTC (no handset line yet), driven by playwright through
 * `window.harness`. Everything the SDK reports goes to an event log the tests wait on.
 */
import { type Call, type IClientOptions, type INotification, TelnyxRTC } from '@telnyx/webrtc';

export interface ConnectOptions {
  readonly host: string;
  readonly login?: string;
  readonly password?: string;
  readonly login_token?: string;
  /** false keeps calls across a reload (the SDK saves a recovery marker instead of hanging up). */
  readonly hangupOnBeforeUnload?: boolean;
}

export interface DialOptions {
  readonly destinationNumber: string;
  readonly callerName?: string;
  readonly callerNumber?: string;
  readonly clientState?: string;
  readonly customHeaders?: { name: string; value: string }[];
  readonly id?: string;
}

export interface CallInfo {
  readonly id: string;
  readonly state: string;
  readonly direction: string | undefined;
  readonly remoteCallerName: unknown;
  readonly remoteCallerNumber: unknown;
  readonly customHeaders: unknown;
  readonly clientState: unknown;
  readonly telnyxIDs: { telnyxCallControlId?: string; telnyxSessionId?: string; telnyxLegId?: string };
  readonly recoveredCallId: string;
  readonly attach: boolean;
  readonly cause: unknown;
  readonly causeCode: unknown;
}

export interface Harness {
  readonly log: string[];
  connect(options: ConnectOptions): void;
  /** The SDK's token refresh: client.login({ creds }) on the live connection. */
  relogin(token: string): Promise<void>;
  dial(options: DialOptions): string;
  answer(callId: string): void;
  hangup(callId: string): void;
  hold(callId: string): Promise<void>;
  unhold(callId: string): Promise<void>;
  dtmf(callId: string, digit: string): void;
  info(callId: string): CallInfo | null;
  inboundPackets(callId: string): Promise<number>;
  outboundPackets(callId: string): Promise<number>;
  storage(): Record<string, string>;
  disconnect(): Promise<void>;
}

declare global {
  interface Window {
    harness: Harness;
  }
}

const log: string[] = [];
const calls = new Map<string, Call>();
let client: TelnyxRTC | null = null;

const remote = document.createElement('audio');
remote.id = 'remote-audio';
remote.autoplay = true;
document.body.append(remote);

function callOf(callId: string): Call {
  const call = calls.get(callId);
  if (!call) throw new Error(`no call ${callId} in the page`);
  return call;
}

function onNotification(notification: INotification): void {
  if (notification.type === 'callUpdate' && notification.call) {
    const call = notification.call;
    calls.set(call.id, call);
    log.push(`call ${call.id} ${call.state}`);
  } else if (notification.type === 'userMediaError') {
    log.push(`userMediaError ${String((notification as { errorName?: unknown }).errorName)}`);
  } else {
    log.push(`notification ${notification.type}`);
  }
}

async function packets(callId: string, type: 'inbound-rtp' | 'outbound-rtp'): Promise<number> {
  const peer = (callOf(callId) as unknown as { peer?: { instance?: RTCPeerConnection } }).peer;
  let count = 0;
  (await peer?.instance?.getStats())?.forEach((report) => {
    if (report.type === type && report.kind === 'audio')
      count += (type === 'inbound-rtp' ? report.packetsReceived : report.packetsSent) ?? 0;
  });
  return count;
}

window.harness = {
  log,
  connect(options) {
    // `host` is honoured by the SDK (a ws:// URL is kept as given) but missing from its typings.
    const clientOptions = {
      host: options.host,
      login: options.login,
      password: options.password,
      login_token: options.login_token,
      iceServers: [],
      enableCallReports: false,
      hangupOnBeforeUnload: options.hangupOnBeforeUnload ?? true,
      remoteElement: 'remote-audio',
    } as IClientOptions;
    client = new TelnyxRTC(clientOptions);
    client.on('telnyx.ready', () => log.push('ready'));
    client.on('telnyx.error', (event: { error?: { code?: unknown; message?: unknown } }) => {
      log.push(`error ${String(event?.error?.code)} ${String(event?.error?.message)}`);
    });
    client.on('telnyx.socket.close', () => log.push('socket closed'));
    client.on('telnyx.notification', onNotification);
    void client.connect();
  },
  async relogin(token) {
    await client?.login({
      creds: { login_token: token },
      onSuccess: () => log.push('relogin ok'),
      onError: () => log.push('relogin failed'),
    } as never);
  },
  dial(options) {
    if (!client) throw new Error('not connected');
    const call = client.newCall({ ...options, audio: true, remoteElement: 'remote-audio' });
    calls.set(call.id, call);
    return call.id;
  },
  answer: (callId) => void callOf(callId).answer(),
  hangup: (callId) => void callOf(callId).hangup(),
  hold: async (callId) => void (await callOf(callId).hold()),
  unhold: async (callId) => void (await callOf(callId).unhold()),
  dtmf: (callId, digit) => callOf(callId).dtmf(digit),
  info(callId) {
    const call = calls.get(callId);
    if (!call) return null;
    const options = call.options as unknown as Record<string, unknown>;
    return {
      id: call.id,
      state: call.state,
      direction: call.direction,
      remoteCallerName: options.remoteCallerName,
      remoteCallerNumber: options.remoteCallerNumber,
      customHeaders: options.customHeaders,
      clientState: options.clientState,
      telnyxIDs: { ...call.telnyxIDs },
      recoveredCallId: call.recoveredCallId,
      attach: options.attach === true,
      cause: (call as unknown as { cause?: unknown }).cause,
      causeCode: (call as unknown as { causeCode?: unknown }).causeCode,
    };
  },
  inboundPackets: (callId) => packets(callId, 'inbound-rtp'),
  outboundPackets: (callId) => packets(callId, 'outbound-rtp'),
  storage: () => Object.fromEntries(Object.keys(sessionStorage).map((key) => [key, sessionStorage.getItem(key) ?? ''])),
  async disconnect() {
    await client?.disconnect();
    client = null;
  },
};
