import { type LineCapabilities, lineCapabilities } from '@handset/core';

/** The call options the line honours; the core reports any other given to a call as unsupported. */
const supportedOptions = [
  'id',
  'callerName',
  'customHeaders',
  'timeoutSecs',
  'timeLimitSecs',
  'customData',
  'iceServers',
  'forceRelayCandidate',
  'preferredCodecs',
  'sdpASBandwidthKbps',
  'audio',
  'micId',
  'localStream',
  'remoteElement',
];

/** What a SIP line can do, as the core reads it (one object per line). */
export function sipCapabilities(): LineCapabilities {
  return lineCapabilities({
    options: new Set(supportedOptions),
    hold: true,
    blindTransfer: true,
    attendedTransfer: true,
    dtmf: ['rfc4733', 'info'],
    messages: true,
    info: true,
    earlyMedia: true,
  });
}
