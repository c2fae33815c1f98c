import { HandsetError, isHandsetError } from '../errors/HandsetError';
import { mediaError } from '../errors/mediaErrors';
import { toMediaError } from '../media/getUserMedia';
import type { DeviceState } from './deviceState';
import type { AudioOutput, SinkTarget } from './types';

const selection = (output: AudioOutput) => (output === 'speaker' ? 'speakerId' : 'ringtoneSpeakerId');

/**
 * The chosen speakers on every attached output (elements, audio contexts, sound players): the call's speaker
 * and the ringtone's, each moved on a new selection or back to the default when its device is pulled.
 */
export class Speakers {
  readonly #outputs = new Map<SinkTarget, AudioOutput>();

  constructor(private readonly state: DeviceState) {}

  get size(): number {
    return this.#outputs.size;
  }

  attach(target: SinkTarget, output: AudioOutput): () => void {
    this.#outputs.set(target, output);
    if (this.state.current().sinkSupported) void this.#apply(target, output);
    return () => void this.#outputs.delete(target);
  }

  async select(output: AudioOutput, deviceId: string | null, name: string): Promise<void> {
    if (!this.state.current().sinkSupported) {
      throw new HandsetError(
        'unsupported',
        `${name}(): this browser cannot choose the audio output (no setSinkId); hide the speaker picker.`,
      );
    }
    await this.state.validate('speakers', deviceId, name);
    this.state.set({ [selection(output)]: deviceId });
    this.state.persist();
    await this.move(output, 'selected');
  }

  /** Moves every output of this kind to the chosen device; tells when at least one moved. */
  async move(output: AudioOutput, reason: 'unplugged' | 'selected'): Promise<void> {
    const targets = [...this.#outputs].filter(([, o]) => o === output).map(([t]) => t);
    if (!targets.length) return;
    const results = await Promise.all(targets.map((t) => this.#apply(t, output)));
    const deviceId = this.state.current()[selection(output)] ?? '';
    if (results.some(Boolean)) this.state.send({ type: 'speaker-changed', reason, output, deviceId });
  }

  dispose(): void {
    this.#outputs.clear();
  }

  /** One output onto the chosen device; a refusal is reported (non-fatal: it keeps playing where it was). */
  async #apply(target: SinkTarget, output: AudioOutput): Promise<boolean> {
    const id = this.state.current()[selection(output)] ?? '';
    if (target.sinkId === id || (!id && target.sinkId === undefined)) return true;
    try {
      await target.setSinkId(id);
      return true;
    } catch (error) {
      const named = (error as { name?: string } | null)?.name ?? 'Error';
      const handsetError = mediaError(
        isHandsetError(error) ? error.code : toMediaError(error).code,
        `The ${output} output could not be moved to device ${JSON.stringify(id)} (${named}); it keeps playing where it was.`,
        { cause: error },
      );
      this.state.set({ error: handsetError.toJSON() });
      this.state.send({ type: 'speaker-error', output, error: handsetError });
      return false;
    }
  }
}
