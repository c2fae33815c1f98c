import type { Call } from '../call/Call';
import type { Devices } from '../devices/devices';
import { HandsetError } from '../errors/HandsetError';
import type { AudioContextHost } from '../levels/AudioContextHost';
import type { MediaSnapshot } from '../phone/PhoneMedia';
import { createSoundPlayer, type SoundPlayer, type SoundSource } from '../sounds/SoundPlayer';

export interface SoundOptions {
  readonly ringtone?: SoundSource | false;
  readonly ringback?: SoundSource | false;
  readonly keyTones?: boolean;
}

/** The ringtone player (on the ringtone device) and the call sounds player (ringback, key tones, on the speaker). */
export interface SoundPlayers {
  readonly ringtone: SoundPlayer;
  readonly call: SoundPlayer;
}

/** The media kit's sounds: two players made on first use, each on its own output, and what plays when. */
export interface CallSounds {
  readonly players: SoundPlayers;
  /** Runs a sound command; where the browser has no Web Audio it is reported in `store.media.audioError` instead of throwing. */
  play(command: (players: SoundPlayers) => void): void;
  /** Ringtone while any call is unanswered and incoming; ringback while an outgoing call rings without early media. */
  sync(calls: readonly Call[]): void;
  dispose(): void;
}

export function createCallSounds(
  audio: AudioContextHost,
  devices: Devices,
  options: SoundOptions,
  setMedia: (fields: Partial<MediaSnapshot>) => void,
): CallSounds {
  let players: SoundPlayers | undefined;
  const made = (): SoundPlayers => {
    if (players) return players;
    const context = () => audio.get();
    const ringtone = createSoundPlayer({
      context,
      ...(options.ringtone ? { ringtone: options.ringtone } : {}),
      enabled: { ringtone: options.ringtone !== false },
    });
    const call = createSoundPlayer({
      context,
      ...(options.ringback ? { ringback: options.ringback } : {}),
      enabled: { ringback: options.ringback !== false, dtmf: options.keyTones !== false },
    });
    devices.attachOutput(ringtone, 'ringtone');
    devices.attachOutput(call, 'speaker');
    // The ringtone player reports autoplay refusals.
    ringtone.subscribe((state) => setMedia({ ringtoneBlocked: state.blocked }));
    players = { ringtone, call };
    return players;
  };
  const sounds: CallSounds = {
    get players() {
      return made();
    },
    play(command) {
      try {
        command(made());
      } catch (cause) {
        setMedia({ audioError: (cause instanceof HandsetError ? cause : new HandsetError('unsupported', undefined, { cause })).toJSON() });
      }
    },
    sync(calls) {
      if (!players && calls.length === 0) return;
      sounds.play(({ ringtone, call }) => {
        if (calls.some((c) => c.state === 'incoming')) ringtone.play('ringtone');
        else ringtone.stop();
        if (calls.some((c) => c.state === 'ringing' && !c.snapshot.earlyMedia)) call.play('ringback');
        else call.stop('ringback');
      });
    },
    dispose() {
      players?.ringtone.dispose();
      players?.call.dispose();
    },
  };
  return sounds;
}
