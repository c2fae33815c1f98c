import type { Phone } from '@handset/core';
import { type ComponentPropsWithoutRef, forwardRef } from 'react';
import { useCall } from '../hooks/useCall';
import { useCallDuration } from '../hooks/useCallDuration';
import { cx } from '../utils/dom';

/** `m:ss`, or `h:mm:ss` from one hour. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** ISO 8601 duration for `<time dateTime>`: `PT1H2M3S`. */
export function isoDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `PT${Math.floor(s / 3600)}H${Math.floor((s % 3600) / 60)}M${s % 60}S`;
}

export interface CallTimerProps extends Omit<ComponentPropsWithoutRef<'time'>, 'children'> {
  /** The call to time; the active call when omitted. */
  callId?: string | null;
  /** Turns seconds into text; `m:ss` / `h:mm:ss` by default. */
  format?: (seconds: number) => string;
  phone?: Phone;
}

/**
 * Time since the call was answered, updated once a second while it lasts, frozen when it ends.
 * A `<time role="timer">` (not announced every second); `data-state` is the call state or `idle`.
 */
export const CallTimer = forwardRef<HTMLTimeElement, CallTimerProps>(function CallTimer(
  { callId, format = formatDuration, phone, className, ...props },
  ref,
) {
  const { call } = useCall(callId, phone);
  const seconds = useCallDuration(callId, phone);
  return (
    <time
      role="timer"
      {...props}
      ref={ref}
      className={cx('hs-call-timer', className)}
      dateTime={isoDuration(seconds)}
      data-state={call?.state ?? 'idle'}
    >
      {format(seconds)}
    </time>
  );
});
