/**
 * Counts what calls leave behind, by wrapping the browser's constructors and registries
 * before the sandbox uses them: peer connections not closed, media tracks still live,
 * audio contexts not closed, event listeners still registered, intervals still running,
 * timeouts still pending, WebSockets still open. Import this first in a test page
 * (the sandbox's leak test, and the soak benchmark in bench/).
 */

/**
 * Every object of a kind made since the page loaded, held weakly: a closed peer connection or an ended track
 * must stay collectable (Chromium refuses a new RTCPeerConnection while 500 old ones are still in memory).
 */
class Registry<T extends object> {
  #refs: WeakRef<T>[] = [];
  created = 0;
  add(item: T): void {
    this.created++;
    this.#refs.push(new WeakRef(item));
  }
  /** How many, of those still in memory, are `open`; what was collected is dropped. */
  count(open: (item: T) => boolean): number {
    let n = 0;
    this.#refs = this.#refs.filter((ref) => {
      const item = ref.deref();
      if (item && open(item)) n++;
      return item !== undefined;
    });
    return n;
  }
}

interface Counted {
  readonly peerConnections: Registry<RTCPeerConnection>;
  readonly audioContexts: Registry<AudioContext>;
  readonly tracks: Registry<MediaStreamTrack>;
  readonly listeners: Set<string>;
  readonly intervals: Set<number>;
  readonly broadcastChannels: Registry<BroadcastChannel>;
  readonly connectedNodes: Set<AudioNode>;
  readonly timeouts: Set<number>;
  readonly webSockets: Registry<WebSocket>;
}

const counted: Counted = {
  peerConnections: new Registry(),
  audioContexts: new Registry(),
  tracks: new Registry(),
  listeners: new Set(),
  intervals: new Set(),
  broadcastChannels: new Registry(),
  connectedNodes: new Set(),
  timeouts: new Set(),
  webSockets: new Registry(),
};

export interface ResourceCounts {
  /** RTCPeerConnections whose signalingState is not 'closed'. */
  readonly peerConnections: number;
  /** AudioContexts not closed. */
  readonly audioContexts: number;
  /** Tracks (microphone, generated, received) still 'live'. */
  readonly liveTracks: number;
  /** addEventListener registrations not removed (by removeEventListener or an aborted signal). */
  readonly listeners: number;
  /** Audio nodes connected to something and not disconnected since. */
  readonly audioNodesConnected: number;
  /** setInterval timers not cleared. */
  readonly intervals: number;
  /** setTimeout timers neither run nor cleared. */
  readonly timeouts: number;
  /** WebSockets not closed (CONNECTING, OPEN or CLOSING). */
  readonly webSockets: number;
  /** Every peer connection ever created (to check the test really made calls). */
  readonly peerConnectionsCreated: number;
  readonly audioContextsCreated: number;
}

const labels = new Map<string, string>();
/** What the remaining listeners are, e.g. `Window:pagehide`. */
export function listenerLabels(): string[] {
  return [...counted.listeners].map((key) => labels.get(key) ?? key);
}

const seenTrack = new WeakSet<MediaStreamTrack>();
function note(track: MediaStreamTrack | null | undefined): void {
  if (track && !seenTrack.has(track)) {
    seenTrack.add(track);
    counted.tracks.add(track);
  }
}

