import { type ComponentPropsWithoutRef, forwardRef } from 'react';
import type { PhoneHookOptions } from '../hooks/options';
import { type CallQuality, type QualitySource, qualityLevelOf, useCallQuality } from '../hooks/useCallQuality';
import type { QualityLevel } from '../labels/english';
import { formatDecimal } from '../labels/format';
import { fill, type LabelsOverride, useLabels, useLocale } from '../labels/LabelsContext';
import { cx } from '../utils/dom';

const bars: Readonly<Record<QualityLevel, number>> = { excellent: 4, good: 3, fair: 2, poor: 1 };

/**
 * True when no packet arrived in the latest sample: the user hears nothing, whatever the network
 * figures say (the core gives such a sample no MOS). Only a store's quality has the sample.
 */
function carriesNoAudio(quality: CallQuality): boolean {
  const sample = (quality as { sample?: { packetsReceived: number } | null }).sample;
  return sample?.packetsReceived === 0;
}

export interface QualityIndicatorProps extends ComponentPropsWithoutRef<'span'>, PhoneHookOptions {
  /** The call whose quality is shown; the active call by default (read from the phone's store). */
  callId?: string | null;
  /** A quality source of your own instead of the phone's store (null: show nothing); or give `quality` directly. */
  source?: QualitySource | null;
  quality?: CallQuality;
  /** Words for levels and warnings (the provider's `labels.quality` otherwise). */
  labels?: LabelsOverride['quality'];
}

/**
 * Signal bars from the MOS (4 excellent … 1 poor), with the level, the MOS (formatted for the locale)
 * and the active warnings in the tooltip (`title`) and the accessible name. `data-state` is the quality
 * level: `excellent`, `good`, `fair`, `poor`, `no-audio` (no packet arrived in the latest sample) or
 * `unknown`; `data-warnings` when any is active. Renders once per quality sample at most, never for audio levels.
 */
export const QualityIndicator = forwardRef<HTMLSpanElement, QualityIndicatorProps>(function QualityIndicator(
  { callId, source, quality: given, labels, phone, className, ...props },
  ref,
) {
  const live = useCallQuality(source !== undefined ? source : callId, { phone });
  const words = useLabels('quality', labels);
  const locale = useLocale();
  const quality = given ?? live;
  const noAudio = carriesNoAudio(quality);
  const level = noAudio ? null : qualityLevelOf(quality.mos);
  const state = noAudio ? 'no-audio' : (level ?? 'unknown');
  const warnings = quality.warnings.map((name) => words.warnings[name] ?? name);
  const mos = level && quality.mos !== null ? ` (MOS ${formatDecimal(quality.mos, locale)})` : '';
  const summary = `${fill(words.summary, { level: words.levels[state] })}${mos}${warnings.length ? `. ${warnings.join('. ')}` : ''}`;
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
