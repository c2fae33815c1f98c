import { HandsetError } from '../errors/HandsetError';
import { levelFromRms, levelFromTimeDomain } from './decibels';
import { createFrameLoop, sharedFrameLoop } from './frameLoop';
import { createLevelNode, loadLevelProcessor } from './levelWorklet';

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
 * A level meter on one track. Nodes are made on the first subscription; with no subscriber there is no
 * animation-frame loop and the source is disconnected, so nothing is computed. Levels are delivered on
 * animation frames: with the audio-thread path, on the frames after a new value (every 43 ms);
 * with the analyser fallback, every frame. A disabled (muted) or ended track, or a context that is not
 * running, reads 0.
 */
export function createLevelMeter(options: LevelMeterOptions): LevelMeter {
  const { context, track, fftSize = 1024 } = options;
  const loop = options.requestAnimationFrame
    ? createFrameLoop(options.requestAnimationFrame, options.cancelAnimationFrame ?? (() => {}))
    : sharedFrameLoop();
  const listeners = new Set<(level: number) => void>();
  let source: MediaStreamAudioSourceNode | undefined;
  let analyser: AnalyserNode | undefined;
  let data: Float32Array<ArrayBuffer> | undefined;
  /** The audio-thread RMS path, once loaded; until then (or where it is missing) the analyser is read. */
  let worklet: AudioWorkletNode | undefined;
  /** A worklet value arrived since the last frame; frames without one deliver nothing. */
  let fresh = false;
  let framesWithout = 0;
  let removeTick: (() => void) | undefined;
  let level = 0;
  let disposed = false;

  const live = () => track.enabled && track.readyState === 'live' && context.state === 'running';

  const tick = () => {
    if (worklet) {
      if (fresh) framesWithout = 0;
      // Nothing new this frame: leave it free. No value for ~20 frames (the worklet posts at least every
      // ~200 ms) means the audio stopped (a suspended context, an ended track): fall to zero once.
      else if (++framesWithout < 20 || level === 0) return;
      else level = 0;
      fresh = false;
    } else if (live()) {
      analyser!.getFloatTimeDomainData(data!);
      level = levelFromTimeDomain(data!);
    } else level = 0;
    for (const listener of listeners) listener(level);
  };

  /** Moves the running meter from the analyser to the audio-thread path when the processor loads. */
  const useWorklet = async () => {
    if (!(await loadLevelProcessor(context)) || disposed || worklet) return;
    worklet = createLevelNode(context, (rms) => {
      if (!listeners.size) return; // a value still in flight when the last listener left
      level = live() ? levelFromRms(rms) : 0;
      fresh = true;
    });
    if (listeners.size) {
      source?.disconnect();
      source?.connect(worklet);
    }
  };

  const stop = () => {
    removeTick?.();
    removeTick = undefined;
    source?.disconnect();
    level = 0;
    fresh = false;
  };

  return {
    subscribe(listener) {
      if (disposed) throw new HandsetError('invalid-state', 'This level meter has been disposed.');
      if (!listeners.size) {
        source ??= context.createMediaStreamSource(new MediaStream([track]));
        analyser ??= new AnalyserNode(context, { fftSize });
        data ??= new Float32Array(fftSize);
        source!.connect(worklet ?? analyser!);
        removeTick = loop.add(tick);
        if (!worklet && options.audioThread !== false) void useWorklet();
      }
      listeners.add(listener);
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
      worklet?.disconnect();
      worklet?.port.close();
      source = analyser = worklet = undefined;
    },
  };
}
