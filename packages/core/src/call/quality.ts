/** A call's quality as data: the engine's vocabulary (a sample, a warning, a summary), filled by whoever owns the media. */

/** Counters since the start of the call (Twilio's `sample.totals`). */
export interface QualityTotals {
  readonly packetsReceived: number;
  readonly packetsLost: number;
  /** Inbound packets lost since the start of the call, in % of those expected. */
  readonly packetsLostFraction: number;
  readonly packetsSent: number;
  readonly bytesReceived: number;
  readonly bytesSent: number;
}

/**
 * One quality sample of a call, taken once a second: the shape of Twilio's `sample` event
 * plus `outboundPacketsLostFraction`. Counts are per second over the last interval; `totals` since the start.
 */
export interface QualitySample {
  /** Microphone level over the interval (RMS), 0..32767 as Twilio reports it (0 = digital silence). */
  readonly audioInputLevel: number;
  /** Level of the received audio as played out (RMS), 0..32767. */
  readonly audioOutputLevel: number;
  readonly bytesReceived: number;
  readonly bytesSent: number;
  readonly packetsReceived: number;
  readonly packetsSent: number;
  /** Inbound packets lost in the interval. */
  readonly packetsLost: number;
  /** Inbound packets lost in the interval, in % of those expected. */
  readonly packetsLostFraction: number;
  /** Our packets the far end reports lost (RTCP fraction lost), in %. Not in Twilio's sample. */
  readonly outboundPacketsLostFraction: number;
  /** Inbound jitter in ms. */
  readonly jitter: number;
  /** Round-trip time in ms. */
  readonly rtt: number;
  /**
   * Estimated MOS, 1..~4.5 (see mos.ts); loss is the worse of both directions. Null when no packet
   * arrived over the interval: there was no audio to score (see `receivedAudio` in sampleFromStats.ts).
   */
  readonly mos: number | null;
  /** e.g. 'opus', 'PCMU'; '' when not known yet. */
  readonly codecName: string;
  /** ms since the epoch, from the stats report. */
  readonly timestamp: number;
  readonly totals: QualityTotals;
}

export type QualityWarningName =
  | 'high-rtt'
  | 'high-jitter'
  | 'high-packet-loss'
  | 'low-mos'
  | 'low-bytes-received'
  | 'low-bytes-sent'
  | 'low-inbound-audio'
  | 'constant-audio-input-level'
  | 'ice-connectivity-lost';

export type QualityLevel = 'excellent' | 'good' | 'fair' | 'poor';

/** Kept on an ended call's snapshot. MOS figures are null when no sample was taken, or none carried audio. */
export interface CallQualitySummary {
  readonly averageMos: number | null;
  readonly worstMos: number | null;
  readonly totalPacketsLost: number;
  /** Inbound loss over the whole call, in %. */
  readonly packetsLostFraction: number;
  /** Each warning raised during the call, once, in the order first raised. */
  readonly warningsRaised: readonly QualityWarningName[];
  readonly samples: number;
  /** True when samples were taken and in none of them did a packet arrive: the call carried no audio to us. */
  readonly noAudio?: boolean;
}
