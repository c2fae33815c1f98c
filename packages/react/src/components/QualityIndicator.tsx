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
 * and in the accessible name. `data-state` is the level or `unknown`; `data-warnings` when any is active.
 * Reads the active call's quality from the phone's store by default (`browserMedia()` writes it once a
 * second), so it renders once per quality sample at most, never for audio levels.
 */
export const QualityIndicator = forwardRef<HTMLSpanElement, QualityIndicatorProps>(function QualityIndicator(
  { callId, source, quality: given, warningLabels = qualityWarningLabels, phone, className, ...props },
  ref,
) {
  const live = useCallQuality(source !== undefined ? source : callId, phone);
  const quality = given ?? live;
  const level = qualityLevelOf(quality.mos);
  const warnings = quality.warnings.map((name) => warningLabels[name] ?? name);
  const summary = `Call quality: ${level ?? 'unknown'}${warnings.length ? `. ${warnings.join('. ')}` : ''}`;
  const lit = level ? bars[level] : 0;
  return (
    <span
      role="img"
      aria-label={summary}
      title={summary}
      {...props}
      ref={ref}
      className={cx('hs-quality', className)}
      data-state={level ?? 'unknown'}
      data-warnings={warnings.length ? '' : undefined}
    >
      {[1, 2, 3, 4].map((bar) => (
        <span key={bar} className="hs-quality-bar" data-bar={bar} data-lit={bar <= lit ? '' : undefined} />
      ))}
    </span>
  );
});
