import { type StatsReport, sampleFromStats } from './sampleFromStats';
import { createQualitySummary } from './summary';
import type { CallQualitySummary, QualityContext, QualitySample, QualityThresholds, QualityWarningName } from './types';
import { createWarningMonitor } from './warnings';

export interface QualityMonitorOptions {
  /** The call's RTCPeerConnection.getStats (bound). */
  getStats(): Promise<StatsReport>;
  /** Default 1000. */
  intervalMs?: number;
  thresholds?: Partial<QualityThresholds>;
  /** Read at each sample; default: neither muted nor held. */
  context?(): QualityContext;
  onSample?(sample: QualitySample): void;
  onWarning?(name: QualityWarningName, sample: QualitySample): void;
  onWarningCleared?(name: QualityWarningName, sample: QualitySample): void;
  /** A rejected getStats (the next tick tries again). */
  onError(error: unknown): void;
  /** Clock, ms; default Date.now. */
  now?(): number;
  setInterval?(callback: () => void, ms: number): unknown;
  clearInterval?(id: unknown): void;
}

export interface QualityMonitor {
  /** Starts polling: a baseline report now, then a sample every intervalMs. Idempotent. */
  start(): void;
  /** Stops polling; a getStats still pending is ignored when it settles. Idempotent. */
  stop(): void;
  readonly running: boolean;
  /** Everything sampled so far (kept across stop/start: one monitor per call). */
  summary(): CallQualitySummary;
}

/**
 * Samples one call's quality from getStats: sample → warnings (with hysteresis) → summary.
 * Polls only while started, and never has two getStats in flight (a slow one makes ticks skip).
 * The 5 s warning grace period counts from the first start(), which should be when the call becomes active.
 */
export function createQualityMonitor(options: QualityMonitorOptions): QualityMonitor {
  const { getStats, onError, intervalMs = 1000 } = options;
  const now = options.now ?? Date.now;
  const warnings = createWarningMonitor(options.thresholds);
  const summary = createQualitySummary();
  let timer: unknown;
  let running = false;
  let pending = false;
  let run = 0;
  let startedAt: number | undefined;
  let previous: StatsReport | undefined;

  const poll = () => {
    if (pending) return;
    pending = true;
    const thisRun = run;
    getStats().then(
      (report) => {
        if (thisRun !== run) return;
        pending = false;
        const before = previous;
        previous = report;
        if (before) emit(sampleFromStats(before, report));
      },
      (error) => {
        if (thisRun !== run) return;
        pending = false;
        onError(error);
      },
    );
  };

  const emit = ({ sample, iceConnected }: ReturnType<typeof sampleFromStats>) => {
    summary.addSample(sample);
    const context = options.context?.() ?? { muted: false, held: false };
    const { raised, cleared } = warnings.step({ ...context, sample, iceConnected, elapsedMs: now() - startedAt! });
    options.onSample?.(sample);
    for (const name of raised) {
      summary.addWarning(name);
      options.onWarning?.(name, sample);
    }
    for (const name of cleared) options.onWarningCleared?.(name, sample);
  };

  return {
    start() {
      if (running) return;
      running = true;
      startedAt ??= now();
      previous = undefined;
      poll();
      timer = (options.setInterval ?? globalThis.setInterval)(poll, intervalMs);
    },
    stop() {
      if (!running) return;
      running = false;
      run++;
      pending = false;
      (options.clearInterval ?? globalThis.clearInterval)(timer as ReturnType<typeof setInterval>);
    },
    get running() {
      return running;
    },
    summary: summary.result,
  };
}
