/**
 * Plays a call's remote stream. Chromium decodes remote WebRTC audio only while something plays
 * it, so this is also what makes output levels and `low-inbound-audio` meaningful.
 */
export interface RemoteAudio {
  /** Plays on the given element or a new detached <audio>; resolves false when autoplay refused it. */
  play(stream: MediaStream): Promise<boolean>;
  /** The element playing, once `play` has run. */
  readonly element: HTMLMediaElement | undefined;
  stop(): void;
}

export function createRemoteAudio(element?: HTMLMediaElement): RemoteAudio {
  let audio: HTMLMediaElement | undefined = element;
  return {
    async play(stream) {
      audio ??= new Audio();
      audio.autoplay = true;
      audio.srcObject = stream;
      try {
        await audio.play();
        return true;
      } catch (error) {
        const name = (error as Error).name;
        if (name === 'NotAllowedError') return false;
        if (name === 'AbortError') return true; // interrupted by our own stop(): nothing to report
        throw error;
      }
    },
    get element() {
      return audio;
    },
    stop() {
      if (!audio) return;
      audio.pause();
      audio.srcObject = null;
      if (audio !== element) audio = undefined;
    },
  };
}
