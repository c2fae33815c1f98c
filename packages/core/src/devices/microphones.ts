import { isHandsetError } from '../errors/HandsetError';
import { getUserMediaWithTimeout } from '../media/getUserMedia';
import type { DeviceState } from './deviceState';
import type { SenderLike } from './types';

/**
 * The chosen microphone on every attached call sender: opened with the call's own constraints, swapped on a
 * new selection or when the device is pulled (falling back to the default), one swap at a time.
 */
export class Microphones {
  readonly #senders = new Map<SenderLike, { getMuted: () => boolean; unwatch: () => void }>();
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly state: DeviceState,
    /** Lists the devices again (the manager's `refresh`), after a track ended by itself. */
    private readonly refresh: () => Promise<unknown>,
  ) {}

  get size(): number {
    return this.#senders.size;
  }

  /** getUserMedia for one microphone (null: the default), optionally falling back to the default. */
  async open(deviceId: string | null, fallback: boolean, constraints?: MediaTrackConstraints): Promise<MediaStream> {
    const get = (id: string | null) =>
      getUserMediaWithTimeout(
        this.state.media(),
        { audio: id ? { ...constraints, deviceId: { exact: id } } : (constraints ?? true) },
        this.state.options.timeoutMs ?? 30_000,
      );
    try {
      return await get(deviceId);
    } catch (error) {
      if (!deviceId || !fallback || !(isHandsetError(error, 'media-not-found') || isHandsetError(error, 'media-constraints'))) throw error;
      return get(null);
    }
  }

  attach(sender: SenderLike, getMuted: () => boolean): () => void {
    this.#senders.get(sender)?.unwatch();
    this.#senders.set(sender, { getMuted, unwatch: this.#watch(sender, sender.track) });
    return () => {
      this.#senders.get(sender)?.unwatch();
      this.#senders.delete(sender);
    };
  }

  /** Gives each sender a fresh track of the device, keeping its mute state; stops the old tracks. */
  swap(reason: 'unplugged' | 'selected', deviceId: string | null, targets?: SenderLike[]): Promise<void> {
    return this.#serial(async () => {
      const chosen = (targets ?? [...this.#senders.keys()]).filter((s) => this.#senders.has(s));
      if (!chosen.length) return;
      // The new microphone keeps the call's own constraints (echoCancellation: false, say), on another device.
      const { deviceId: _old, ...kept } = chosen[0]?.track?.getConstraints?.() ?? {};
      const track = (await this.open(deviceId, reason === 'unplugged', Object.keys(kept).length ? kept : undefined)).getAudioTracks()[0]!;
      let used = false;
      for (const sender of chosen) {
        const entry = this.#senders.get(sender);
        if (!entry) continue;
        const next = used ? track.clone() : track;
        used = true;
        next.enabled = !entry.getMuted();
        const old = sender.track;
        try {
          await sender.replaceTrack(next);
        } catch (error) {
          next.stop();
          throw error;
        }
        entry.unwatch();
        entry.unwatch = this.#watch(sender, next);
        if (old !== next) old?.stop();
      }
      if (!used) track.stop();
      else this.state.send({ type: 'microphone-changed', reason, deviceId: track.getSettings?.().deviceId ?? deviceId ?? '' });
    }).catch((error) => {
      throw this.state.fail(error);
    });
  }

  dispose(): void {
    for (const { unwatch } of this.#senders.values()) unwatch();
    this.#senders.clear();
  }

  /** Runs swaps one after another, so a devicechange and a selection never race on a sender. */
  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => {});
    return run;
  }

  /** A track that ends by itself (its device was pulled, even the default one) is replaced. */
  #watch(sender: SenderLike, track: MediaStreamTrack | null): () => void {
    const onEnded = () =>
      void this.refresh()
        .catch(() => {})
        .then(() => (sender.track === track ? this.swap('unplugged', this.state.current().microphoneId, [sender]) : undefined))
        .catch(() => {});
    track?.addEventListener('ended', onEnded);
    return () => track?.removeEventListener('ended', onEnded);
  }
}
