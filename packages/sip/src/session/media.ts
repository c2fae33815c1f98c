import type { LineEnvironment } from '@handset/core';
import type { Session, SessionDescriptionHandlerFactory, UserAgent } from 'sip.js';
// Not the root's `Web` namespace: bundlers keep all of it (SimpleUser, SessionManager: +6.5 kB gzip, measured).
import { defaultPeerConnectionConfiguration, SessionDescriptionHandler } from 'sip.js/lib/platform/web/index.js';

/** What one call asks of its media: set before SIP.js creates the call's session description handler. */
export interface CallMediaPlan {
  readonly iceServers: readonly RTCIceServer[];
  readonly relayOnly: boolean;
  /** A stream the app gave; otherwise the core opens the microphone. */
  readonly localStream?: MediaStream;
  /** The handler a warm start made ahead (`warmStart.ts`): the microphone open, ICE gathered into its pool. */
  readonly warm?: SessionDescriptionHandler;
}

export interface MediaFactoryInit {
  readonly env: () => LineEnvironment | null;
  readonly plan: (session: Session) => CallMediaPlan | undefined;
  readonly defaultIceServers: readonly RTCIceServer[];
  readonly iceGatheringTimeoutMs: number;
}

/**
 * SIP.js's Web session description handler, with the microphone coming from the core
 * (`env.getLocalStream`, which owns device choice and the permission timeout) and the ICE
 * configuration chosen per call.
 */
export function createSessionDescriptionHandlerFactory(init: MediaFactoryInit): SessionDescriptionHandlerFactory {
  return (session) => {
    const plan = init.plan(session);
    if (plan?.warm) return plan.warm;
    const mediaStreamFactory = async (constraints: MediaStreamConstraints): Promise<MediaStream> => {
      if (plan?.localStream) return plan.localStream;
      const env = init.env();
      if (!env) throw new Error('The line has not been started.');
      return env.getLocalStream({ audio: constraints.audio ?? true, video: constraints.video ?? false });
    };
    return new SessionDescriptionHandler(session.userAgent.getLogger(handlerLog), mediaStreamFactory, {
      iceGatheringTimeout: init.iceGatheringTimeoutMs,
      peerConnectionConfiguration: peerConfiguration(plan?.iceServers ?? init.defaultIceServers, plan?.relayOnly ?? false),
    });
  };
}

const handlerLog = 'sip.SessionDescriptionHandler';

function peerConfiguration(iceServers: readonly RTCIceServer[], relayOnly: boolean, iceCandidatePoolSize = 0): RTCConfiguration {
  return {
    ...defaultPeerConnectionConfiguration(),
    iceServers: [...iceServers],
    iceTransportPolicy: relayOnly ? 'relay' : 'all',
    iceCandidatePoolSize,
  };
}

/**
 * A handler made before its call (a warm start): its peer connection exists now and, with a candidate pool,
 * gathers ICE at once; its microphone is `stream`, already opening. The call's offer then finds both ready.
 */
export function warmHandler(
  ua: UserAgent,
  stream: Promise<MediaStream>,
  plan: CallMediaPlan,
  iceGatheringTimeoutMs: number,
): SessionDescriptionHandler {
  return new SessionDescriptionHandler(ua.getLogger(handlerLog), () => stream, {
    iceGatheringTimeout: iceGatheringTimeoutMs,
    peerConnectionConfiguration: peerConfiguration(plan.iceServers, plan.relayOnly, 1),
  });
}

/** What a call (or an answer) chose for its media, else the line's defaults. */
export function mediaPlan(
  choice: { readonly iceServers?: readonly RTCIceServer[]; readonly forceRelayCandidate?: boolean; readonly localStream?: MediaStream },
  defaults: { readonly iceServers: readonly RTCIceServer[]; readonly forceRelayCandidate: boolean },
): CallMediaPlan {
  return {
    iceServers: choice.iceServers ?? defaults.iceServers,
    relayOnly: choice.forceRelayCandidate ?? defaults.forceRelayCandidate,
    ...(choice.localStream ? { localStream: choice.localStream } : {}),
  };
}
