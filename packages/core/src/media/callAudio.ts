import type { Call } from '../call/Call';
import { controllerOf } from '../call/internals';
import type { SenderLike } from '../devices/devices';
import { HandsetError } from '../errors/HandsetError';
import { levelFromDecibels } from '../levels/decibels';
import { createLevelMeter, type LevelMeter } from '../levels/LevelMeter';

/**
 * Browser call audio beyond playing and metering: recording (`record`), audio played into the call
 * (`startPlayback`, hold music or a recorded message) and voice activity (`detectVoice`, Voximplant's `vad()`).
 */

// ---- the microphone route: who owns the sender's track ----

/**
 * The one audio sender of a call, with the microphone track apart from what is sent. The devices module
 * swaps the microphone (hot-plug, a new selection) through `routeSender()`; while a playback sends a
 * mixed track instead, the new microphone goes into the mix and the sender keeps the mix.
 */
interface MicRoute {
  readonly sender: SenderLike;
  mic: MediaStreamTrack | null;
  /** The track sent instead of the microphone (a playback's mix), if any. */
  override: MediaStreamTrack | null;
  readonly micListeners: Set<(track: MediaStreamTrack | null) => void>;
}

const routes = new WeakMap<Call, MicRoute>();

function audioSender(call: Call): RTCRtpSender | undefined {
  const pc = call.peerConnection;
  return (
    pc?.getSenders().find((s) => s.track?.kind === 'audio') ?? pc?.getTransceivers().find((t) => t.receiver.track.kind === 'audio')?.sender
  );
}

function routeOf(call: Call, sender?: SenderLike): MicRoute | undefined {
  let route = routes.get(call);
  const found = sender ?? audioSender(call);
  if ((!route || (sender && route.sender !== sender)) && found) {
    route = { sender: found, mic: found.track, override: null, micListeners: new Set() };
    routes.set(call, route);
  }
  return route;
}

/**
 * What the media kit gives the devices module instead of the call's sender: its `track` is the
 * microphone and `replaceTrack` swaps the microphone, on the sender or inside a playing mix.
 */
export function routeSender(call: Call, sender: SenderLike): SenderLike {
  const route = routeOf(call, sender) as MicRoute;
  return {
    get track() {
      return route.mic;
    },
    async replaceTrack(track) {
      const previous = route.mic;
      if (!route.override) await route.sender.replaceTrack(track);
      route.mic = track;
      if (track !== previous) for (const listener of route.micListeners) listener(track);
    },
  };
}

function needsMedia(call: Call, what: string): never {
  throw new HandsetError(
    'invalid-state',
    `${what} needs the call's media: wait for its 'media' or 'accept' event (the call is ${call.state}).`,
  );
}

// ---- playback into the call ----

export interface PlaybackOptions {
  /** Start again at the end (an URL or an AudioBuffer; a stream plays as long as it lasts). Default false. */
  readonly loop?: boolean;
  /** Keep the microphone in the call and add the audio (true, the default), or send the audio alone (false: hold music). */
  readonly mix?: boolean;
  /** Gain of the played audio, 0..2. Default 1. */
  readonly volume?: number;
  /** Where the mix is made; default a context of its own, closed when the playback stops. The media kit passes its own. */
  readonly context?: AudioContext;
}

export type PlaybackSource = string | MediaStream | AudioBuffer;

export interface Playback {
  readonly playing: boolean;
  /** Resolves when it stops: `stop()`, the end of a non-looping source, another playback, or the end of the call. */
  readonly ended: Promise<void>;
  /** Puts the microphone back on the call (muted if the call is muted) and releases the audio nodes. */
  stop(): Promise<void>;
}

const playbacks = new WeakMap<Call, Playback>();

/**
 * Plays audio into a call (Voximplant's `startPlayback(url, { loop })`): an URL of a file the browser can
 * decode, a MediaStream (e.g. a tone), or an AudioBuffer. The audio is mixed with the microphone through
 * Web Audio (`mix`, the default) or replaces it; the call's sender gets the mixed track with
 * `RTCRtpSender.replaceTrack`, so the far side hears it, and gets the microphone back at `stop()`.
 * Microphone changes (unplugging, a new selection) during the playback go into the mix. Muting the call
 * mutes what it sends, playback included. One playback per call: a new one stops the previous.
 */
