import type { CallSnapshot } from '@handset/core';
import { Slot, Slottable } from '@radix-ui/react-slot';
import { type ComponentPropsWithoutRef, forwardRef } from 'react';
import type { PhoneHookOptions } from '../hooks/options';
import { useCall } from '../hooks/useCall';
import { englishLabels, type HandsetLabels } from '../labels/english';
import { type LabelsOverride, useLabels } from '../labels/LabelsContext';
import { cx } from '../utils/dom';

/** The words for a call's state: the end reason once it has ended, remote hold while the far side holds it. */
export function describeCall(call: CallSnapshot | null, words: HandsetLabels['callStatus'] = englishLabels.callStatus): string {
  if (call === null) return words.idle;
  if (call.state === 'ended' && call.end) return words.endReasons[call.end.reason];
  if (call.state === 'active' && call.remoteHold) return words.remoteHold;
  return words[call.state];
}

export interface CallStatusProps extends ComponentPropsWithoutRef<'span'>, PhoneHookOptions {
  /** The call to describe; the active call when omitted. */
  callId?: string | null;
  /** Words for this status (the provider's `labels.callStatus` otherwise). */
  labels?: LabelsOverride['callStatus'];
  asChild?: boolean;
}

/**
 * The call's state in words, announced politely (`role="status"`); with `asChild`, your element gets the words.
 * `data-state` is the call state (or `idle`), with `data-muted`, `data-remote-hold`, `data-early-media` and `data-end-reason` for styling.
 */
export const CallStatus = forwardRef<HTMLSpanElement, CallStatusProps>(function CallStatus(
  { callId, labels, asChild, phone, className, children, ...props },
  ref,
) {
  const { call } = useCall(callId, { phone });
  const words = useLabels('callStatus', labels);
  const common = {
    role: 'status',
    ...props,
    className: cx('hs-call-status', className),
    'data-state': call?.state ?? 'idle',
    'data-muted': call?.muted ? '' : undefined,
    'data-remote-hold': call?.remoteHold ? '' : undefined,
    'data-early-media': call?.earlyMedia ? '' : undefined,
    'data-end-reason': call?.end?.reason,
  };
  const text = describeCall(call, words);
  if (asChild) {
    // The child element is rendered with these attributes and the words appended to its own children.
    return (
      <Slot {...common} ref={ref}>
        <Slottable>{children}</Slottable>
        {text}
      </Slot>
    );
  }
  return (
    <span {...common} ref={ref}>
      {text}
    </span>
  );
});
