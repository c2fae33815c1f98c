export { qualityLevel } from './level';
export { computeMos } from './mos';
export { createQualityMonitor, type QualityMonitor, type QualityMonitorOptions } from './QualityMonitor';
export { type StatsReport, type StatsSample, sampleFromStats } from './sampleFromStats';
export { createQualitySummary, type QualitySummaryBuilder } from './summary';
export type {
  CallQualitySummary,
  QualityContext,
  QualityLevel,
  QualitySample,
  QualityThresholds,
  QualityTotals,
  QualityWarningName,
} from './types';
export { createWarningMonitor, defaultQualityThresholds, type WarningChanges, type WarningInput, type WarningMonitor } from './warnings';
