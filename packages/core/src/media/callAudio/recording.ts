import type { Call } from '../../call/Call';
import { controllerOf } from '../../call/internals';
import { HandsetError } from '../../errors/HandsetError';
import { createLevelMeter } from '../../levels/LevelMeter';
import { newContext } from './context';
import { needsMedia, routeOf } from './micRoute';
import { detectVoice } from './voiceActivity';

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
