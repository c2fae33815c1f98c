import type { CallQualitySnapshot } from '../phone/PhoneMedia';
import { qualityLevel } from '../quality/level';
import type { QualitySample, QualityWarningName } from '../quality/types';

/** A call's live quality as the store keeps it, from its latest sample and the warnings raised now. */
export function qualitySnapshot(sample: QualitySample | null, warnings: readonly QualityWarningName[]): CallQualitySnapshot {
  return { sample, mos: sample?.mos ?? null, level: sample ? qualityLevel(sample.mos) : null, warnings: [...warnings] };
}
