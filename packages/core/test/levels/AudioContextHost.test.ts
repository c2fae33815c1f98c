import { describe, expect, it } from 'vitest';
import { isHandsetError } from '../../src/errors/HandsetError';
import { createAudioContextHost } from '../../src/levels/AudioContextHost';

/** Enough of an AudioContext for the host: state, resume, close, statechange. */
class FakeContext extends EventTarget {
  state: AudioContextState = 'suspended';
  resumes = 0;
  constructor(private readonly refuse?: unknown) {
    super();
  }
  setState(state: AudioContextState) {
    this.state = state;
    this.dispatchEvent(new Event('statechange'));
  }
  async resume() {
    this.resumes++;
    if (this.refuse) throw this.refuse;
    this.setState('running');
  }
  async close() {
    this.setState('closed');
  }
}

/** An EventTarget that counts its listeners. */
class Target extends EventTarget {
  listeners = 0;
  override addEventListener(...args: Parameters<EventTarget['addEventListener']>) {
    this.listeners++;
    super.addEventListener(...args);
  }
  override removeEventListener(...args: Parameters<EventTarget['removeEventListener']>) {
    this.listeners--;
    super.removeEventListener(...args);
  }
}

const tick = () => new Promise((r) => setTimeout(r, 0));

function setup(refuse?: unknown) {
  const target = new Target();
  const created: FakeContext[] = [];
  const errors: unknown[] = [];
  const states: string[] = [];
  const host = createAudioContextHost({
    createContext: () => {
      created.push(new FakeContext(refuse));
      return created.at(-1) as unknown as AudioContext;
    },
    gestureTarget: target,
    onResumeError: (e) => errors.push(e),
    onStateChange: (s) => states.push(s),
  });
  return { host, target, created, errors, states };
}

describe('createAudioContextHost', () => {
  it('creates nothing and listens to nothing until asked', () => {
    const t = setup();
    expect(t.created.length).toBe(0);
    expect(t.host.current).toBeUndefined();
    expect(t.target.listeners).toBe(0);
  });

  it('creates one context lazily and resumes it on the first gesture, then stops listening', async () => {
    const t = setup();
    const context = t.host.get();
    expect(t.host.get()).toBe(context);
    expect(t.created.length).toBe(1);
    expect(t.target.listeners).toBe(3); // pointerdown, pointerup, keydown
    t.target.dispatchEvent(new Event('keydown'));
    await tick();
    expect(context.state).toBe('running');
    expect(t.states).toEqual(['running']);
    expect(t.target.listeners).toBe(0);
  });

  it('listens again when the context is suspended again (e.g. an interruption)', async () => {
    const t = setup();
    const context = t.host.get() as unknown as FakeContext;
    await t.host.resume();
    expect(t.target.listeners).toBe(0);
    context.setState('suspended');
    expect(t.target.listeners).toBe(3);
    t.target.dispatchEvent(new Event('pointerdown'));
    await tick();
    expect(context.state).toBe('running');
  });

  it('reports a refused resume, keeps listening, and tries again on the next gesture', async () => {
    const refusal = new DOMException('no', 'NotAllowedError');
    const t = setup(refusal);
    t.host.get();
    t.target.dispatchEvent(new Event('pointerdown'));
    await tick();
    expect(t.errors).toEqual([refusal]);
    expect(t.host.resumeError).toBe(refusal);
    expect(t.target.listeners).toBe(3);
    expect(await t.host.resume()).toBe(false);
    expect(t.created[0]!.resumes).toBe(2);
  });

  it('reports a resume that resolves but leaves the context suspended', async () => {
    const t = setup();
    const context = t.host.get() as unknown as FakeContext;
    context.resume = async () => {};
    expect(await t.host.resume()).toBe(false);
    expect((t.errors[0] as DOMException).name).toBe('NotAllowedError');
  });

  it('closes the context and stops listening; get() then makes a new one', async () => {
    const t = setup();
    const first = t.host.get();
    await t.host.close();
    expect(first.state).toBe('closed');
    expect(t.target.listeners).toBe(0);
    expect(t.host.current).toBeUndefined();
    expect(t.host.get()).not.toBe(first);
  });

  it('throws unsupported where there is no Web Audio (this node test has no AudioContext)', () => {
    expect(typeof (globalThis as { AudioContext?: unknown }).AudioContext).toBe('undefined');
    const host = createAudioContextHost({ gestureTarget: new Target() });
    expect(() => host.get()).toThrow(expect.objectContaining({ code: 'unsupported' }));
    try {
      host.get();
    } catch (error) {
      expect(isHandsetError(error, 'unsupported')).toBe(true);
    }
  });
});

describe('server rendering', () => {
  it('imports the levels and quality modules without touching a browser global', async () => {
    // Node has no window, document, AudioContext, MediaStream, requestAnimationFrame or RTCPeerConnection:
    // an import-time access would throw here.
    for (const name of ['window', 'document', 'AudioContext', 'MediaStream', 'requestAnimationFrame', 'RTCPeerConnection']) {
      expect(name in globalThis).toBe(false);
    }
    await expect(import('../../src/levels/LevelMeter')).resolves.toHaveProperty('createLevelMeter');
    await expect(import('../../src/levels/AudioContextHost')).resolves.toHaveProperty('createAudioContextHost');
    await expect(import('../../src/quality/QualityMonitor')).resolves.toHaveProperty('createQualityMonitor');
  });
});
