import type { DialRequest } from '@handset/core';
import { namedAudioCodecs } from '@handset/core/line-kit';
import type { ICallOptions } from '@telnyx/webrtc';

/**
 * The call options this line honours (core names). Most reach the SDK under the same name; the core runs
 * timeoutSecs and timeLimitSecs itself.
 */
export const honouredOptions: ReadonlySet<string> = new Set(
  'id callerName callerNumber customHeaders clientState timeoutSecs timeLimitSecs iceServers forceRelayCandidate prefetchIceCandidates trickleIce preferredCodecs sdpASBandwidthKbps audio video micId speakerId localStream localElement remoteElement useStereo telnyxCallControlId telnyxLegId telnyxSessionId'.split(
    ' ',
  ),
);

export interface LineDefaults {
  readonly iceServers?: readonly RTCIceServer[] | undefined;
  readonly micId?: string | undefined;
  readonly speakerId?: string | undefined;
}

/** A validated dial → the SDK's `newCall()` options (it renames them on the wire: destination_number, caller_id_name, ...). */
export function sdkCallOptions(
  { callId, destination, headers, options }: DialRequest,
  remoteElement: HTMLMediaElement,
  defaults: LineDefaults,
): ICallOptions {
  // Left out: what the SDK would put on the wire as dialogParams although it means nothing to Telnyx, and
  // sdpASBandwidthKbps, which the SDK 2.27 ignores when offering (the leg caps the sender instead).
  const { preferredCodecs, sdpASBandwidthKbps, timeoutSecs, timeLimitSecs, customData, parameters, ...same } = options;
  const call: Record<string, unknown> = {
    ...defaults,
    ...same,
    id: callId,
    destinationNumber: destination,
    customHeaders: [...headers],
    remoteElement,
    // Names in order of preference → the browser's codec capabilities, as the SDK wants them.
    preferred_codecs: preferredCodecs && namedAudioCodecs(preferredCodecs),
  };
  // The SDK spreads these over its defaults (audio true, ...): an undefined would erase a default.
  for (const key in call) if (call[key] === undefined) delete call[key];
  return call as ICallOptions;
}
