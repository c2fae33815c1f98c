/**
 * Browser-only helpers: the real (fake-media) navigator.mediaDevices behind a list the test controls,
 * and a loopback "call" of two RTCPeerConnections in one page.
 */
export interface Controllable {
  readonly mediaDevices: MediaDevices;
  /** Devices listed in addition to the real ones (e.g. a speaker Chromium does not know). */
  readonly extra: MediaDeviceInfo[];
  /** Unplugs a device: hidden from the list, refused by getUserMedia, its tracks stopped, devicechange fired. */
  unplug(deviceId: string, tracks?: MediaStreamTrack[]): void;
}

export function controllable(real: MediaDevices = navigator.mediaDevices): Controllable {
  const removed = new Set<string>();
  const extra: MediaDeviceInfo[] = [];
  const events = new EventTarget();
  const mediaDevices = {
    enumerateDevices: async () => [...(await real.enumerateDevices()), ...extra].filter((d) => !removed.has(d.deviceId)),
    getUserMedia: (constraints: MediaStreamConstraints) => {
      const audio = constraints.audio;
      const exact = typeof audio === 'object' ? (audio.deviceId as { exact?: string } | undefined)?.exact : undefined;
      if (exact && removed.has(exact)) return Promise.reject(new DOMException('unplugged', 'OverconstrainedError'));
      return real.getUserMedia(constraints);
    },
    addEventListener: events.addEventListener.bind(events),
    removeEventListener: events.removeEventListener.bind(events),
  } as unknown as MediaDevices;
  return {
    mediaDevices,
    extra,
    unplug(deviceId, tracks = []) {
      removed.add(deviceId);
      for (const track of tracks) track.stop();
      events.dispatchEvent(new Event('devicechange'));
    },
  };
}

export interface LoopbackCall {
  readonly caller: RTCPeerConnection;
  readonly callee: RTCPeerConnection;
  readonly sender: RTCRtpSender;
  /** Packets the caller has sent, and the callee received, so far. */
  counters(): Promise<{ sent: number; received: number }>;
  close(): void;
}

/** A one-way audio call from `track` over loopback, with the far side playing what it receives. */
export async function loopbackCall(track: MediaStreamTrack): Promise<LoopbackCall> {
  const caller = new RTCPeerConnection();
  const callee = new RTCPeerConnection();
  caller.onicecandidate = (e) => void (e.candidate && callee.addIceCandidate(e.candidate));
  callee.onicecandidate = (e) => void (e.candidate && caller.addIceCandidate(e.candidate));
  const sender = caller.addTrack(track, new MediaStream([track]));
  const audio = new Audio();
  callee.ontrack = (e) => {
    audio.srcObject = new MediaStream([e.track]);
    void audio.play();
  };
  const connected = new Promise<void>((resolve, reject) => {
    caller.onconnectionstatechange = () => {
      if (caller.connectionState === 'connected') resolve();
      if (caller.connectionState === 'failed') reject(new Error('loopback ICE failed'));
    };
  });
  await caller.setLocalDescription();
  await callee.setRemoteDescription(caller.localDescription!);
  await callee.setLocalDescription();
  await caller.setRemoteDescription(callee.localDescription!);
  await connected;
  const sum = async (pc: RTCPeerConnection, type: string, field: string) => {
    let total = 0;
    (await pc.getStats()).forEach((s: Record<string, unknown>) => {
      if (s.type === type && s.kind === 'audio') total += Number(s[field] ?? 0);
    });
    return total;
  };
  return {
    caller,
    callee,
    sender,
    counters: async () => ({
      sent: await sum(caller, 'outbound-rtp', 'packetsSent'),
      received: await sum(callee, 'inbound-rtp', 'packetsReceived'),
    }),
    close() {
      audio.srcObject = null;
      caller.close();
      callee.close();
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
