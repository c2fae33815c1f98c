import type { Call } from '../call/Call';
import { controllerOf } from '../call/internals';
import { createDevices, type Devices, type DevicesOptions } from '../devices/devices';
import { HandsetError } from '../errors/HandsetError';
import { mediaError } from '../errors/mediaErrors';
import { type AudioContextHost, createAudioContextHost } from '../levels/AudioContextHost';
import { createLevelMeter, type LevelMeter } from '../levels/LevelMeter';
import type { CallQualitySnapshot, PhoneMedia, PhoneMediaHost } from '../phone/PhoneMedia';
import {
  detectVoice,
  type Playback,
  type PlaybackOptions,
  type PlaybackSource,
  type Recording,
  type RecordOptions,
  record,
  routeSender,
  startPlayback,
  stopPlayback,
  type VoiceActivity,
  type VoiceActivityOptions,
} from './callAudio';
import type { CallMedia } from './callMedia';
import { type QualityHost, type QualityOptions, startQuality } from './callQuality';
import { type CallSounds, createCallSounds, type SoundOptions, type SoundPlayers } from './callSounds';
import { followLineOwnedCall } from './lineOwnedMedia';
import { createRemoteAudio } from './remoteAudio';
import { type MediaStoreWriter, mediaStoreWriter } from './storeWriter';

export interface BrowserMediaOptions {
  /** Quality sampling (once a second per answered call); false turns it off. */
  readonly quality?: QualityOptions;
  /** Device lists and selection: `mediaDevices` and `storage` (opt-in persistence) are injectable; `timeoutMs` bounds an unanswered prompt. */
  readonly devices?: DevicesOptions;
  /** Generated (or your own) sounds; false turns one off. Ringback presets: 'us', 'uk', 'eu', 'ru'. */
  readonly sounds?: SoundOptions;
  readonly createAudioContext?: () => AudioContext;
}

export interface BrowserMedia extends PhoneMedia {
  /** The phone's one AudioContext (created on first use). */
  readonly audio: AudioContextHost;
  /** A level meter on any track: a microphone test before a call, or a call's own tracks. */
  meter(track: MediaStreamTrack): LevelMeter;
  /** The input (microphone) or output (far side) meter of a live call; null before its media exists. */
  callMeter(call: Call, side: 'input' | 'output'): LevelMeter | null;
  /** Plays blocked call audio again; call it from a click when `audioBlocked` is true. */
  resumeAudio(): Promise<void>;
  /** Microphones, speakers, permission and selection. */
  readonly devices: Devices;
  /** Keeps `store.media.devices` up to date while at least one caller watches; returns the stop. */
  watchDevices(): () => void;
  /** The ringtone player (on the ringtone device) and the call sounds player (ringback, key tones, on the speaker). */
  readonly sounds: SoundPlayers;
  /** `record()` on the phone's AudioContext: a Blob of the call at `stop()`; the call emits `recording`. */
  record(call: Call, options?: Omit<RecordOptions, 'context'>): Recording;
  /** `startPlayback()` on the phone's AudioContext: audio into the call, mixed with or replacing the microphone. */
  startPlayback(call: Call, source: PlaybackSource, options?: Omit<PlaybackOptions, 'context'>): Promise<Playback>;
  stopPlayback(call: Call): Promise<void>;
  /**
   * Voice activity on the call's microphone (Voximplant's `vad()`): the call emits `speaking` and `silence`
   * (threshold -50 dBFS and 400 ms hang time by default, see `detectVoice`). Stops at the end of the call.
   */
  detectVoice(call: Call, options?: VoiceActivityOptions): VoiceActivity;
}

/**
 * The browser media kit: `createPhone({ line, media: browserMedia() })`. It plays each call's
 * audio, meters levels, samples quality from getStats, and reports what the browser refuses.
 * Nothing happens until a call needs it; no browser global is touched at creation.
 */
