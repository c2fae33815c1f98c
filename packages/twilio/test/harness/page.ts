/**
 * The test page, bundled by tools/testing/serve.ts: the real @twilio/voice-sdk Device (no handset
 * line yet), pointed at the stand-in with `chunderw`, Insights off and sounds that need no network.
 * Every SDK event lands in `phone.log` as one line of text the tests wait for, e.g. `call accept`.
 * The same bundle also carries the far party (`window.far`), driven from a second page.
 */
import { type Call, Device, type RTCSample, type TwilioError } from '@twilio/voice-sdk';

type SdkError = TwilioError.TwilioError;

import { far } from './farPage';

const log: string[] = [];
/** The SDK's `volume` events (input, output levels, 0..1), as they came. */
const volumes: Array<[number, number]> = [];
let device: Device | null = null;
let call: Call | null = null;
let latestSample: { packetsReceived: number; packetsSent: number; codec: string; mos: number | null } | null = null;

function write(line: string): void {
  log.push(line);
}

/** Every fetch the page starts (the SDK's Insights posts use fetch), recorded as it is called and passed on. */
const fetches: string[] = [];
const realFetch = window.fetch.bind(window);
window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
  fetches.push(input instanceof Request ? input.url : String(input));
  return realFetch(input, init);
};

/** 50 ms of silence as a WAV data: URL, so the SDK's sounds load without any request. */
function silentWav(): string {
  const samples = 400;
  const bytes = new Uint8Array(44 + samples);
  const view = new DataView(bytes.buffer);
  const ascii = (offset: number, value: string) => {
    for (let i = 0; i < value.length; i++) bytes[offset + i] = value.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + samples, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, 8000, true);
  view.setUint32(28, 8000, true);
  view.setUint16(32, 1, true);
  view.setUint16(34, 8, true);
  ascii(36, 'data');
  view.setUint32(40, samples, true);
  bytes.fill(128, 44);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `data:audio/wav;base64,${btoa(binary)}`;
}

const soundNames = [
  'incoming',
  'outgoing',
  'disconnect',
  'dtmf0',
  'dtmf1',
  'dtmf2',
  'dtmf3',
  'dtmf4',
  'dtmf5',
  'dtmf6',
  'dtmf7',
  'dtmf8',
  'dtmf9',
  'dtmfs',
  'dtmfh',
] as const;

function watchCall(current: Call): void {
  call = current;
  current.on('accept', () => write(`call accept ${current.parameters.CallSid}`));
  current.on('ringing', (early: boolean) => write(`call ringing early=${early} ${current.parameters.CallSid ?? ''}`));
  current.on('disconnect', () => write('call disconnect'));
  current.on('cancel', () => write('call cancel'));
  current.on('reject', () => write('call reject'));
  current.on('reconnecting', (error: SdkError) => write(`call reconnecting ${error.code}`));
  current.on('reconnected', () => write('call reconnected'));
  current.on('error', (error: SdkError) => write(`call error ${error.code} ${error.name}`));
  current.on('warning', (name: string) => write(`call warning ${name}`));
  current.on('volume', (input: number, output: number) => {
    volumes.push([input, output]);
  });
  current.on('messageReceived', (message: Call.Message) =>
    write(`call messageReceived ${message.messageType} ${JSON.stringify(message.content)}`),
  );
  current.on('messageSent', (message: Call.Message) => write(`call messageSent ${message.voiceEventSid}`));
  current.on('sample', (sample: RTCSample) => {
    latestSample = {
      packetsReceived: sample.totals.packetsReceived,
      packetsSent: sample.totals.packetsSent,
      codec: sample.codecName,
      mos: sample.mos,
    };
  });
}

function activeCall(): Call {
  if (!call) throw new Error('no call');
  return call;
}

const phone = {
  log,
  fetches,
  volumes,
  /** Creates the Device; sounds are data: URLs, Insights is off. */
  setup(token: string, host: string, options: { tokenRefreshMs?: number; publishEvents?: boolean } = {}): void {
    const wav = silentWav();
    // `chunderw` and `publishEvents` are real Device options, typed only in the SDK's private IExtendedDeviceOptions.
    const deviceOptions: Device.Options & { chunderw: string; publishEvents: boolean } = {
      chunderw: host,
      publishEvents: options.publishEvents ?? false,
      logLevel: 'silent',
      sounds: Object.fromEntries(soundNames.map((name) => [name, wav])),
      ...(options.tokenRefreshMs === undefined ? {} : { tokenRefreshMs: options.tokenRefreshMs }),
    };
    device = new Device(token, deviceOptions);
    device.on('registered', () => write('device registered'));
    device.on('unregistered', () => write('device unregistered'));
    device.on('tokenWillExpire', () => write('device tokenWillExpire'));
    device.on('error', (error: SdkError, on?: Call) => write(`device error ${error.code} ${error.name}${on ? ' on-call' : ''}`));
    device.on('incoming', (incoming: Call) => {
      watchCall(incoming);
      write(
        `device incoming ${JSON.stringify({
          callSid: incoming.parameters.CallSid,
          from: incoming.parameters.From,
          to: incoming.parameters.To,
          custom: Object.fromEntries(incoming.customParameters),
          callerInfo: incoming.callerInfo,
        })}`,
      );
    });
  },
  async register(): Promise<string> {
    await device?.register();
    return device?.state ?? 'none';
  },
  /** Starts registering without waiting: for tokens the stand-in refuses (the Device never hears `connected`). */
  registerInBackground(): void {
    device?.register().catch((error: SdkError) => write(`register failed ${error.code}`));
  },
  token(): string | null {
    return device?.token ?? null;
  },
  identity(): string | null {
    return device?.identity ?? null;
  },
  async dial(params: Record<string, string>): Promise<void> {
    if (!device) throw new Error('no device');
    watchCall(await device.connect({ params }));
  },
  accept(): void {
    activeCall().accept();
  },
  reject(): void {
    activeCall().reject();
  },
  ignore(): void {
    activeCall().ignore();
  },
  hangup(): void {
    activeCall().disconnect();
  },
  /** The SDK's own ICE restart (what it runs after a media failure); private API, for the reinvite test. */
  restartIce(): void {
    (activeCall() as unknown as { _mediaHandler: { iceRestart(): void } })._mediaHandler.iceRestart();
  },
  status(): string {
    return call?.status() ?? 'none';
  },
  /** Calls the Device still holds (pending incoming ones). */
  pendingCalls(): number {
    return device?.calls.length ?? -1;
  },
  sendDigits(digits: string): void {
    activeCall().sendDigits(digits);
  },
  sendMessage(content: unknown): string {
    return activeCall().sendMessage({ content, messageType: 'user-defined-message', contentType: 'application/json' });
  },
  updateToken(token: string): void {
    device?.updateToken(token);
  },
  postFeedback(score: 1 | 2 | 3 | 4 | 5, issue: string): Promise<void> {
    return activeCall().postFeedback(score, issue as Call.FeedbackIssue);
  },
  /** The SDK's own view of the media: totals from its latest `sample` (getStats each second). */
  sample() {
    return latestSample;
  },
  destroy(): void {
    device?.destroy();
    device = null;
    call = null;
    latestSample = null;
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
