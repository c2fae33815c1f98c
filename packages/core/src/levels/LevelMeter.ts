import { HandsetError } from '../errors/HandsetError';
import { levelFromTimeDomain } from './decibels';
import { createFrameLoop, sharedFrameLoop } from './frameLoop';
import { type LevelSlot, takeLevelSlot } from './levelWorklet';

export interface LevelMeterOptions {
  /** The phone's shared AudioContext (see AudioContextHost); the meter never creates or closes one. */
  context: AudioContext;
  /** Any audio track: a microphone before a call, a call's local or remote track. */
  track: MediaStreamTrack;
  /** Samples per reading; default 1024 (21 ms at 48 kHz, about one frame). */
  fftSize?: number;
  /** Compute RMS on the audio thread (an AudioWorklet) where available. Default true; false always reads the analyser. */
  audioThread?: boolean;
  requestAnimationFrame?(callback: () => void): number;
  cancelAnimationFrame?(handle: number): void;
}

export interface LevelMeter {
  /** Delivers the level, 0..1 (see decibels.ts), once per animation frame; returns the unsubscribe. */
  subscribe(listener: (level: number) => void): () => void;
  /** The last level delivered; 0 while nobody listens. */
  readonly level: number;
  /** Stops, disconnects every node it made, drops the listeners. The track is left alone. */
  dispose(): void;
}

/**
 * A level meter on one track. Nodes are made on the first subscription; with no subscriber no frame is
 * requested and the source is disconnected, so nothing is computed.
 * With the audio-thread path (AudioWorklet), each new value is delivered as it arrives: at most one per
 * 43 ms (23/s, under any display's frame rate), only changes of more than 1 dB (a fall once the next
 * window confirms it: levelWorklet.ts) and a steady level every ~0.5 s. Asking for an animation frame
 * would cost more than the delivery (30-60 µs in Chromium).
 * Where AudioWorklet is missing (or `audioThread: false`), an analyser is read on every animation frame.
 * A disabled (muted) or ended track, or a context that is not running, reads 0.
 */
export function createLevelMeter(options: LevelMeterOptions): LevelMeter {
  const { context, track, fftSize = 1024 } = options;
  const loop = options.requestAnimationFrame
    ? createFrameLoop(options.requestAnimationFrame, options.cancelAnimationFrame ?? (() => {}))
    : sharedFrameLoop();
  const listeners = new Set<(level: number) => void>();
  let source: MediaStreamAudioSourceNode | undefined;
  /** The audio-thread path: undefined until asked for, null where AudioWorklet is missing or refused. */
  let slot: Promise<LevelSlot | null> | undefined;
  /** The fallback, made only where the audio-thread path is missing or turned off. */
  let analyser: AnalyserNode | undefined;
  let data: Float32Array<ArrayBuffer> | undefined;
  /** Cancels the frame asked for (analyser path); set while one is pending. */
  let cancelFrame: (() => void) | undefined;
  let level = 0;
  let disposed = false;

  const live = () => track.enabled && track.readyState === 'live' && context.state === 'running';

  const deliver = () => {
    for (const listener of listeners) listener(level);
  };

  const readAnalyser = () => {
    cancelFrame = undefined;
    level = 0;
    if (live()) {
      analyser!.getFloatTimeDomainData(data!);
      level = levelFromTimeDomain(data!);
    }
    deliver();
    if (listeners.size) cancelFrame ??= loop.next(readAnalyser);
  };

  const useAnalyser = () => {
    analyser ??= new AnalyserNode(context, { fftSize });
    data ??= new Float32Array(fftSize);
    source!.connect(analyser);
    cancelFrame ??= loop.next(readAnalyser);
  };

  /**
   * Each value from the audio thread, already a level, delivered in one step (about 11 times a second while
   * someone speaks).
   * Only `enabled` is read here: a suspended context posts nothing (see onContextState) and an ended track
   * feeds the processor nothing, which it reports as silence.
   */
  const onLevel = (next: number) => {
    if (!listeners.size) return; // a value still in flight when the last listener left
    level = track.enabled ? next : 0;
    for (const listener of listeners) listener(level);
  };

  /** A suspended context runs no processor, so no value would say the audio stopped: say it here. */
  const onContextState = () => {
    if (!analyser && context.state !== 'running') onLevel(0);
  };

  /** Connects the source to the audio thread once the processor has loaded, or to the analyser if it cannot. */
  const connect = async () => {
    if (options.audioThread === false) return useAnalyser();
    slot ??= takeLevelSlot(context, onLevel);
    const taken = await slot;
    if (disposed || !listeners.size || !source) return; // gone while the processor loaded
    if (taken) taken.connect(source);
    else useAnalyser();
  };

  const stop = () => {
    cancelFrame?.();
    cancelFrame = undefined;
    context.removeEventListener('statechange', onContextState);
    source?.disconnect();
    level = 0;
  };

  return {
    subscribe(listener) {
      if (disposed) throw new HandsetError('invalid-state', 'This level meter has been disposed.');
      listeners.add(listener);
      if (listeners.size === 1) {
        source ??= context.createMediaStreamSource(new MediaStream([track]));
        context.addEventListener('statechange', onContextState);
        void connect();
      }
      return () => {
        if (listeners.delete(listener) && !listeners.size) stop();
      };
    },
    get level() {
      return level;
    },
    dispose() {
      disposed = true;
      listeners.clear();
      stop();
      analyser?.disconnect();
      void slot?.then((taken) => taken?.release());
      source = analyser = slot = undefined;
    },
  };
}
