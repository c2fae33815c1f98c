import type { CallQualitySummary, QualitySample, QualityWarningName } from './types';

export interface QualitySummaryBuilder {
  addSample(sample: QualitySample): void;
  addWarning(name: QualityWarningName): void;
  /** The summary so far; a new object each time. */
  result(): CallQualitySummary;
}

/** Accumulates a call's samples and warnings into its end-of-call summary, in constant memory. */
export function createQualitySummary(): QualitySummaryBuilder {
  let samples = 0;
  /** Samples with a MOS: those in which audio moved. */
  let scored = 0;
  let mosSum = 0;
  let worstMos: number | null = null;
  let last: QualitySample | undefined;
  const warnings = new Set<QualityWarningName>();
  return {
    addSample(sample) {
      samples++;
      last = sample;
      if (sample.mos === null) return;
      scored++;
      mosSum += sample.mos;
      worstMos = worstMos === null ? sample.mos : Math.min(worstMos, sample.mos);
    },
    addWarning(name) {
      warnings.add(name);
    },
    result: () => ({
      averageMos: scored ? mosSum / scored : null,
      worstMos,
      totalPacketsLost: last?.totals.packetsLost ?? 0,
      packetsLostFraction: last?.totals.packetsLostFraction ?? 0,
      warningsRaised: [...warnings],
      samples,
      ...(samples > 0 && scored === 0 ? { noAudio: true } : {}),
    }),
  };
}