export async function startPlayback(call: Call, source: PlaybackSource, options: PlaybackOptions = {}): Promise<Playback> {
  const route = routeOf(call);
  if (!route || call.state === 'ended') needsMedia(call, 'startPlayback()');
  if (options.volume !== undefined && !(options.volume >= 0 && options.volume <= 2)) {
    throw new HandsetError('invalid-option', `startPlayback(): volume must be from 0 to 2; got ${String(options.volume)}.`);
  }
  await playbacks.get(call)?.stop();
  const context = options.context ?? newContext();
  const owned = !options.context;
  const cleanup: Array<() => void> = [];
  try {
    if (context.state === 'suspended') await context.resume().catch(() => {});
    const destination = context.createMediaStreamDestination();
    destination.channelCount = 1;
    const gain = new GainNode(context, { gain: options.volume ?? 1 });
    gain.connect(destination);
    let finished: () => void = () => {};
    const ended = new Promise<void>((resolve) => {
      finished = resolve;
    });
    if (typeof source === 'string' || source instanceof AudioBuffer) {
      const buffer = typeof source === 'string' ? await fetchAudio(context, source) : source;
      const node = new AudioBufferSourceNode(context, { buffer, loop: options.loop ?? false });
      node.connect(gain);
      node.onended = () => void playback.stop();
      node.start();
      cleanup.push(() => {
        node.onended = null;
        try {
          node.stop();
        } catch {}
        node.disconnect();
      });
    } else if (source instanceof MediaStream && source.getAudioTracks().length) {
      const node = context.createMediaStreamSource(source);
      node.connect(gain);
      const track = source.getAudioTracks()[0] as MediaStreamTrack;
      const onEnded = () => void playback.stop();
      track.addEventListener('ended', onEnded);
      cleanup.push(() => {
        track.removeEventListener('ended', onEnded);
        node.disconnect();
      });
    } else {
      throw new HandsetError(
        'invalid-option',
        'startPlayback(): the source must be an URL, an AudioBuffer or a MediaStream with an audio track.',
      );
    }
    if (options.mix !== false) {
      let micNode: MediaStreamAudioSourceNode | undefined;
      const useMic = (track: MediaStreamTrack | null) => {
        micNode?.disconnect();
        micNode = track ? context.createMediaStreamSource(new MediaStream([track])) : undefined;
        micNode?.connect(destination);
      };
      useMic(route.mic);
      route.micListeners.add(useMic);
      cleanup.push(() => {
        route.micListeners.delete(useMic);
        micNode?.disconnect();
      });
    }
    const mixed = destination.stream.getAudioTracks()[0] as MediaStreamTrack;
    mixed.enabled = !call.isMuted();
    route.override = mixed;
    await route.sender.replaceTrack(mixed);
    let playing = true;
    const offEnded = call.on('ended', () => void playback.stop());
    const playback: Playback = {
      get playing() {
        return playing;
      },
      ended,
      async stop() {
        if (!playing) return ended;
        playing = false;
        offEnded();
        if (playbacks.get(call) === playback) playbacks.delete(call);
        if (route.override === mixed) {
          route.override = null;
          if (route.mic) route.mic.enabled = !call.isMuted();
          if (call.state !== 'ended') await route.sender.replaceTrack(route.mic).catch(() => {});
        }
        for (const release of cleanup) release();
        gain.disconnect();
        mixed.stop();
        if (owned) await context.close().catch(() => {});
        finished();
      },
    };
    playbacks.set(call, playback);
    return playback;
  } catch (error) {
    for (const release of cleanup) release();
    if (owned) void context.close().catch(() => {});
    throw error instanceof HandsetError
      ? error
      : new HandsetError('unsupported', `startPlayback(): the audio could not be played (${String(error)}).`, { cause: error });
  }
}

/** Voximplant's `stopPlayback()`: stops the call's playback, if any. */
export function stopPlayback(call: Call): Promise<void> {
  return playbacks.get(call)?.stop() ?? Promise.resolve();
}

async function fetchAudio(context: AudioContext, url: string): Promise<AudioBuffer> {
  const response = await fetch(url);
  if (!response.ok) throw new HandsetError('invalid-option', `startPlayback(): ${url} answered ${response.status}.`);
  return context.decodeAudioData(await response.arrayBuffer());
}

function newContext(): AudioContext {
  if (typeof AudioContext !== 'function')
    throw new HandsetError('unsupported', 'Web Audio (AudioContext) is not available in this browser.');
  return new AudioContext();
}

// ---- recording ----

export type RecordingState = 'recording' | 'stopped';

