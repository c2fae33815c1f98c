import type { Call, CallQualitySnapshot, MediaSnapshot, PhoneMedia, PhoneMediaHost } from '@handset/core';
import { type MediaStoreWriter, mediaStoreWriter } from '@handset/core/media';
import { TestLevelSource } from './levels';

/**
 * A media kit for jsdom (no Web Audio, no WebRTC), following `browserMedia()`'s contract through the
 * core's public `PhoneMedia` interface: the phone hands it the host that writes `store.media` and
 * `store.quality`, and `callMeter` is null until the call's media exists, as the real kit's is.
 */
export class TestMedia implements PhoneMedia {
  host!: PhoneMediaHost;
  writer!: MediaStoreWriter;
  readonly calls = new Set<Call>();
  readonly meters = new Map<string, TestLevelSource>();
  resumes = 0;
  attach(host: PhoneMediaHost): void {
    this.host = host;
    this.writer = mediaStoreWriter(host);
  }
  getLocalStream(): Promise<MediaStream> {
    return Promise.reject(new Error('no microphone in jsdom'));
  }
  addCall(call: Call): void {
    this.calls.add(call);
  }
  endCall(call: Call): undefined {
    this.calls.delete(call);
    this.writer.setQuality(call.id, null);
    for (const side of ['input', 'output']) this.meters.delete(`${call.id}:${side}`);
    return undefined;
  }
  dispose(): void {}
  callMeter = (call: Call, side: 'input' | 'output'): TestLevelSource | null => {
    const stream = side === 'input' ? call.getLocalStream() : call.getRemoteStream();
    if (!this.calls.has(call) || !stream) return null;
    const key = `${call.id}:${side}`;
    let meter = this.meters.get(key);
    if (!meter) this.meters.set(key, (meter = new TestLevelSource()));
    return meter;
  };
  resumeAudio = async (): Promise<void> => {
    this.resumes++;
    this.writer.setMedia({ audioBlocked: false });
  };
  /** Publishes a quality sample for a call, as the real kit does once a second. */
  quality(callId: string, mos: number | null, warnings: CallQualitySnapshot['warnings'] = []): void {
    const level = mos === null ? null : mos >= 4.2 ? 'excellent' : mos >= 3.6 ? 'good' : mos >= 3.1 ? 'fair' : 'poor';
    this.writer.setQuality(callId, { sample: null, mos, level, warnings });
  }
  media(patch: Partial<MediaSnapshot>): void {
    this.writer.setMedia(patch);
  }
}

/** A stand-in for a MediaStream in jsdom: enough for `getAudioTracks()`. */
export const fakeStream = (): MediaStream => ({ getAudioTracks: () => [{ kind: 'audio' }] }) as unknown as MediaStream;

/** A fake `navigator.mediaDevices` for `browserMedia({ devices: { mediaDevices } })` in jsdom. */
export function fakeMediaDevices() {
  let granted = false;
  const listeners = new Set<EventListener>();
  const devices = () =>
    [
      ['audioinput', 'default', 'Default'],
      ['audioinput', 'mic-1', 'Built-in Microphone'],
      ['audioinput', 'mic-2', 'USB Headset'],
      ['audiooutput', 'default', 'Default'],
      ['audiooutput', 'spk-1', 'Built-in Speakers'],
    ].map(
      ([kind, deviceId, label]) =>
        ({ kind, deviceId: granted ? deviceId : '', label: granted ? label : '', groupId: '' }) as MediaDeviceInfo,
    );
  const calls = { enumerate: 0, getUserMedia: 0 };
  const mediaDevices = {
    enumerateDevices: async () => {
      calls.enumerate++;
      return devices();
    },
    getUserMedia: async () => {
      calls.getUserMedia++;
      granted = true;
      return { getTracks: () => [{ stop() {}, kind: 'audio', getSettings: () => ({ deviceId: 'mic-1' }) }] } as unknown as MediaStream;
    },
    addEventListener: (_type: string, listener: EventListener) => listeners.add(listener),
    removeEventListener: (_type: string, listener: EventListener) => listeners.delete(listener),
  };
  return { mediaDevices, calls, listeners };
}
