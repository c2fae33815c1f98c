/**
 * What a phase of the relay's record leads one to expect of the kit: the E-model's MOS, and the
 * warnings the applied figures can justify.
 */
import { defaultQualityThresholds as limits } from '../../../packages/core/src/quality/warnings';
import { eModelMos } from './eModel';
import type { AppliedFigures } from './udpRelay';
/** The E-model's MOS for a phase: the relay's added round trip plus the rest of the path as it timed it. */
export function expectedMos(applied: AppliedFigures, fallbackPathRtt = 0): number {
  return eModelMos(applied.rttMs + (applied.pathRttMs || fallbackPathRtt), applied.jitterMs, applied.lossPercent);
}

/**
 * The best MOS the applied round trip and loss allow, leaving out the jitter: on a loaded machine the relay's own
 * scheduling jitters the stream by more than the browser's RFC 3550 jitter shows, which would lower the E-model's
 * value under a kit that reads the stream right. For "never better than the network allows" checks.
 */
export function ceilingMos(applied: AppliedFigures, fallbackPathRtt = 0): number {
  return eModelMos(applied.rttMs + (applied.pathRttMs || fallbackPathRtt), 0, applied.lossPercent);
}

/**
 * The warnings that what the relay recorded can justify, at the kit's default thresholds: a test
 * requires the one its impairment is about, and allows only these besides (on a loaded machine the
 * stream can arrive with more jitter than the relay put in, and the record shows it).
 */
export function justified(applied: AppliedFigures): Set<string> {
  const rtt = applied.rttMs + applied.pathRttMs;
  const jitter = applied.down.jitterMaxMs;
  const names = new Set<string>();
  if (rtt > limits.maxRtt * 0.9) names.add('high-rtt');
  if (jitter > limits.maxJitter) names.add('high-jitter');
  if (applied.lossPercent > limits.maxPacketLoss) names.add('high-packet-loss');
  if (eModelMos(rtt, jitter, applied.lossPercent) < limits.minMos + 0.1) names.add('low-mos');
  return names;
}
