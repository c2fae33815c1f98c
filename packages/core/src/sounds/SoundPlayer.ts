import { HandsetError } from '../errors/HandsetError';
import { Emitter } from '../util/Emitter';
import { freeze } from '../util/freeze';
import { cadenceEnvelope, defaultRingtone, dtmfFrequencies, type RingbackPreset, ringbackPresets, type ToneSpec } from './tones';

export type LoopSound = 'ringtone' | 'ringback';
export type SoundName = LoopSound | 'dtmf';
/** A preset name, a tone, or the URL of an audio file (played looped). */
export type SoundSource = RingbackPreset | ToneSpec | string;

export interface SoundPlayerOptions {
  /** The phone's shared AudioContext, asked for on the first sound; the player never creates or closes one. */
  readonly context: () => AudioContext;
  /** Default: the generated ringtone (see tones.ts). A string is an audio file URL. */
  readonly ringtone?: SoundSource;
  /** Default 'us'. */
  readonly ringback?: SoundSource;
  /** Each sound on or off; all on by default. */
  readonly enabled?: Partial<Record<SoundName, boolean>>;
  /** Gain of generated sounds, 0..1. Default 0.25. */
  readonly volume?: number;
  /** The output device; '' (default) is the system default. See also setSinkId. */
  readonly sinkId?: string;
  /** Default `() => new Audio()`. */
  readonly createAudio?: () => HTMLAudioElement;
  /** Where user gestures are heard while playback is blocked; default the window (globalThis). */
  readonly gestureTarget?: EventTarget;
}

export interface SoundPlayerSnapshot {
  readonly ringtone: boolean;
  readonly ringback: boolean;
  /** A sound is playing but the browser keeps it silent (autoplay policy); the next user gesture retries. */
  readonly blocked: boolean;
}

export interface SoundPlayer {
  /** Starts a looping sound (no-op if disabled or already playing); `source` overrides the configured one. */
  play(sound: LoopSound, source?: SoundSource): void;
  /** Stops one looping sound, or every sound including key tones. */
  stop(sound?: LoopSound): void;
  /** A local DTMF key tone (0-9 * # A-D). Throws HandsetError 'invalid-dtmf' for other keys. */
  keyTone(key: string, durationMs?: number): void;
  setEnabled(sound: SoundName, enabled: boolean): void;
  readonly sinkId: string;
  /** Moves every sound to an output device; rejects (and stays where it was) if the browser refuses. */
  setSinkId(sinkId: string): Promise<void>;
  getSnapshot(): SoundPlayerSnapshot;
  subscribe(listener: (snapshot: SoundPlayerSnapshot) => void): () => void;
  /** Stops everything, disconnects every node, releases the audio elements. */
  dispose(): void;
}

class Hub extends Emitter<{ change: [SoundPlayerSnapshot] }> {
  send(snapshot: SoundPlayerSnapshot): void {
    this.emit('change', snapshot);
  }
  close(): void {
    this.closeEmitter();
  }
}

const gestures = ['pointerdown', 'pointerup', 'keydown'];
/** Envelopes are sampled at 8 kHz: a 6 s cadence is 48 000 floats, resampled by Web Audio. */
const envelopeRate = 8000;
const envelopes = new WeakMap<ToneSpec, AudioBuffer>();

/**
 * Ringtone, ringback and key tones generated with Web Audio (or a ringtone file), on one output
 * device. Generated sounds go to a MediaStreamDestination played by an <audio> element, which can
 * take `setSinkId` without moving the shared AudioContext. Use one player per output: one on the
 * ringtone device for the ringtone, one on the speaker for ringback and key tones.
 */
