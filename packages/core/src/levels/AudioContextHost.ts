import { HandsetError } from '../errors/HandsetError';

export interface AudioContextHostOptions {
  /** Default: `new AudioContext()`. */
  createContext?(): AudioContext;
  /** Where user gestures are heard; default the window (globalThis). */
  gestureTarget?: EventTarget;
  /** A resume the browser refused (rejected, or left the context suspended). Not fatal: the next gesture tries again. */
  onResumeError?(error: unknown): void;
  /** The context's state after each change ('suspended' means sounds and meters are silent). */
  onStateChange?(state: AudioContextState): void;
}

export interface AudioContextHost {
  /** The shared context, created on the first call. Throws HandsetError 'unsupported' without Web Audio. */
  get(): AudioContext;
  /** The context if it exists; never creates one. */
  readonly current: AudioContext | undefined;
  /** The last refused resume, cleared once the context runs. */
  readonly resumeError: unknown;
  /**
   * Resumes now (call it from a user gesture); true when running. Never rejects: refusals go to onResumeError.
   * Without user activation Chromium may leave the promise pending until a gesture: watch onStateChange.
   */
  resume(): Promise<boolean>;
  /** Closes the context and stops listening; a later get() makes a new one. */
  close(): Promise<void>;
}

/**
 * Pointer-down for mice, pointer-up for touch (touch pointerdown does not count as user activation
 * per the HTML spec), key-down for keyboards.
 */
const gestures = ['pointerdown', 'pointerup', 'keydown'];

/**
 * The phone's one AudioContext, created lazily (no browser global is touched at import, so server
 * rendering works). While it is suspended (autoplay policy), the next user gesture resumes it; the
 * gesture listeners exist only while it is suspended.
 */
export function createAudioContextHost(options: AudioContextHostOptions = {}): AudioContextHost {
  let context: AudioContext | undefined;
  let resumeError: unknown;
  let listening = false;
  const target = () => options.gestureTarget ?? (globalThis as unknown as EventTarget);

  const onGesture = () => void host.resume();
  const listen = (on: boolean) => {
    if (on === listening || typeof target().addEventListener !== 'function') return;
    listening = on;
    for (const type of gestures) {
      if (on) target().addEventListener(type, onGesture, { capture: true, passive: true });
      else target().removeEventListener(type, onGesture, { capture: true });
    }
  };
  const onStateChange = () => {
    const state = context!.state;
    if (state === 'running') resumeError = undefined;
    listen(state !== 'running' && state !== 'closed');
    options.onStateChange?.(state);
  };

  const host: AudioContextHost = {
    get() {
      if (context) return context;
      if (!options.createContext && typeof AudioContext !== 'function') {
        throw new HandsetError('unsupported', 'Web Audio (AudioContext) is not available in this environment.');
      }
      context = options.createContext?.() ?? new AudioContext();
      context.addEventListener('statechange', onStateChange);
      listen(context.state !== 'running');
      return context;
    },
    get current() {
      return context;
    },
    get resumeError() {
      return resumeError;
    },
    resume() {
      const ctx = host.get();
      if (ctx.state === 'running') return Promise.resolve(true);
      // Not deduplicated: a resume() without user activation may stay pending, and each gesture must try anew.
      return ctx
        .resume()
        .then(() => {
          if (ctx.state === 'running') return true;
          throw new DOMException(`The browser kept the AudioContext ${ctx.state}.`, 'NotAllowedError');
        })
        .catch((error: unknown) => {
          resumeError = error;
          options.onResumeError?.(error);
          return false;
        });
    },
    async close() {
      const ctx = context;
      context = undefined;
      listen(false);
      if (!ctx) return;
      ctx.removeEventListener('statechange', onStateChange);
      if (ctx.state !== 'closed') await ctx.close();
    },
  };
  return host;
}
