import { HandsetError } from '../errors/HandsetError';
import { levelFromTimeDomain } from './decibels';

export interface LevelMeterOptions {
  /** The phone's shared AudioContext (see AudioContextHost); the meter never creates or closes one. */
  context: AudioContext;
  /** Any audio track: a microphone before a call, a call's local or remote track. */
  track: MediaStreamTrack;
  /** Samples per reading; default 1024 (21 ms at 48 kHz, about one frame). */
  fftSize?: number;
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
 * animation-frame loop and the source is disconnected from the analyser, so nothing is computed.
 * A disabled (muted) or ended track, or a context that is not running, reads 0.
 */
export function createLevelMeter(options: LevelMeterOptions): LevelMeter {
  const { context, track, fftSize = 1024 } = options;
  const raf = options.requestAnimationFrame ?? ((cb: () => void) => globalThis.requestAnimationFrame(cb));
  const caf = options.cancelAnimationFrame ?? ((handle: number) => globalThis.cancelAnimationFrame(handle));
  const listeners = new Set<(level: number) => void>();
  let source: MediaStreamAudioSourceNode | undefined;
  let analyser: AnalyserNode | undefined;
  let data: Float32Array<ArrayBuffer> | undefined;
  let frame: number | undefined;
  let level = 0;
  let disposed = false;

  const tick = () => {
    frame = undefined;
    const live = track.enabled && track.readyState === 'live' && context.state === 'running';
    if (live) analyser!.getFloatTimeDomainData(data!);
    level = live ? levelFromTimeDomain(data!) : 0;
    for (const listener of listeners) listener(level);
    if (listeners.size && frame === undefined) frame = raf(tick);
  };

  const stop = () => {
    if (frame !== undefined) caf(frame);
    frame = undefined;
    source?.disconnect();
    level = 0;
  };

  return {
    subscribe(listener) {
      if (disposed) throw new HandsetError('invalid-state', 'This level meter has been disposed.');
      if (!listeners.size) {
        source ??= context.createMediaStreamSource(new MediaStream([track]));
        analyser ??= new AnalyserNode(context, { fftSize });
        data ??= new Float32Array(fftSize);
        source!.connect(analyser!);
        frame = raf(tick);
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
      source = analyser = undefined;
    },
  };
}
