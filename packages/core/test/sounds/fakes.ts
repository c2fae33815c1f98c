/** Node-side fakes of the Web Audio and <audio> pieces the sound player uses, recording what is done to them. */

export class FakeParam {
  value = 0;
  automation: [string, number, number][] = [];
  inputs: FakeNode[] = [];
  setValueAtTime(value: number, time: number) {
    this.automation.push(['set', value, time]);
  }
  linearRampToValueAtTime(value: number, time: number) {
    this.automation.push(['ramp', value, time]);
  }
}

export class FakeNode {
  outputs: (FakeNode | FakeParam)[] = [];
  disconnected = false;
  constructor(readonly context: FakeContext) {
    context.nodes.push(this);
  }
  connect<T extends FakeNode | FakeParam>(destination: T): T {
    this.outputs.push(destination);
    if (destination instanceof FakeParam) destination.inputs.push(this);
    return destination;
  }
  disconnect() {
    this.outputs = [];
    this.disconnected = true;
  }
}

export class FakeSource extends FakeNode {
  startedAt: number | undefined;
  stoppedAt: number | undefined;
  onended: (() => void) | null = null;
  start(when = 0) {
    this.startedAt = when;
  }
  stop(when = this.context.currentTime) {
    if (this.startedAt === undefined) throw new DOMException('not started', 'InvalidStateError');
    this.stoppedAt = when;
  }
}
export class FakeOscillator extends FakeSource {
  frequency = new FakeParam();
}
export class FakeBufferSource extends FakeSource {
  buffer: FakeBuffer | null = null;
  loop = false;
}
export class FakeGain extends FakeNode {
  gain = new FakeParam();
}
export class FakeBuffer {
  data: Float32Array | undefined;
  constructor(
    readonly length: number,
    readonly sampleRate: number,
  ) {}
  copyToChannel(data: Float32Array) {
    this.data = data;
  }
}

export class FakeContext extends EventTarget {
  state: AudioContextState = 'running';
  currentTime = 10;
  nodes: FakeNode[] = [];
  resumes = 0;
  /** What resume() does: start running, stay pending (no user activation), or reject. */
  onResume: 'run' | 'hang' | 'refuse' = 'run';

  setState(state: AudioContextState) {
    this.state = state;
    this.dispatchEvent(new Event('statechange'));
  }
  resume(): Promise<void> {
    this.resumes++;
    if (this.onResume === 'hang') return new Promise(() => {});
    if (this.onResume === 'refuse') return Promise.reject(new DOMException('no', 'NotAllowedError'));
    this.setState('running');
    return Promise.resolve();
  }
  createGain() {
    return new FakeGain(this);
  }
  createOscillator() {
    return new FakeOscillator(this);
  }
  createBufferSource() {
    return new FakeBufferSource(this);
  }
  createBuffer(_channels: number, length: number, sampleRate: number) {
    return new FakeBuffer(length, sampleRate);
  }
  createMediaStreamDestination() {
    const track = { readyState: 'live', stop: () => void (track.readyState = 'ended') };
    return Object.assign(new FakeNode(this), { stream: { id: 'destination-stream', getTracks: () => [track] } });
  }
  oscillators() {
    return this.nodes.filter((n): n is FakeOscillator => n instanceof FakeOscillator);
  }
}

export class FakeAudio {
  paused = true;
  src = '';
  srcObject: unknown = null;
  loop = false;
  sinkId = '';
  plays = 0;
  /** What play() does next: play, or reject like the autoplay policy. */
  refuse = false;
  refuseSink: string[] = [];
  /** Shared by every element of a page: whether the browser's autoplay policy refuses play(). */
  constructor(readonly policy = { refuse: false }) {}
  play(): Promise<void> {
    this.plays++;
    if (this.refuse || this.policy.refuse) return Promise.reject(new DOMException('autoplay', 'NotAllowedError'));
    this.paused = false;
    return Promise.resolve();
  }
  pause() {
    this.paused = true;
  }
  removeAttribute(name: string) {
    if (name === 'src') this.src = '';
  }
  async setSinkId(id: string) {
    if (this.refuseSink.includes(id)) throw new DOMException('Requested device not found', 'NotFoundError');
    this.sinkId = id;
  }
}

export const flush = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};
