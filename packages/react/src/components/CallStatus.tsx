import type { CallSnapshot, CallState, EndReason, Phone } from '@handset/core';
import { Slot, Slottable } from '@radix-ui/react-slot';
import { type ComponentPropsWithoutRef, forwardRef } from 'react';
import { useCall } from '../hooks/useCall';
import { cx } from '../utils/dom';

export type CallStatusState = CallState | 'idle';

export const callStateLabels: Readonly<Record<CallStatusState, string>> = {
  idle: 'No call',
  dialing: 'Calling…',
  ringing: 'Ringing…',
  incoming: 'Incoming call',
  connecting: 'Connecting…',
  active: 'Connected',
  held: 'On hold',
  reconnecting: 'Reconnecting…',
  ended: 'Call ended',
};

export const endReasonLabels: Readonly<Record<EndReason, string>> = {
  hangup: 'Call ended',
  cancelled: 'Call cancelled',
  rejected: 'Call declined',
  ignored: 'Call ignored',
  busy: 'Busy',
  'no-answer': 'No answer',
  timeout: 'No response',
  'time-limit': 'Time limit reached',
  failed: 'Call failed',
  network: 'Connection lost',
};

/** The words for a call's state (the end reason once it has ended; remote hold while active). */
export function describeCall(call: CallSnapshot | null, labels: Partial<Record<CallStatusState, string>> = {}): string {
  if (call === null) return labels.idle ?? callStateLabels.idle;
  if (call.state === 'ended' && call.end) return labels.ended ?? endReasonLabels[call.end.reason];
  if (call.state === 'active' && call.remoteHold) return labels.active ?? 'Held by the other side';
  return labels[call.state] ?? callStateLabels[call.state];
}

export interface CallStatusProps extends ComponentPropsWithoutRef<'span'> {
  /** The call to describe; the active call when omitted. */
  callId?: string | null;
  /** Replace any of the default words (e.g. for translation). */
  labels?: Partial<Record<CallStatusState, string>>;
  asChild?: boolean;
  phone?: Phone;
}

/**
 * The call's state in words, announced politely (`role="status"`); with `asChild`, your element gets the words.
 * `data-state` is the call state (or `idle`), with `data-muted`, `data-remote-hold`, `data-early-media` and `data-end-reason` for styling.
 */
export const CallStatus = forwardRef<HTMLSpanElement, CallStatusProps>(function CallStatus(
  { callId, labels, asChild, phone, className, children, ...props },
  ref,
) {
  const { call } = useCall(callId, phone);
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
  const text = describeCall(call, labels);
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