export function createSoundPlayer(options: SoundPlayerOptions): SoundPlayer {
  const hub = new Hub();
  const enabled: Record<SoundName, boolean> = { ringtone: true, ringback: true, dtmf: true, ...options.enabled };
  const createAudio = options.createAudio ?? (() => new Audio());
  const loops = new Map<LoopSound, { stop: () => void; element?: HTMLAudioElement }>();
  const keyTones = new Set<() => void>();
  const refused = new Set<HTMLAudioElement>();
  let sinkId = options.sinkId ?? '';
  let snapshot: SoundPlayerSnapshot = freeze({ ringtone: false, ringback: false, blocked: false });
  let context: AudioContext | undefined;
  let out: GainNode | undefined;
  let destination: MediaStreamAudioDestinationNode | undefined;
  let streamElement: HTMLAudioElement | undefined;
  let listening = false;

  const target = () => options.gestureTarget ?? (globalThis as unknown as EventTarget);

  /** The shared graph: out → MediaStreamDestination → <audio>. */
  function graph(): AudioContext {
    if (out) return context!;
    context = options.context();
    out = context.createGain();
    out.gain.value = options.volume ?? 0.25;
    destination = context.createMediaStreamDestination();
    out.connect(destination);
    streamElement ??= createAudio();
    streamElement.srcObject = destination.stream;
    if (streamElement.sinkId !== sinkId) void streamElement.setSinkId(sinkId).catch(() => {});
    context.addEventListener('statechange', update);
    return context;
  }

  function start(element: HTMLAudioElement): void {
    element.play().then(
      () => {
        refused.delete(element);
        update();
      },
      (error: unknown) => {
        if ((error as { name?: string } | null)?.name === 'NotAllowedError') refused.add(element);
        update();
      },
    );
  }

  /** Wakes the context and the stream element for a generated sound. */
  function wake(): AudioContext {
    const ctx = graph();
    if (ctx.state !== 'running') ctx.resume().catch(() => {});
    if (streamElement!.paused) start(streamElement!);
    return ctx;
  }

  /** Oscillators → gate → out; the gate follows a looped cadence envelope (or stays open). */
  function tone(ctx: AudioContext, spec: ToneSpec, nodes: AudioNode[]): GainNode {
    const gate = ctx.createGain();
    gate.gain.value = 0;
    gate.connect(out!);
    nodes.push(gate);
    for (const frequency of spec.frequencies) {
      const oscillator = ctx.createOscillator();
      oscillator.frequency.value = frequency;
      oscillator.connect(gate);
      nodes.push(oscillator);
    }
    return gate;
  }

  function release(nodes: AudioNode[]): void {
    for (const node of nodes) {
      try {
        (node as AudioScheduledSourceNode).stop?.();
      } catch {}
      node.disconnect();
    }
  }

  function playTone(spec: ToneSpec): () => void {
    const ctx = wake();
    const nodes: AudioNode[] = [];
    const gate = tone(ctx, spec, nodes);
    const level = 1 / Math.max(1, spec.frequencies.length);
    if (spec.cadence.length) {
      let buffer = envelopes.get(spec);
      if (!buffer) {
        const data = cadenceEnvelope(spec.cadence, envelopeRate);
        buffer = ctx.createBuffer(1, data.length, envelopeRate);
        buffer.copyToChannel(data, 0);
        envelopes.set(spec, buffer);
      }
      const envelope = ctx.createBufferSource();
      envelope.buffer = buffer;
      envelope.loop = true;
      const scale = ctx.createGain();
      scale.gain.value = level;
      envelope.connect(scale).connect(gate.gain);
      nodes.push(envelope, scale);
    } else gate.gain.value = level;
    for (const node of nodes) (node as AudioScheduledSourceNode).start?.();
    return () => release(nodes);
  }

  function playFile(url: string): { stop: () => void; element: HTMLAudioElement } {
    const element = createAudio();
    element.src = url;
    element.loop = true;
    if (sinkId) void element.setSinkId(sinkId).catch(() => {});
    start(element);
    return {
      element,
      stop: () => {
        element.pause();
        element.removeAttribute('src');
        refused.delete(element);
      },
    };
  }

  function resolve(source: SoundSource): ToneSpec | string {
    return typeof source === 'string' && source in ringbackPresets ? ringbackPresets[source as RingbackPreset] : source;
  }

  /** Pauses the stream element when nothing generated is sounding; recomputes the snapshot. */
  function update(): void {
    const generatedLoop = [...loops.values()].some((l) => !l.element);
    if (streamElement && !generatedLoop && !keyTones.size && !streamElement.paused) {
      streamElement.pause();
      refused.delete(streamElement);
    }
    const blocked = loops.size > 0 && (refused.size > 0 || (generatedLoop && context?.state !== 'running'));
    listen(blocked);
    const next = { ringtone: loops.has('ringtone'), ringback: loops.has('ringback'), blocked };
    if (next.ringtone !== snapshot.ringtone || next.ringback !== snapshot.ringback || next.blocked !== snapshot.blocked) {
      hub.send((snapshot = freeze(next)));
    }
  }

  /** While blocked, the next user gesture resumes the context and retries refused elements. */
  const onGesture = () => {
    if (context && context.state !== 'running') context.resume().catch(() => {});
    for (const element of refused) start(element);
  };
  function listen(on: boolean): void {
    if (on === listening || typeof target().addEventListener !== 'function') return;
    listening = on;
    for (const type of gestures) {
      if (on) target().addEventListener(type, onGesture, { capture: true, passive: true });
      else target().removeEventListener(type, onGesture, { capture: true });
    }
  }

  const player: SoundPlayer = {
    play(sound, source) {
      if (!enabled[sound] || loops.has(sound)) return;
      const spec = resolve(source ?? options[sound] ?? (sound === 'ringtone' ? defaultRingtone : 'us'));
      loops.set(sound, typeof spec === 'string' ? playFile(spec) : { stop: playTone(spec) });
      update();
    },

    stop(sound) {
      for (const name of sound ? [sound] : loops.keys()) {
        loops.get(name)?.stop();
        loops.delete(name);
      }
      if (!sound) for (const stopTone of keyTones) stopTone();
      update();
    },

    keyTone(key, durationMs = 100) {
      const pair = dtmfFrequencies(key);
      if (!pair) throw new HandsetError('invalid-dtmf', `keyTone(${JSON.stringify(key)}): not a DTMF key; use 0-9, *, #, A-D.`);
      if (!enabled.dtmf) return;
      const ctx = wake();
      const nodes: AudioNode[] = [];
      const gate = tone(ctx, { frequencies: pair, cadence: [] }, nodes);
      const t = ctx.currentTime;
      const end = t + Math.max(0.02, durationMs / 1000);
      gate.gain.setValueAtTime(0, t);
      gate.gain.linearRampToValueAtTime(0.5, t + 0.005);
      gate.gain.setValueAtTime(0.5, end - 0.005);
      gate.gain.linearRampToValueAtTime(0, end);
      const stopTone = () => {
        keyTones.delete(stopTone);
        release(nodes);
        update();
      };
      const oscillator = nodes[1] as OscillatorNode;
      oscillator.onended = stopTone;
      for (const node of nodes.slice(1) as OscillatorNode[]) {
        node.start(t);
        node.stop(end);
      }
      keyTones.add(stopTone);
    },

    setEnabled(sound, on) {
      enabled[sound] = on;
      if (!on && sound !== 'dtmf') player.stop(sound);
    },

    get sinkId() {
      return sinkId;
    },

    async setSinkId(id) {
      const elements = [(streamElement ??= createAudio())];
      for (const { element } of loops.values()) if (element) elements.push(element);
      if (elements.some((e) => typeof e.setSinkId !== 'function')) {
        throw new HandsetError('unsupported', 'This browser cannot choose the audio output (no HTMLMediaElement.setSinkId).');
      }
      await Promise.all(elements.map((e) => e.setSinkId(id)));
      sinkId = id;
    },

    getSnapshot: () => snapshot,
    subscribe: (listener) => hub.on('change', listener),

    dispose() {
      player.stop();
      listen(false);
      hub.close();
      context?.removeEventListener('statechange', update);
      out?.disconnect();
      destination?.disconnect();
      // The destination's track stays live until stopped, even with the context closed.
      for (const track of destination?.stream.getTracks() ?? []) track.stop();
      out = destination = undefined;
      streamElement?.pause();
      if (streamElement) streamElement.srcObject = null;
    },
  };
  return player;
}
