import type { DeviceInfo, DevicesSnapshot, DevicesSource } from '../hooks/useDevices';

const mic = (id: string, label: string): DeviceInfo => ({ deviceId: id, label, groupId: id, kind: 'audioinput' });
const out = (id: string, label: string): DeviceInfo => ({ deviceId: id, label, groupId: id, kind: 'audiooutput' });

/**
 * A devices source for tests, following the core's Devices contract (frozen snapshots, a new one per
 * change; unknown ids rejected; speakers refused where sinks are unsupported). The browser's device
 * list is what the test sets; permission is granted by requestPermission().
 */
export class TestDevices implements DevicesSource {
  #snapshot: DevicesSnapshot;
  #listeners = new Set<(snapshot: DevicesSnapshot) => void>();
  refreshes = 0;
  constructor(options: { sinkSupported?: boolean; permission?: DevicesSnapshot['permission'] } = {}) {
    this.#snapshot = Object.freeze({
      microphones: [],
      speakers: [],
      cameras: [],
      permission: options.permission ?? 'prompt',
      microphoneId: null,
      speakerId: null,
      ringtoneSpeakerId: null,
      sinkSupported: options.sinkSupported ?? true,
      error: null,
    });
  }
  getSnapshot = (): DevicesSnapshot => this.#snapshot;
  subscribe = (listener: (snapshot: DevicesSnapshot) => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };
  #set(fields: Partial<DevicesSnapshot>): void {
    this.#snapshot = Object.freeze({ ...this.#snapshot, ...fields });
    for (const listener of this.#listeners) listener(this.#snapshot);
  }
  async refresh(): Promise<DevicesSnapshot> {
    this.refreshes++;
    const named = this.#snapshot.permission === 'granted';
    this.#set({
      microphones: [mic('mic-1', named ? 'Built-in Microphone' : ''), mic('mic-2', named ? 'USB Headset' : '')],
      speakers: [out('spk-1', named ? 'Built-in Speakers' : ''), out('spk-2', named ? 'USB Headset' : '')],
    });
    return this.#snapshot;
  }
  async requestPermission(): Promise<void> {
    this.#set({ permission: 'granted', error: null });
    await this.refresh();
  }
  async selectMicrophone(id: string | null): Promise<void> {
    this.#check(id, this.#snapshot.microphones);
    this.#set({ microphoneId: id });
  }
  async selectSpeaker(id: string | null): Promise<void> {
    if (!this.#snapshot.sinkSupported) throw new Error('This browser cannot choose a speaker.');
    this.#check(id, this.#snapshot.speakers);
    this.#set({ speakerId: id });
  }
  async selectRingtoneSpeaker(id: string | null): Promise<void> {
    if (!this.#snapshot.sinkSupported) throw new Error('This browser cannot choose a speaker.');
    this.#check(id, this.#snapshot.speakers);
    this.#set({ ringtoneSpeakerId: id });
  }
  #check(id: string | null, list: readonly DeviceInfo[]): void {
    if (id !== null && !list.some((d) => d.deviceId === id)) throw new Error(`No device "${id}".`);
  }
}