export interface RecordOptions {
  /** The call's own audio on the left channel and the far side on the right (Call Control's `dual`); default mixed mono. Ignored with one track. */
  readonly stereo?: boolean;
  /**
   * Call Control's `record_track`: `both` (default), `inbound` (what the call receives: the far side) or
   * `outbound` (what it sends: our microphone and playback). One track is recorded mono.
   */
  readonly track?: 'both' | 'inbound' | 'outbound';
  /** Call Control's `record_max_length`: stops by itself after this many seconds (0 to 43200; 0, the default, is no limit). */
  readonly maxLengthSecs?: number;
  /**
   * Call Control's `record_timeout_secs`: stops by itself after this many seconds of silence (0 to 43200; 0, the
   * default, never), counted only once voice was heard. Voice as `detectVoice` hears it (-50 dBFS) in what is recorded.
   */
  readonly silenceTimeoutSecs?: number;
  /** Call Control's `record_custom_file_name` (1-40 characters, no slash or control character): the recording is a File of that name. */
  readonly fileName?: string;
  /** Default: `audio/webm;codecs=opus` where supported, else the browser's choice. */
  readonly mimeType?: string;
  readonly audioBitsPerSecond?: number;
  /** Where the mix is made; default a context of its own, closed at the end. The media kit passes its own. */
  readonly context?: AudioContext;
}

export interface Recording {
  readonly state: RecordingState;
  readonly mimeType: string;
  /**
   * Stops (if still recording) and resolves with the whole recording (a File with `fileName`). It also stops by
   * itself when the call ends, at `maxLengthSecs` or after `silenceTimeoutSecs`; `stop()` then gives the same recording.
   */
  stop(): Promise<Blob>;
  /** State changes; the call also emits `recording` with the state while it lasts. Returns the unsubscribe. */
  subscribe(listener: (state: RecordingState) => void): () => void;
}

const refuse = (what: string, value: unknown): never => {
  throw new HandsetError(
    'invalid-option',
    `record(): ${what}; got ${typeof value === 'string' ? JSON.stringify(value.slice(0, 50)) : String(value)}.`,
  );
};
const checkSeconds = (name: string, value: unknown) =>
  value === undefined || (typeof value === 'number' && value >= 0 && value <= 43200) || refuse(`${name} must be 0-43200 seconds`, value);

/**
 * Records a call in the browser with MediaRecorder: what the call sends (the microphone, and any playback)
 * and what it receives (`track`), mixed through Web Audio into one channel, or one per channel with `stereo`.
 * Throws `invalid-option` for a bad option, `unsupported` where MediaRecorder is missing and `invalid-state`
 * before the call has media; nothing is started then.
 */
