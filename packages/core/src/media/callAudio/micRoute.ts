import type { Call } from '../../call/Call';
import type { SenderLike } from '../../devices/devices';
import { HandsetError } from '../../errors/HandsetError';

/**
 * The one audio sender of a call, with the microphone track apart from what is sent. The devices module
 * swaps the microphone (hot-plug, a new selection) through `routeSender()`; while a playback sends a
 * mixed track instead, the new microphone goes into the mix and the sender keeps the mix.
 */
interface MicRoute {
  readonly sender: SenderLike;
  mic: MediaStreamTrack | null;
  /** The track sent instead of the microphone (a playback's mix), if any. */
  override: MediaStreamTrack | null;
  readonly micListeners: Set<(track: MediaStreamTrack | null) => void>;
}

const routes = new WeakMap<Call, MicRoute>();

function audioSender(call: Call): RTCRtpSender | undefined {
  const pc = call.peerConnection;
  return (
    pc?.getSenders().find((s) => s.track?.kind === 'audio') ?? pc?.getTransceivers().find((t) => t.receiver.track.kind === 'audio')?.sender
  );
}

export function routeOf(call: Call, sender?: SenderLike): MicRoute | undefined {
  let route = routes.get(call);
  const found = sender ?? audioSender(call);
  if ((!route || (sender && route.sender !== sender)) && found) {
    route = { sender: found, mic: found.track, override: null, micListeners: new Set() };
    routes.set(call, route);
  }
  return route;
}

/**
 * What the media kit gives the devices module instead of the call's sender: its `track` is the
 * microphone and `replaceTrack` swaps the microphone, on the sender or inside a playing mix.
 */
export function routeSender(call: Call, sender: SenderLike): SenderLike {
  const route = routeOf(call, sender) as MicRoute;
  return {
    get track() {
      return route.mic;
    },
    async replaceTrack(track) {
      const previous = route.mic;
      if (!route.override) await route.sender.replaceTrack(track);
      route.mic = track;
      if (track !== previous) for (const listener of route.micListeners) listener(track);
    },
  };
}

export function needsMedia(call: Call, what: string): never {
  throw new HandsetError(
    'invalid-state',
    `${what} needs the call's media: wait for its 'media' or 'accept' event (the call is ${call.state}).`,
  );
}
