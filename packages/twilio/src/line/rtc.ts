import type { AcceptRequest } from '@handset/core';

/** What the SDK's `accept()` and `connect()` take for the peer connection and the microphone. */
export interface RtcOptions {
  rtcConfiguration?: RTCConfiguration;
  rtcConstraints?: MediaStreamConstraints;
}

/** ICE servers, relay-only, the microphone and its constraints, as the SDK takes them. */
export function rtcOptions(
  request: Pick<AcceptRequest, 'iceServers' | 'forceRelayCandidate' | 'micId'> & { audio?: AcceptRequest['audio'] },
): RtcOptions {
  const options: RtcOptions = {};
  if (request.iceServers || request.forceRelayCandidate) {
    options.rtcConfiguration = {
      ...(request.iceServers ? { iceServers: [...request.iceServers] } : {}),
      ...(request.forceRelayCandidate ? { iceTransportPolicy: 'relay' } : {}),
    };
  }
  const audio = request.audio === undefined || request.audio === true ? {} : request.audio;
  if (audio === false) return options;
  if (request.micId || Object.keys(audio).length > 0) {
    options.rtcConstraints = { audio: { ...audio, ...(request.micId ? { deviceId: { exact: request.micId } } : {}) } };
  }
  return options;
}
