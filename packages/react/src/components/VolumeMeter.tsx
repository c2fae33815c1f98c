import { type ComponentPropsWithoutRef, forwardRef, useCallback, useRef } from 'react';
import type { PhoneHookOptions } from '../hooks/options';
import { type LevelSource, useAudioLevel } from '../hooks/useAudioLevel';
import { formatPercent } from '../labels/format';
import { useLabels, useLocale } from '../labels/LabelsContext';
import { cx } from '../utils/dom';

export interface VolumeMeterProps extends ComponentPropsWithoutRef<'div'>, PhoneHookOptions {
  /**
   * Which level of a call to show, metered by the phone's media kit: `input` (your microphone, the
   * default) or `output` (the far side).
   */
  side?: 'input' | 'output';
  /** The call to meter; the active call by default. */
  callId?: string | null;
  /** A level source of your own instead (e.g. `phone.media.meter(track)` for a microphone test); null: an empty meter. */
  source?: LevelSource | null;
  /** Accessible name, e.g. "Microphone level" (default: the provider's `labels.volumeMeter.label`). */
  label?: string;
  /** Level from which `data-state` is `active` rather than `silent` (default 0.05). */
  activeThreshold?: number;
}

/**
 * A level meter of the active call's microphone (`side="input"`) or far side (`side="output"`), or of any
 * `source`, that never renders for a level: each delivery (a new level, at most every 43 ms) is written to
 * the DOM directly, as `transform: scaleX(level)` on the fill, the `--hs-level` custom property, and
 * `data-state="silent" | "active"` (whether the level is above `activeThreshold`). `aria-valuenow` moves in
 * steps of 10 so that it does not churn, with `aria-valuetext` as the locale writes the percentage.
 */
export const VolumeMeter = forwardRef<HTMLDivElement, VolumeMeterProps>(function VolumeMeter(
  { side = 'input', callId, source, phone, label, activeThreshold = 0.05, className, ...props },
  forwardedRef,
) {
  const words = useLabels('volumeMeter');
  const locale = useLocale();
  const root = useRef<HTMLDivElement | null>(null);
  const fill = useRef<HTMLDivElement>(null);
  const setRoot = useCallback(
    (node: HTMLDivElement | null) => {
      root.current = node;
      if (typeof forwardedRef === 'function') forwardedRef(node);
      else if (forwardedRef) forwardedRef.current = node;
    },
    [forwardedRef],
  );
  const target = source !== undefined ? source : { side, callId };
  useAudioLevel(target, {
    phone,
    onLevel: (level) => {
      const clamped = Math.min(1, Math.max(0, level));
      const el = root.current;
      if (!el) return;
      el.style.setProperty('--hs-level', clamped.toFixed(3));
      if (fill.current) fill.current.style.transform = `scaleX(${clamped.toFixed(3)})`;
      const state = clamped >= activeThreshold ? 'active' : 'silent';
      if (el.dataset.state !== state) el.dataset.state = state;
      const now = String(Math.round(clamped * 10) * 10);
      if (el.getAttribute('aria-valuenow') !== now) {
        el.setAttribute('aria-valuenow', now);
        el.setAttribute('aria-valuetext', formatPercent(Number(now) / 100, locale));
      }
    },
  });
  return (
    // biome-ignore lint/a11y/useSemanticElements: <meter> cannot hold the fill that is scaled on each level without React.
    <div
      role="meter"
      aria-label={label ?? words.label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={0}
      aria-valuetext={formatPercent(0, locale)}
      {...props}
      ref={setRoot}
      className={cx('hs-volume-meter', className)}
      data-state="silent"
    >
      <div ref={fill} className="hs-volume-meter-fill" style={{ transform: 'scaleX(0)' }} />
    </div>
  );
});
