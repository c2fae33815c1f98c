import type { QualitySample, QualityWarningName } from '@handset/core';

/** The fields of the SDK's `sample` event (RTCSample) this line reads: Twilio's shape, which the core's follows. */
export type SdkSample = Omit<QualitySample, 'outboundPacketsLostFraction'>;

/**
 * Twilio's sample is the shape the core's QualitySample was modelled on; only the far end's view of our
 * packets (`outboundPacketsLostFraction`, RTCP) is not in it, and is reported as 0.
 */
export function sampleOf(s: SdkSample): QualitySample {
  return { ...s, outboundPacketsLostFraction: 0 };
}

/** Twilio's warning names that differ from handset's; the rest (high-rtt, low-mos, ...) are the same. */
const renamed: Record<string, QualityWarningName> = {
  'high-packets-lost-fraction': 'high-packet-loss',
  'constant-audio-output-level': 'low-inbound-audio',
};
const known =
  'high-rtt high-jitter high-packet-loss low-mos low-bytes-received low-bytes-sent constant-audio-input-level ice-connectivity-lost'.split(
    ' ',
  );

/** handset's name for a Twilio warning, or null for one it has no name for. */
export function warningOf(name: string): QualityWarningName | null {
  return renamed[name] ?? (known.includes(name) ? (name as QualityWarningName) : null);
}