export function browserMedia(options: BrowserMediaOptions = {}): BrowserMedia {
  let host: (PhoneMediaHost & MediaStoreWriter) | undefined;
  const calls = new Map<Call, CallMedia>();
  const audio = createAudioContextHost({
    ...(options.createAudioContext ? { createContext: options.createAudioContext } : {}),
    onResumeError: (cause) => host?.setMedia({ audioError: mediaError('audio-blocked', undefined, { cause }).toJSON() }),
    onStateChange: (state) => state === 'running' && host?.setMedia({ audioError: null }),
  });

  const devices = createDevices(options.devices);
  const sounds: CallSounds = createCallSounds(audio, devices, options.sounds ?? {}, (fields) => host?.setMedia(fields));
  /** The line plays its own sounds (`capabilities.sounds === 'line'`), or the kit plays them for the calls it has. */
  const syncSounds = () => host?.line.capabilities.sounds === 'line' || sounds.sync([...calls.keys()]);
  let watchers = 0;
  let stopWatching: (() => void) | undefined;

  const meterOf = (track: MediaStreamTrack | undefined) => (track ? createLevelMeter({ context: audio.get(), track }) : undefined);

  const quality: QualityHost = {
    options: options.quality,
    setQuality: (callId: string, snapshot: CallQualitySnapshot | null) => host?.setQuality(callId, snapshot),
    callMeter: (call: Call, side: 'input' | 'output') => kit.callMeter(call, side),
  };

  async function playRemote(media: CallMedia): Promise<void> {
    const stream = media.call.getRemoteStream();
    if (!stream || media.remote) return;
    const remote = (media.remote = createRemoteAudio(media.options.remoteElement));
    // Some lines (SIP) report the stream before its track arrives; play() would wait for ever.
    if (stream.getAudioTracks().length === 0) await new Promise((resolve) => stream.addEventListener('addtrack', resolve, { once: true }));
    if (!calls.has(media.call)) return;
    const played = await remote.play(stream);
    const { speakerId } = media.options;
    // A per-call speakerId (the call option) pins this call's audio; otherwise it follows the phone's speaker choice.
    if (remote.element && calls.has(media.call)) {
      if (speakerId) await remote.element.setSinkId?.(speakerId).catch(() => {});
      else media.detach.push(devices.attachOutput(remote.element, 'speaker'));
    }
    if (!played) host?.setMedia({ audioBlocked: true });
  }

  /** Keeps the call's microphone on the chosen device, through unplugging, with mute preserved. */
  function attachMicrophone(media: CallMedia): void {
    const sender = media.call.peerConnection?.getSenders().find((s) => s.track?.kind === 'audio');
    if (sender && media.detach.length === 0)
      media.detach.push(devices.attachSender(routeSender(media.call, sender), () => media.call.isMuted()));
  }

  function release(media: CallMedia): void {
    media.lineOwned?.release();
    media.monitor?.stop();
    media.stopVolume?.();
    media.input?.dispose();
    media.output?.dispose();
    media.remote?.stop();
    for (const detach of media.detach) detach();
    host?.setQuality(media.call.id, null);
  }

  const kit: BrowserMedia = {
    honours: ['speakerId'],
    audio,
    devices,
    get sounds() {
      return sounds.players;
    },
    watchDevices() {
      if (watchers++ === 0) {
        stopWatching = devices.subscribe((snapshot) => host?.setMedia({ devices: snapshot }));
        host?.setMedia({ devices: devices.getSnapshot() });
        void devices.refresh().catch(() => {});
      }
      return () => {
        if (--watchers === 0) stopWatching?.();
      };
    },
    attach(phoneHost) {
      host = { ...phoneHost, ...mediaStoreWriter(phoneHost) };
      const lineDevices = phoneHost.line.devices;
      // The SDK owns the media: the user's device choices (the selections in the kit's snapshot) are applied through it.
      if (lineDevices) {
        let chosen = devices.getSnapshot();
        devices.subscribe((next) => {
          const changes = (
            [
              ['microphone', 'microphoneId'],
              ['speaker', 'speakerId'],
              ['ringtone', 'ringtoneSpeakerId'],
            ] as const
          ).filter(([, key]) => next[key] !== chosen[key]);
          for (const [kind, key] of changes) void Promise.resolve(lineDevices.select(kind, next[key])).catch(() => {});
          chosen = next;
        });
      }
    },
    getLocalStream(constraints) {
      return devices.openMicrophone(typeof constraints.audio === 'object' ? constraints.audio : undefined);
    },
    addCall(call, callOptions) {
      const media: CallMedia = { call, options: callOptions, warnings: [], detach: [] };
      calls.set(call, media);
      if (host?.line.capabilities.media === 'line') {
        media.lineOwned = followLineOwnedCall(call, (quality) => host?.setQuality(call.id, quality));
        // An SDK that shows its peer connection (the line's `media` signal) is measured as the kit's own calls are.
        call.on('media', () => call.state === 'active' && startQuality(media, quality));
        call.on('state', (state) => {
          if (state === 'active') startQuality(media, quality);
          syncSounds();
        });
        call.on('ringing', () => syncSounds());
        syncSounds();
        return;
      }
      call.on('media', () => {
        attachMicrophone(media);
        void playRemote(media);
        if (call.state === 'active') startQuality(media, quality);
      });
      call.on('state', (state) => {
        if (state === 'active') startQuality(media, quality);
        syncSounds();
      });
      call.on('ringing', () => syncSounds());
      call.on('dtmfSent', (digit) => sounds.play((players) => players.call.keyTone(digit)));
      syncSounds();
    },
    acceptCall(call, acceptOptions) {
      const media = calls.get(call);
      if (media) media.options = acceptOptions;
    },
    endCall(call) {
      const media = calls.get(call);
      if (!media) return undefined;
      calls.delete(call);
      release(media);
      syncSounds();
      return { quality: media.lineOwned ? media.lineOwned.summary() : media.monitor ? media.monitor.summary() : null };
    },
    meter(track) {
      return createLevelMeter({ context: audio.get(), track });
    },
    record: (call, recordOptions) => record(call, { ...recordOptions, context: audio.get() }),
    startPlayback: (call, source, playbackOptions) => startPlayback(call, source, { ...playbackOptions, context: audio.get() }),
    stopPlayback,
    detectVoice(call, vadOptions) {
      const meter = kit.callMeter(call, 'input');
      if (!meter || call.state === 'ended') {
        throw new HandsetError(
          'invalid-state',
          `detectVoice() needs the call's microphone: wait for its 'media' event (the call is ${call.state}).`,
        );
      }
      const vad = detectVoice(meter, vadOptions);
      vad.subscribe((speaking) => controllerOf(call).report(speaking ? 'speaking' : 'silence'));
      calls.get(call)?.detach.push(() => vad.stop());
      return vad;
    },
    callMeter(call, side) {
      const media = calls.get(call);
      if (!media) return null;
      if (media.lineOwned) return media.lineOwned.meter(side);
      if (side === 'input') return (media.input ??= meterOf(call.getLocalStream()?.getAudioTracks()[0])) ?? null;
      return (media.output ??= meterOf(call.getRemoteStream()?.getAudioTracks()[0])) ?? null;
    },
    async resumeAudio() {
      await audio.resume();
      for (const media of calls.values()) {
        const stream = media.call.getRemoteStream();
        if (media.remote && stream && !(await media.remote.play(stream))) return;
      }
      host?.setMedia({ audioBlocked: false });
    },
    dispose() {
      for (const media of calls.values()) release(media);
      calls.clear();
      stopWatching?.();
      sounds.dispose();
      devices.dispose();
      void audio.close();
    },
  };
  return kit;
}
