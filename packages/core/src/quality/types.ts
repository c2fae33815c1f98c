export type { CallQualitySummary, QualityLevel, QualitySample, QualityTotals, QualityWarningName } from '../call/quality';

/** Where a sample crosses into a warning. Overridable per phone; see warnings.ts for the defaults and why. */
export interface QualityThresholds {
  /** ms; `high-rtt` when rtt is above. */
  readonly maxRtt: number;
  /** ms; `high-jitter` when jitter is above. */
  readonly maxJitter: number;
  /** %; `high-packet-loss` when loss in either direction is above. */
  readonly maxPacketLoss: number;
  /** `low-mos` when MOS is below. */
  readonly minMos: number;
  /** bytes per second; `low-bytes-received` when fewer arrive. */
  readonly minBytesReceived: number;
  /** bytes per second; `low-bytes-sent` when fewer leave. */
  readonly minBytesSent: number;
  /** 0..32767; `constant-audio-input-level` when the microphone level is below (silent). */
  readonly minAudioInputLevel: number;
  /** 0..32767; `low-inbound-audio` when packets arrive but the played level is below. */
  readonly minAudioOutputLevel: number;
}

/** The state of the call that decides which warnings make sense. */
export interface QualityContext {
  readonly muted: boolean;
  readonly held: boolean;
}
