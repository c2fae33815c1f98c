import { type ComponentPropsWithoutRef, forwardRef } from 'react';
import type { PhoneHookOptions } from '../hooks/options';
import { useCall } from '../hooks/useCall';
import { useCallDuration } from '../hooks/useCallDuration';
import { formatDuration, isoDuration } from '../labels/format';
import { useLocale } from '../labels/LabelsContext';
import { cx } from '../utils/dom';

export interface CallTimerProps extends Omit<ComponentPropsWithoutRef<'time'>, 'children'>, PhoneHookOptions {
  /** The call to time; the active call when omitted. */
  callId?: string | null;
  /** Turns seconds into text; `m:ss` / `h:mm:ss` in the labels' locale by default. */
  format?: (seconds: number, locale: string | undefined) => string;
}

/**
 * Time since the call was answered, updated once a second while it lasts, frozen when it ends.
 * A `<time role="timer">` (not announced every second); `data-state` is the call state or `idle`.
 */
export const CallTimer = forwardRef<HTMLTimeElement, CallTimerProps>(function CallTimer(
  { callId, format = formatDuration, phone, className, ...props },
  ref,
) {
  const { call } = useCall(callId, { phone });
  const seconds = useCallDuration(callId, { phone });
  const locale = useLocale();
  return (
    <time
      role="timer"
      {...props}
      ref={ref}
      className={cx('hs-call-timer', className)}
      dateTime={isoDuration(seconds)}
      data-state={call?.state ?? 'idle'}
    >
      {format(seconds, locale)}
    </time>
  );
});
