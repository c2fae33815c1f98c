/**
 * The line's test page, bundled by tools/testing/serve.ts: a handset phone on `twilio()` (the real
 * @twilio/voice-sdk inside) with the media kit, pointed at the stand-in with `sdkOptions.chunderw`.
 * Every phone and call event lands in `line.log` as one line the tests wait for, e.g. `c1 state active`.
 * The same bundle carries the far party (`window.far`), driven from a second page.
 */
import { type Call, createPhone, type FeedbackIssue, type FeedbackScore, type Phone } from '@handset/core';
import { browserMedia } from '@handset/core/media';
import { postFeedback, recover, recoveryToken } from '@handset/core/parity';
import { contractPhone } from '@handset/core/testing';
import { type TwilioLine, twilio } from '../../src/index';
import type { TwilioLineOptions } from '../../src/line/TwilioLine';
import { twilioRecovery } from '../../src/recovery/index';
import { far } from './farPage';

const log: string[] = [];

/**
 * What the SDK asked the browser for, recorded on the way through (the real APIs still run): each peer
 * connection's configuration and each getUserMedia's constraints, to see the call options reach the SDK.
 */
const seen = { rtcConfigurations: [] as RTCConfiguration[], mediaConstraints: [] as MediaStreamConstraints[] };
const NativePeerConnection = window.RTCPeerConnection;
window.RTCPeerConnection = class extends NativePeerConnection {
  constructor(configuration?: RTCConfiguration) {
    seen.rtcConfigurations.push(JSON.parse(JSON.stringify(configuration ?? {})));
    super(configuration);
  }
} as typeof RTCPeerConnection;
const nativeGetUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
navigator.mediaDevices.getUserMedia = (constraints) => {
  seen.mediaConstraints.push(JSON.parse(JSON.stringify(constraints ?? {})));
  return nativeGetUserMedia(constraints);
};
const calls = new Map<string, Call>();
/** Samples and levels each call reported, counted (the values are read from the store). */
const counts = { samples: 0, levels: 0, heardLevels: 0 };
let phone: Phone | null = null;
let contract: ReturnType<typeof contractPhone> | null = null;
/** Hold requests the app's server action received (the `hold` option). */
const holds: Array<[string, boolean]> = [];

function watch(call: Call): void {
  calls.set(call.id, call);
  const id = call.id;
  call.on('state', (state) => log.push(`${id} state ${state}`));
  call.on('ended', (end) => log.push(`${id} ended ${end.reason} ${end.by}${end.sipCode ? ` ${end.sipCode}` : ''}`));
  call.on('error', (error) => log.push(`${id} error ${error.code} ${error.providerCode ?? ''} ${error.message}`));
  call.on('reconnecting', (error) => log.push(`${id} reconnecting ${error?.providerCode ?? ''}`));
  call.on('reconnected', () => log.push(`${id} reconnected`));
  call.on('warning', (name) => log.push(`${id} warning ${name}`));
  call.on('warning-cleared', (name) => log.push(`${id} warning-cleared ${name}`));
  call.on('messageReceived', (message) => log.push(`${id} messageReceived ${JSON.stringify(message)}`));
  call.on('messageSent', (message) => log.push(`${id} messageSent ${JSON.stringify(message)}`));
  call.on('mute', (muted) => log.push(`${id} mute ${muted}`));
  call.on('hold', (by) => log.push(`${id} hold ${by}`));
  call.on('unhold', (by) => log.push(`${id} unhold ${by}`));
  call.on('sample', () => {
    counts.samples++;
  });
  call.on('volume', (input, output) => {
    counts.levels++;
    if (input > 0 && output > 0) counts.heardLevels++;
  });
}

function callOf(id: string): Call {
  const call = calls.get(id);
  if (!call) throw new Error(`no call ${id}`);
  return call;
}

type PageLineOptions = Omit<TwilioLineOptions, 'hold' | 'recovery'> & { holdAction?: 'ok' | 'fail'; recovery?: boolean };

