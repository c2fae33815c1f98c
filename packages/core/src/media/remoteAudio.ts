/**
 * Plays a call's remote stream. Chromium decodes remote WebRTC audio only while something plays
 * it, so this is also what makes output levels and `low-inbound-audio` meaningful.
 */
export interface RemoteAudio {
  /** Plays on the given element or a new detached <audio>; resolves false when autoplay refused it. */
  play(stream: MediaStream): Promise<boolean>;
  setSinkId(deviceId: string): Promise<void>;
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
        if ((error as Error).name === 'NotAllowedError') return false;
        throw error;
      }
    },
    async setSinkId(deviceId) {
      const target = audio as (HTMLMediaElement & { setSinkId?(id: string): Promise<void> }) | undefined;
      await target?.setSinkId?.(deviceId);
    },
    stop() {
      if (!audio) return;
      audio.pause();
      audio.srcObject = null;
      if (audio !== element) audio = undefined;
    },
  };
}
