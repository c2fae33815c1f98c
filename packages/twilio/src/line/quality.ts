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

/**
 * handset's name for a Twilio warning, or null for one it has no name for. Twilio's are handset's but for
 * `high-packets-lost-fraction` (average loss; handset has one loss warning). `constant-audio-output-level` is
 * never emitted by the SDK (2.18: "false positives"), so it is not mapped.
 */
export function warningOf(name: string): QualityWarningName | null {
  const known = /^(high-(rtt|jitter|packet-loss)|low-(mos|bytes-received|bytes-sent)|constant-audio-input-level|ice-connectivity-lost)$/;
  return name === 'high-packets-lost-fraction' ? 'high-packet-loss' : known.test(name) ? (name as QualityWarningName) : null;
}