const line = {
  log,
  counts,
  seen,
  holds,
  /** Creates the phone on a Twilio line; a refused token comes back as the error's code and provider code. */
  create(options: PageLineOptions, address = 'client:alice'): string | null {
    const { holdAction, recovery, ...rest } = options;
    const hold =
      holdAction === undefined
        ? undefined
        : async (callSid: string, held: boolean) => {
            holds.push([callSid, held]);
            if (holdAction === 'fail') throw Object.assign(new Error('conference not found'), { code: 20404 });
          };
    try {
      const line = twilio({ ...rest, ...(hold ? { hold } : {}), ...(recovery ? { recovery: twilioRecovery } : {}) });
      phone = createPhone({ line, media: browserMedia() });
    } catch (error) {
      return `${(error as { code?: string }).code} ${(error as { providerCode?: number }).providerCode ?? ''}`.trim();
    }
    contract = contractPhone(phone, address);
    phone.on('registration', (state) => log.push(`registration ${state}`));
    phone.on('tokenWillExpire', (at) => log.push(`tokenWillExpire ${at === null ? 'null' : at > Date.now() ? 'future' : 'past'}`));
    phone.on('error', (error) => log.push(`phone error ${error.code} ${error.providerCode ?? ''}`));
    phone.on('call', (call) => watch(call));
    phone.on('incoming', (call) => {
      watch(call);
      const s = call.snapshot;
      log.push(
        `incoming ${call.id} ${JSON.stringify({ from: s.remote.number, to: s.to, custom: s.customParameters, callerInfo: s.callerInfo, ids: s.providerIds })}`,
      );
    });
    return null;
  },
  async connect(): Promise<string | null> {
    try {
      await phone?.connect();
      return null;
    } catch (error) {
      return `${(error as { code?: string }).code} ${(error as { providerCode?: number }).providerCode ?? ''}`.trim();
    }
  },
  registration(): string {
    return phone?.store.getState().registration.state ?? 'none';
  },
  tokenExpiresAt(): number | null {
    return phone?.store.getState().registration.tokenExpiresAt ?? null;
  },
  call(destination: string, options: Record<string, unknown> = {}): string {
    if (!phone) throw new Error('no phone');
    return phone.call(destination, options).id;
  },
  accept(id: string, options?: Parameters<Call['accept']>[0]): void {
    callOf(id).accept(options);
  },
  reject(id: string): void {
    callOf(id).reject();
  },
  ignore(id: string): void {
    callOf(id).ignore();
  },
  hangup(id: string): void {
    callOf(id).hangup();
  },
  mute(id: string, muted: boolean): void {
    callOf(id).mute(muted);
  },
  hold(id: string): string | null {
    try {
      callOf(id).hold();
      return null;
    } catch (error) {
      return (error as { code?: string }).code ?? String(error);
    }
  },
  unhold(id: string): void {
    callOf(id).unhold();
  },
  sendDigits(id: string, digits: string): void {
    callOf(id).sendDigits(digits);
  },
  sendMessage(id: string, content: unknown): void {
    callOf(id).sendMessage({ content, contentType: 'application/json', messageType: 'user-defined-message' });
  },
  updateToken(token: string): void {
    phone?.updateToken(token);
  },
  postFeedback(id: string, score: FeedbackScore, issue: FeedbackIssue): Promise<void> {
    return postFeedback(callOf(id), score, issue);
  },
  /** The call's recovery token (Twilio's connectToken), kept in sessionStorage so that it survives a reload. */
  recoveryToken(id: string): string | null {
    const token = recoveryToken(callOf(id));
    if (token) sessionStorage.setItem('recovery', JSON.stringify(token));
    return token ? JSON.stringify(token) : null;
  },
  /** recover(phone, token) with the token kept before the reload (or one given): the call's id and state, or the error's code. */
  recover(given?: unknown): string {
    try {
      const token = given ?? JSON.parse(sessionStorage.getItem('recovery') ?? 'null');
      const call = recover(phone as Phone, token);
      return `${call.id} ${call.state}`;
    } catch (error) {
      return `refused ${(error as { code?: string }).code}`;
    }
  },
  snapshot(id: string) {
    return phone?.store.getState().calls[id] ?? null;
  },
  /** The store's quality slice for a call (what useCallQuality reads). */
  quality(id: string) {
    return phone?.store.getState().quality[id] ?? null;
  },
  capabilities() {
    const { options, ...rest } = (phone as Phone).line.capabilities;
    return { ...rest, options: [...options] };
  },
  selectDevice(kind: 'microphone' | 'speaker' | 'ringtone', deviceId: string | null) {
    return (phone as Phone).line.devices?.select(kind, deviceId);
  },
  /** The SDK Device's state, or 'none' when the line has none (never made, or given up on). */
  deviceState(): string {
    return ((phone as Phone).line as TwilioLine).device?.state ?? 'none';
  },
  /** How many input and output devices the SDK's AudioHelper has listed (it enumerates them after the Device is made). */
  audioDevicesListed() {
    const audio = ((phone as Phone).line as TwilioLine).device?.audio;
    return { inputs: audio?.availableInputDevices.size ?? 0, outputs: audio?.availableOutputDevices.size ?? 0 };
  },
  /** What the SDK's AudioHelper has chosen (read through the SDK's own objects, for the devices test). */
  audioChoices() {
    const audio = ((phone as Phone).line as TwilioLine).device?.audio;
    if (!audio) return null;
    return {
      input: audio.inputDevice?.deviceId ?? null,
      speaker: [...audio.speakerDevices.get()].map((d) => d.deviceId),
      ringtone: [...audio.ringtoneDevices.get()].map((d) => d.deviceId),
    };
  },
  contract(method: string, args: unknown[]): unknown {
    const target = contract as unknown as Record<string, (...a: unknown[]) => unknown>;
    return target[method]?.(...args);
  },
  dispose(): void {
    phone?.dispose();
  },
};

declare global {
  interface Window {
    line: typeof line;
  }
}

window.line = line;
window.far = far;
