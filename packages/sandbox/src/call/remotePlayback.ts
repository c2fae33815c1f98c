/**
 * Plays a call's far side: in the app's element, else (when the host asks for it) in an element of the leg's
 * own, because a softphone you cannot hear is no use.
 */
export class RemotePlayback {
  readonly #element: HTMLMediaElement | null;
  readonly #ownPlayer: boolean;
  /** The element made here when the app gave none. */
  #player: HTMLAudioElement | null = null;
  #stream: MediaStream | null = null;

  constructor(element: HTMLMediaElement | null, ownPlayer: boolean) {
    this.#element = element;
    this.#ownPlayer = ownPlayer;
  }

  play(stream: MediaStream): void {
    this.#stream = stream;
    if (this.#element) {
      // An element without autoplay would hold the stream and stay silent: start it (a media kit playing it too is harmless).
      if (this.#element.srcObject !== stream) this.#element.srcObject = stream;
      void this.#element.play().catch(() => {});
      return;
    }
    if (!this.#ownPlayer || typeof Audio !== 'function') return;
    this.#player ??= new Audio();
    this.#player.srcObject = stream;
    // Autoplay may refuse without a user gesture; the app can still play call.getRemoteStream() itself.
    void this.#player.play().catch(() => {});
  }

  /** Detaches the far side's stream; the app's element is left alone if it plays something else by now. */
  stop(): void {
    if (this.#element && this.#element.srcObject === this.#stream) this.#element.srcObject = null;
    if (this.#player) this.#player.srcObject = null;
  }
}
