import { playRemote } from './playRemote';

/** Without the core's media kit, the line plays the far side itself so that a bare phone is audible. */
export class RemotePlayback {
  #audio: HTMLAudioElement | undefined;

  play(stream: MediaStream): void {
    if (typeof Audio === 'undefined') return;
    this.#audio ??= new Audio();
    if (this.#audio.srcObject === stream) return;
    this.#audio.autoplay = true;
    playRemote(this.#audio, stream);
  }

  stop(): void {
    if (!this.#audio) return;
    this.#audio.pause();
    this.#audio.srcObject = null;
    this.#audio = undefined;
  }
}
