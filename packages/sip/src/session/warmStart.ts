import type { LineEnvironment } from '@handset/core';
import { type Session, SessionState, type UserAgent } from 'sip.js';
import type { SessionDescriptionHandler } from 'sip.js/lib/platform/web/index.js';
import { type CallMediaPlan, warmHandler } from './media';

/** What a warm start holds for the next call. */
interface WarmSet {
  readonly handler: SessionDescriptionHandler;
  readonly stream: Promise<MediaStream>;
}

export interface WarmStartInit {
  readonly ua: () => UserAgent | null;
  readonly env: () => LineEnvironment | null;
  /** The line's own media plan: what a call that chose no media options asks for. */
  readonly defaults: CallMediaPlan;
  readonly iceGatheringTimeoutMs: number;
  /** How long a warm set waits for a call before it is released. */
  readonly boundMs: number;
}

/**
 * `Line.warmUp()` for SIP (the user is about to call): the microphone opened through the phone
 * (`env.getLocalStream`, so the media kit's device choice and permission handling apply, and the
 * browser's indicator honestly shows it open), and the next call's peer connection made, gathering ICE
 * into its candidate pool. The next call whose media asks for nothing but the defaults takes both; the
 * release, `boundMs` with no call, or `dispose()` stops what was not taken. One set at a time.
 */
export class WarmStart {
  readonly #init: WarmStartInit;
  #set: WarmSet | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(init: WarmStartInit) {
    this.#init = init;
  }

  /** Returns the release of the set now held (a second warm-up keeps the first set and restarts its bound). */
  warmUp(): () => void {
    const set = this.#set ?? this.#prepare();
    if (!set) return () => {};
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#drop(set), this.#init.boundMs);
    return () => this.#drop(set);
  }

  /**
   * The media plan of `session`, about to be set up: with the warm handler when the call asked for the line's
   * ICE configuration and the default microphone. Either way the set is spent: a call that could not use it
   * stops it (the user called; nothing is kept open for later).
   */
  take(session: Session, plan: CallMediaPlan, microphone: boolean | MediaTrackConstraints): CallMediaPlan {
    const set = this.#set;
    if (!set) return plan;
    this.#forget();
    const { defaults } = this.#init;
    const fits =
      microphone === true && !plan.localStream && plan.iceServers === defaults.iceServers && plan.relayOnly === defaults.relayOnly;
    if (!fits) {
      stop(set);
      return plan;
    }
    // The set ends with its session, also one that never made its media (answered 488, gone before the answer).
    session.stateChange.addListener((state) => state === SessionState.Terminated && stop(set));
    return { ...plan, warm: set.handler };
  }

  dispose(): void {
    if (this.#set) this.#drop(this.#set);
  }

  #prepare(): WarmSet | undefined {
    const ua = this.#init.ua();
    const env = this.#init.env();
    if (!ua || !env) return undefined;
    const stream = env.getLocalStream({ audio: true, video: false });
    const set: WarmSet = { handler: warmHandler(ua, stream, this.#init.defaults, this.#init.iceGatheringTimeoutMs), stream };
    // A microphone refused: nothing is kept; a call asks again (and fails as it would have without a warm start).
    stream.catch(() => this.#drop(set));
    this.#set = set;
    return set;
  }

  #drop(set: WarmSet): void {
    if (this.#set !== set) return;
    this.#forget();
    stop(set);
  }

  #forget(): void {
    this.#set = undefined;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

function stop(set: WarmSet): void {
  set.handler.close();
  set.stream.then(
    (stream) => {
      for (const track of stream.getTracks()) track.stop();
    },
    () => {},
  );
}
