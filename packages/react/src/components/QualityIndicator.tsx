import type { Phone } from '@handset/core';
import { type ComponentPropsWithoutRef, forwardRef } from 'react';
import { type CallQuality, type QualityLevel, type QualitySource, qualityLevelOf, useCallQuality } from '../hooks/useCallQuality';
import { cx } from '../utils/dom';

export const qualityWarningLabels: Readonly<Record<string, string>> = {
  'high-rtt': 'High latency',
  'high-jitter': 'Unsteady connection (jitter)',
  'high-packet-loss': 'Audio packets lost',
  'low-mos': 'Poor call quality',
  'low-bytes-received': 'No audio arriving',
  'low-bytes-sent': 'No audio leaving',
  'low-inbound-audio': 'The other side is silent',
  'constant-audio-input-level': 'Your microphone is silent',
  'ice-connectivity-lost': 'Connection lost',
};

const bars: Readonly<Record<QualityLevel, number>> = { excellent: 4, good: 3, fair: 2, poor: 1 };

/**
 * True when no packet arrived in the latest sample: the user hears nothing, whatever the network
 * figures say (the core gives such a sample no MOS). Only a store's quality has the sample.
 */
function carriesNoAudio(quality: CallQuality): boolean {
  const sample = (quality as { sample?: { packetsReceived: number } | null }).sample;
  return sample?.packetsReceived === 0;
}

export interface QualityIndicatorProps extends ComponentPropsWithoutRef<'span'> {
  /** The call whose quality is shown; the active call by default (read from the phone's store). */
  callId?: string | null;
  /** A quality source of your own instead of the phone's store (null: show nothing); or give `quality` directly. */
  source?: QualitySource | null;
  quality?: CallQuality;
  phone?: Phone;
  /** Words for warnings, by the core's warning name. */
  warningLabels?: Readonly<Record<string, string>>;
}

/**
 * Signal bars from the MOS (4 excellent … 1 poor), with the active warnings in the tooltip (`title`)
 * and in the accessible name. `data-state` is the level, `no-audio` (no bar lit) when no packet arrived
 * in the latest sample, or `unknown`; `data-warnings` when any is active.
 * Reads the active call's quality from the phone's store by default (`browserMedia()` writes it once a
 * second), so it renders once per quality sample at most, never for audio levels.
 */
export const QualityIndicator = forwardRef<HTMLSpanElement, QualityIndicatorProps>(function QualityIndicator(
  { callId, source, quality: given, warningLabels = qualityWarningLabels, phone, className, ...props },
  ref,
) {
  const live = useCallQuality(source !== undefined ? source : callId, phone);
  const quality = given ?? live;
  const noAudio = carriesNoAudio(quality);
  const level = noAudio ? null : qualityLevelOf(quality.mos);
  const state = noAudio ? 'no-audio' : (level ?? 'unknown');
  const warnings = quality.warnings.map((name) => warningLabels[name] ?? name);
  const summary = `Call quality: ${noAudio ? 'no audio' : state}${warnings.length ? `. ${warnings.join('. ')}` : ''}`;
  const lit = level ? bars[level] : 0;
  return (
    <span
      role="img"
      aria-label={summary}
      title={summary}
      {...props}
      ref={ref}
      className={cx('hs-quality', className)}
      data-state={state}
      data-warnings={warnings.length ? '' : undefined}
    >
      {[1, 2, 3, 4].map((bar) => (
        <span key={bar} className="hs-quality-bar" data-bar={bar} data-lit={bar <= lit ? '' : undefined} />
      ))}
    </span>
  );
});