function install(): void {
  const g = globalThis as unknown as Record<string, unknown> & { __handsetResources?: boolean };
  if (g.__handsetResources) return;
  g.__handsetResources = true;
  const add = EventTarget.prototype.addEventListener;
  const remove = EventTarget.prototype.removeEventListener;

  const NativePC = RTCPeerConnection;
  class CountedPC extends NativePC {
    constructor(configuration?: RTCConfiguration) {
      super(configuration);
      counted.peerConnections.add(this);
      add.call(this, 'track', (event) => note((event as RTCTrackEvent).track));
    }
  }
  g.RTCPeerConnection = CountedPC;

  const NativeAC = AudioContext;
  class CountedAC extends NativeAC {
    constructor(options?: AudioContextOptions) {
      super(options);
      counted.audioContexts.add(this);
    }
    override createMediaStreamDestination(): MediaStreamAudioDestinationNode {
      const node = super.createMediaStreamDestination();
      for (const track of node.stream.getTracks()) note(track);
      return node;
    }
  }
  g.AudioContext = CountedAC;

  const devices = navigator.mediaDevices;
  const getUserMedia = devices.getUserMedia.bind(devices);
  devices.getUserMedia = async (constraints) => {
    const stream = await getUserMedia(constraints);
    for (const track of stream.getTracks()) note(track);
    return stream;
  };

  const NativeBC = BroadcastChannel;
  class CountedBC extends NativeBC {
    #closed = false;
    constructor(name: string) {
      super(name);
      counted.broadcastChannels.add(this);
    }
    override close(): void {
      this.#closed = true;
      super.close();
    }
    get closedForTest(): boolean {
      return this.#closed;
    }
  }
  g.BroadcastChannel = CountedBC;

  // Listener registrations, keyed by target identity, type, listener and capture.
  const ids = new WeakMap<object, number>();
  let nextId = 1;
  const id = (value: object): number => {
    let found = ids.get(value);
    if (found === undefined) ids.set(value, (found = nextId++));
    return found;
  };
  const keyOf = (target: EventTarget, type: string, listener: object, options?: boolean | AddEventListenerOptions): string =>
    `${id(target)}|${type}|${id(listener)}|${typeof options === 'boolean' ? options : Boolean(options?.capture)}`;
  const counting = (nativeAdd: typeof add, nativeRemove: typeof remove) => ({
    add(this: EventTarget, type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) {
      nativeAdd.call(this, type, listener, options);
      if (!listener) return;
      const key = keyOf(this, type, listener, options);
      const signal = typeof options === 'object' ? options.signal : undefined;
      if (signal?.aborted) return;
      counted.listeners.add(key);
      labels.set(key, `${this === globalThis ? 'Window' : this.constructor.name}:${type}`);
      if (signal) add.call(signal, 'abort', () => counted.listeners.delete(key), { once: true });
      if (typeof options === 'object' && options.once) add.call(this, type, () => counted.listeners.delete(key), { once: true });
    },
    remove(this: EventTarget, type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions) {
      nativeRemove.call(this, type, listener, options);
      if (listener) counted.listeners.delete(keyOf(this, type, listener, options));
    },
  });
  const onPrototype = counting(add, remove);
  EventTarget.prototype.addEventListener = onPrototype.add;
  EventTarget.prototype.removeEventListener = onPrototype.remove;
  // The window carries its own copies of these methods (it is the global object), so wrap them too.
  if (Object.hasOwn(globalThis, 'addEventListener')) {
    const onWindow = counting(globalThis.addEventListener, globalThis.removeEventListener);
    g.addEventListener = onWindow.add;
    g.removeEventListener = onWindow.remove;
  }

  // Audio nodes: connect() marks a node, a full disconnect() clears it.
  const connect = AudioNode.prototype.connect as (this: AudioNode, ...args: unknown[]) => unknown;
  const disconnect = AudioNode.prototype.disconnect as (this: AudioNode, ...args: unknown[]) => void;
  AudioNode.prototype.connect = function (this: AudioNode, ...args: unknown[]) {
    counted.connectedNodes.add(this);
    return connect.apply(this, args);
  } as typeof AudioNode.prototype.connect;
  AudioNode.prototype.disconnect = function (this: AudioNode, ...args: unknown[]) {
    if (args.length === 0) counted.connectedNodes.delete(this);
    disconnect.apply(this, args);
  } as typeof AudioNode.prototype.disconnect;

  const setIntervalNative = globalThis.setInterval.bind(globalThis);
  const clearIntervalNative = globalThis.clearInterval.bind(globalThis);
  g.setInterval = ((handler: TimerHandler, timeout?: number, ...args: unknown[]) => {
    const timer = setIntervalNative(handler, timeout, ...args);
    counted.intervals.add(timer);
    return timer;
  }) as typeof setInterval;
  g.clearInterval = ((timer?: number) => {
    if (timer !== undefined) counted.intervals.delete(timer);
    clearIntervalNative(timer);
  }) as typeof clearInterval;

  const setTimeoutNative = globalThis.setTimeout.bind(globalThis);
  const clearTimeoutNative = globalThis.clearTimeout.bind(globalThis);
  g.setTimeout = ((handler: TimerHandler, timeout?: number, ...args: unknown[]) => {
    if (typeof handler !== 'function') return setTimeoutNative(handler, timeout, ...args);
    const timer = setTimeoutNative(
      (...given: unknown[]) => {
        counted.timeouts.delete(timer);
        handler(...given);
      },
      timeout,
      ...args,
    ) as unknown as number;
    counted.timeouts.add(timer);
    return timer;
  }) as typeof setTimeout;
  g.clearTimeout = ((timer?: number) => {
    if (timer !== undefined) counted.timeouts.delete(timer);
    clearTimeoutNative(timer);
  }) as typeof clearTimeout;

  const NativeWS = WebSocket;
  class CountedWS extends NativeWS {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      counted.webSockets.add(this);
    }
  }
  g.WebSocket = CountedWS;
}

install();

export function countResources(): ResourceCounts {
  return {
    peerConnections: counted.peerConnections.count((pc) => pc.signalingState !== 'closed'),
    audioContexts: counted.audioContexts.count((context) => context.state !== 'closed'),
    liveTracks: counted.tracks.count((track) => track.readyState === 'live'),
    listeners: counted.listeners.size,
    audioNodesConnected: counted.connectedNodes.size,
    intervals: counted.intervals.size,
    timeouts: counted.timeouts.size,
    webSockets: counted.webSockets.count((socket) => socket.readyState !== WebSocket.CLOSED),
    peerConnectionsCreated: counted.peerConnections.created,
    audioContextsCreated: counted.audioContexts.created,
  };
}

/** Open BroadcastChannels created since the page loaded. */
export function openBroadcastChannels(): number {
  return counted.broadcastChannels.count((channel) => !(channel as unknown as { closedForTest: boolean }).closedForTest);
}