export function record(call: Call, options: RecordOptions = {}): Recording {
  const { track = 'both', maxLengthSecs, silenceTimeoutSecs, fileName } = options;
  if (track !== 'both' && track !== 'inbound' && track !== 'outbound') refuse('track must be both, inbound or outbound', track);
  checkSeconds('maxLengthSecs', maxLengthSecs);
  checkSeconds('silenceTimeoutSecs', silenceTimeoutSecs);
  if (fileName !== undefined && !(typeof fileName === 'string' && /^[^/\\\p{Cc}]{1,40}$/u.test(fileName))) {
    refuse('fileName must be 1-40 characters, no slash or control character', fileName);
  }
  if (typeof MediaRecorder !== 'function') {
    throw new HandsetError(
      'unsupported',
      'record(): this browser has no MediaRecorder, so calls cannot be recorded here; hide the record button.',
    );
  }
  const local = track === 'inbound' ? undefined : (routeOf(call)?.sender.track ?? call.getLocalStream()?.getAudioTracks()[0]);
  const remote = track === 'outbound' ? undefined : call.getRemoteStream()?.getAudioTracks()[0];
  if (call.state === 'ended' || (!local && !remote)) needsMedia(call, 'record()');
  const context = options.context ?? newContext();
  const owned = !options.context;
  const destination = context.createMediaStreamDestination();
  const stereo = options.stereo === true && track === 'both';
  destination.channelCount = stereo ? 2 : 1;
  const merger = stereo ? context.createChannelMerger(2) : undefined;
  merger?.connect(destination);
  /** What the silence timeout listens to: the recording itself, or a mono mix of it when stereo (a meter hears one channel). */
  const heard = silenceTimeoutSecs ? (stereo ? context.createMediaStreamDestination() : destination) : undefined;
  if (heard) heard.channelCount = 1;
  const sources = [local, remote].map((input, channel) => {
    if (!input) return undefined;
    const node = context.createMediaStreamSource(new MediaStream([input]));
    if (merger) node.connect(merger, 0, channel);
    else node.connect(destination);
    if (heard && heard !== destination) node.connect(heard);
    return node;
  });
  const mimeType = options.mimeType ?? (MediaRecorder.isTypeSupported?.('audio/webm;codecs=opus') ? 'audio/webm;codecs=opus' : undefined);
  const recorder = new MediaRecorder(destination.stream, {
    ...(mimeType ? { mimeType } : {}),
    ...(options.audioBitsPerSecond ? { audioBitsPerSecond: options.audioBitsPerSecond } : {}),
  });
  const chunks: Blob[] = [];
  const listeners = new Set<(state: RecordingState) => void>();
  const release: Array<() => void> = [];
  let state: RecordingState = 'recording';
  recorder.ondataavailable = (event) => {
    if (event.data.size) chunks.push(event.data);
  };
  const blob = new Promise<Blob>((resolve) => {
    recorder.onstop = () => {
      for (const node of sources) node?.disconnect();
      merger?.disconnect();
      for (const output of [destination, heard]) for (const each of output?.stream.getTracks() ?? []) each.stop();
      if (owned) void context.close().catch(() => {});
      const type = recorder.mimeType || mimeType || 'audio/webm';
      resolve(fileName ? new File(chunks, fileName, { type }) : new Blob(chunks, { type }));
    };
  });
  const setState = (next: RecordingState) => {
    state = next;
    controllerOf(call).report('recording', next);
    for (const listener of listeners) listener(next);
  };
  const stop = (): Promise<Blob> => {
    if (state === 'recording') {
      for (const undo of release) undo();
      setState('stopped');
      if (recorder.state !== 'inactive') recorder.stop();
    }
    return blob;
  };
  release.push(call.on('ended', () => void stop()));
  if (maxLengthSecs) {
    const timer = setTimeout(stop, maxLengthSecs * 1000);
    release.push(() => clearTimeout(timer));
  }
  if (heard) {
    const meter = createLevelMeter({ context, track: heard.stream.getAudioTracks()[0] as MediaStreamTrack });
    const voice = detectVoice(meter, { hangMs: (silenceTimeoutSecs as number) * 1000 });
    let spoken = false;
    voice.subscribe((speaking) => {
      if (speaking) spoken = true;
      else if (spoken) void stop();
    });
    release.push(() => {
      voice.stop();
      meter.dispose();
    });
  }
  if (context.state === 'suspended') void context.resume().catch(() => {});
  recorder.start(1000);
  queueMicrotask(() => state === 'recording' && setState('recording'));
  return {
    get state() {
      return state;
    },
    get mimeType() {
      return recorder.mimeType || mimeType || '';
    },
    stop,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

// ---- voice activity ----

export interface VoiceActivityOptions {
  /**
   * The level that counts as voice, in dBFS. Default -50 dBFS (level 0.71 on the meter's scale, where
   * -100 dBFS is 0 and -30 dBFS is 1): above room noise from a typical headset, below quiet speech.
   */
  readonly thresholdDb?: number;
  /**
   * Hang time: how long the level must stay under the threshold before `silence` (so pauses between
   * words do not flicker). Default 400 ms. `speaking` comes on the first reading over the threshold.
   */
  readonly hangMs?: number;
  /** Clock, for tests. Default `performance.now()`. */
  readonly now?: () => number;
}

export interface VoiceActivity {
  /** null until the first decision: `speaking`, or `silence` after a hang time under the threshold. */
  readonly speaking: boolean | null;
  subscribe(listener: (speaking: boolean) => void): () => void;
  stop(): void;
}

/**
 * Voice activity from a level meter (Voximplant's `vad()`): `speaking` as soon as a reading reaches the
 * threshold, `silence` once readings stayed under it for the hang time (also at the start, so a silent
 * microphone is reported). With the media kit, `kit.detectVoice(call)` reports the call's `speaking` and
 * `silence` events from its microphone.
 */
export function detectVoice(meter: Pick<LevelMeter, 'subscribe'>, options: VoiceActivityOptions = {}): VoiceActivity {
  const threshold = levelFromDecibels(options.thresholdDb ?? -50);
  const hangMs = options.hangMs ?? 400;
  const now = options.now ?? (() => performance.now());
  const listeners = new Set<(speaking: boolean) => void>();
  let speaking: boolean | null = null;
  let quietSince = now();
  /** A meter delivers only changes, so a steady quiet level may bring no reading at the end of the hang time. */
  let hangTimer: ReturnType<typeof setTimeout> | undefined;
  const decide = (next: boolean) => {
    if (speaking === next) return;
    speaking = next;
    for (const listener of listeners) listener(next);
  };
  let loud = false;
  const off = meter.subscribe((level) => {
    clearTimeout(hangTimer);
    // A steady loud level brings no reading either: the hang time counts from the fall under the threshold.
    if (loud && level < threshold) quietSince = now();
    loud = level >= threshold;
    if (loud) decide(true);
    else if (speaking !== false) hangTimer = setTimeout(() => decide(false), Math.max(0, quietSince + hangMs - now()));
  });
  return {
    get speaking() {
      return speaking;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    stop() {
      off();
      clearTimeout(hangTimer);
      listeners.clear();
    },
  };
}
