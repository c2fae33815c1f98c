/** Node-side fakes for the device manager: a controllable device list that can fire devicechange. */

export class FakeTrack extends EventTarget {
  readonly kind = 'audio';
  enabled = true;
  readyState: MediaStreamTrackState = 'live';
  constructor(readonly deviceId: string) {
    super();
  }
  stop() {
    this.readyState = 'ended';
  }
  clone() {
    return new FakeTrack(this.deviceId);
  }
  getSettings() {
    return { deviceId: this.deviceId };
  }
  /** What the browser does when the device is pulled: the track ends by itself. */
  end() {
    this.readyState = 'ended';
    this.dispatchEvent(new Event('ended'));
  }
}

export interface FakeDevice {
  deviceId: string;
  label: string;
  groupId: string;
  kind: MediaDeviceKind;
}

export const device = (kind: MediaDeviceKind, deviceId: string, label = `${deviceId} label`): FakeDevice => ({
  kind,
  deviceId,
  label,
  groupId: `group-${deviceId}`,
});

/** navigator.mediaDevices with a list the test controls. */
export class FakeMediaDevices extends EventTarget {
  devices: FakeDevice[];
  /** Every getUserMedia request, in order. */
  requests: MediaStreamConstraints[] = [];
  /** Every track handed out, in order. */
  tracks: FakeTrack[] = [];
  /** The DOMException name the next getUserMedia calls reject with; 'hang' never settles. */
  failWith: string | undefined;
  devicechangeListeners = 0;

  constructor(devices: FakeDevice[] = defaultDevices()) {
    super();
    this.devices = devices;
  }

  async enumerateDevices() {
    return this.devices.map((d) => ({ ...d, toJSON: () => d })) as MediaDeviceInfo[];
  }

  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream> {
    this.requests.push(constraints);
    if (this.failWith === 'hang') return new Promise(() => {});
    if (this.failWith) return Promise.reject(new DOMException('refused', this.failWith));
    const audio = constraints.audio;
    const exact = typeof audio === 'object' ? (audio.deviceId as { exact?: string } | undefined)?.exact : undefined;
    const mics = this.devices.filter((d) => d.kind === 'audioinput');
    const chosen = exact === undefined ? mics[0] : mics.find((d) => d.deviceId === exact);
    if (!chosen) return Promise.reject(new DOMException('no such device', exact === undefined ? 'NotFoundError' : 'OverconstrainedError'));
    const track = new FakeTrack(chosen.deviceId);
    this.tracks.push(track);
    return Promise.resolve({ getTracks: () => [track], getAudioTracks: () => [track] } as unknown as MediaStream);
  }

  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, opts?: AddEventListenerOptions | boolean) {
    if (type === 'devicechange') this.devicechangeListeners++;
    super.addEventListener(type, listener, opts);
  }
  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, opts?: EventListenerOptions | boolean) {
    if (type === 'devicechange') this.devicechangeListeners--;
    super.removeEventListener(type, listener, opts);
  }

  unplug(deviceId: string) {
    this.devices = this.devices.filter((d) => d.deviceId !== deviceId);
    this.dispatchEvent(new Event('devicechange'));
  }
  plug(d: FakeDevice) {
    this.devices = [...this.devices, d];
    this.dispatchEvent(new Event('devicechange'));
  }
}

/** Default first, as browsers list them. */
export function defaultDevices(): FakeDevice[] {
  return [
    device('audioinput', 'mic-default', 'Built-in Microphone'),
    device('audioinput', 'mic-headset', 'Headset Microphone'),
    device('audiooutput', 'spk-default', 'Built-in Speakers'),
    device('audiooutput', 'spk-headset', 'Headset Earphones'),
    device('videoinput', 'cam-1', 'FaceTime HD Camera'),
  ];
}

/** An RTCRtpSender's replaceTrack, recorded. */
export class FakeSender {
  replaced: FakeTrack[] = [];
  failWith: Error | undefined;
  constructor(public track: FakeTrack | null) {}
  async replaceTrack(track: FakeTrack) {
    if (this.failWith) throw this.failWith;
    this.replaced.push(track);
    this.track = track;
  }
}

/** An output element's setSinkId, recorded; ids in `refuse` reject like Chromium does for unknown devices. */
export class FakeOutput {
  sinkId = '';
  calls: string[] = [];
  constructor(readonly refuse: string[] = []) {}
  async setSinkId(id: string) {
    this.calls.push(id);
    if (this.refuse.includes(id)) throw new DOMException('Requested device not found', 'NotFoundError');
    this.sinkId = id;
  }
}

export function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  };
}

/** Lets queued promise work (refresh after devicechange, swaps) finish. */
export const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
};
