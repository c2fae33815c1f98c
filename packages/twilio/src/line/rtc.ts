import type { AcceptRequest } from '@handset/core';
import { microphoneConstraints } from '@handset/core/line-kit';

/** What the SDK's `accept()` and `connect()` take for the peer connection and the microphone. */
export interface RtcOptions {
  rtcConfiguration?: RTCConfiguration;
  rtcConstraints?: MediaStreamConstraints;
}

/** ICE servers, relay-only, the microphone and its constraints, as the SDK takes them; nothing where the SDK's defaults stand. */
export function rtcOptions({
  iceServers,
  forceRelayCandidate,
  micId,
  audio,
}: Pick<AcceptRequest, 'iceServers' | 'forceRelayCandidate' | 'micId'> & { audio?: AcceptRequest['audio'] }): RtcOptions {
  const constraints = microphoneConstraints(audio, micId);
  return {
    ...((iceServers || forceRelayCandidate) && {
      rtcConfiguration: { ...(iceServers && { iceServers: [...iceServers] }), ...(forceRelayCandidate && { iceTransportPolicy: 'relay' }) },
    }),
    ...(typeof constraints === 'object' && { rtcConstraints: { audio: constraints } }),
  };
}
