import type { Call } from '../../call/Call';
import { HandsetError } from '../../errors/HandsetError';
import { newContext } from './context';
import { needsMedia, routeOf } from './micRoute';

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
