import type { DialRequest } from '@handset/core';
import type { ICallOptions } from '@telnyx/webrtc';

/**
 * The call options this line honours (core names). Most reach the SDK under the same name; the core runs
 * timeoutSecs and timeLimitSecs itself.
 */
export const honouredOptions: ReadonlySet<string> = new Set(
  'id callerName callerNumber customHeaders clientState timeoutSecs timeLimitSecs iceServers forceRelayCandidate prefetchIceCandidates trickleIce preferredCodecs sdpASBandwidthKbps audio video micId camId speakerId localStream localElement remoteElement useStereo telnyxCallControlId telnyxLegId telnyxSessionId'.split(
    ' ',
  ),
);

export interface LineDefaults {
  readonly iceServers?: readonly RTCIceServer[] | undefined;
  readonly micId?: string | undefined;
  readonly speakerId?: string | undefined;
}

/** A validated dial → the SDK's `newCall()` options (it renames them on the wire: destination_number, caller_id_name, ...). */
export function sdkCallOptions(request: DialRequest, remoteElement: HTMLMediaElement, defaults: LineDefaults): ICallOptions {
  // Left out: what the SDK would put on the wire as dialogParams although it means nothing to Telnyx.
  const { preferredCodecs, sdpASBandwidthKbps: kbps, timeoutSecs, timeLimitSecs, customData, parameters, ...same } = request.options;
  const codecs = RTCRtpReceiver.getCapabilities('audio')?.codecs ?? [];
  const call = {
    ...defaults,
    ...same,
    id: request.callId,
    destinationNumber: request.destination,
    customHeaders: request.headers.map(({ name, value }) => ({ name, value })),
    audio: same.audio ?? true,
    video: !!same.video,
    remoteElement: same.remoteElement ?? remoteElement,
    // Names in order of preference → the browser's codec capabilities, as the SDK wants them.
    preferred_codecs: preferredCodecs?.flatMap((name) =>
      codecs.filter((codec) => codec.mimeType.toLowerCase() === `audio/${name.toLowerCase()}`),
    ),
    mediaSettings: kbps ? { useSdpASBandwidthKbps: true, sdpASBandwidthKbps: kbps } : undefined,
  } as Record<string, unknown>;
  // The SDK spreads these over its defaults: an undefined would erase a default.
  for (const key in call) if (call[key] === undefined) delete call[key];
  return call as ICallOptions;
}
