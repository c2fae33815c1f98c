import type { DialRequest } from '@handset/core';
import { callOptionsExcept, namedAudioCodecs, withoutEmpty } from '@handset/core/line-kit';
import type { ICallOptions } from '@telnyx/webrtc';

/**
 * The call options this line honours (core names). Most reach the SDK under the same name; the core runs
 * timeoutSecs and timeLimitSecs itself.
 */
export const honouredOptions: ReadonlySet<string> = callOptionsExcept('customData', 'parameters', 'camId', 'remoteStream', 'sessionId');

/** The devices the user chose (null: the default), for a call that names none. */
export interface ChosenDevices {
  readonly micId?: string | null | undefined;
  readonly speakerId?: string | null | undefined;
}

/** A validated dial → the SDK's `newCall()` options (it renames them on the wire: destination_number, caller_id_name, ...). */
export function sdkCallOptions(
  { callId, destination, headers, options }: DialRequest,
  remoteElement: HTMLMediaElement,
  devices: ChosenDevices,
): ICallOptions {
  // Left out: what the SDK would put on the wire as dialogParams although it means nothing to Telnyx, and
  // sdpASBandwidthKbps, which the SDK 2.27 ignores when offering (the leg caps the sender instead).
  const { preferredCodecs, sdpASBandwidthKbps, timeoutSecs, timeLimitSecs, customData, parameters, ...same } = options;
  // The SDK spreads these over its defaults (audio true, ...): an undefined would erase a default.
  return withoutEmpty({
    ...devices,
    ...same,
    id: callId,
    destinationNumber: destination,
    customHeaders: headers,
    remoteElement,
    // Names in order of preference → the browser's codec capabilities, as the SDK wants them.
    preferred_codecs: preferredCodecs && namedAudioCodecs(preferredCodecs),
  }) as ICallOptions;
}
