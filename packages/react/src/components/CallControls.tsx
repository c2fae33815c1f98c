import type { Phone } from '@handset/core';
import { type ComponentPropsWithoutRef, forwardRef, useId } from 'react';
import { useCall, useCallId } from '../hooks/useCall';
import { cx } from '../utils/dom';
import { useControllableState } from '../utils/useControllableState';
import { HangUpButton, HoldButton, KeypadButton, MuteButton } from './CallButtons';
import { Dialpad } from './Dialpad';

export interface CallControlsProps extends ComponentPropsWithoutRef<'div'> {
  /** The call to control; the active call when omitted. */
  callId?: string | null;
  /** Whether the in-call keypad is shown (controlled), with `onKeypadOpenChange`; or `defaultKeypadOpen`. */
  keypadOpen?: boolean;
  defaultKeypadOpen?: boolean;
  onKeypadOpenChange?: (open: boolean) => void;
  phone?: Phone;
}

/**
 * The ready-made in-call bar: Mute, Hold, Keypad (which shows a DTMF dialpad) and Hang up, in a
 * labelled group; Hold and Keypad only where the line can hold and send DTMF (`line.capabilities`),
 * whose `data-state` is the call state (or `idle`). Build your own from `MuteButton`,
 * `HoldButton`, `KeypadButton`, `HangUpButton` and `Dialpad mode="dtmf"`.
 */
export const CallControls = forwardRef<HTMLDivElement, CallControlsProps>(function CallControls(
  { callId: callIdProp, keypadOpen, defaultKeypadOpen = false, onKeypadOpenChange, phone, className, children, ...props },
  ref,
) {
  const callId = useCallId(callIdProp, phone);
  const call = useCall(callId, phone);
  const [open, setOpen] = useControllableState(keypadOpen, defaultKeypadOpen, onKeypadOpenChange);
  const keypadId = useId();
  const showKeypad = open && call.can('sendDigits');
  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset would bring form semantics and default styling; this is a group of buttons.
    <div
      role="group"
      aria-label="Call controls"
      {...props}
      ref={ref}
      className={cx('hs-call-controls', className)}
      data-state={call.call?.state ?? 'idle'}
    >
      <div className="hs-call-controls-buttons">
        <MuteButton callId={callId} phone={phone} />
        {call.supports('hold') && <HoldButton callId={callId} phone={phone} />}
        {call.supports('sendDigits') && (
          <KeypadButton
            callId={callId}
            phone={phone}
            pressed={showKeypad}
            onPressedChange={setOpen}
            aria-controls={showKeypad ? keypadId : undefined}
          />
        )}
        <HangUpButton callId={callId} phone={phone} />
      </div>
      {showKeypad && <Dialpad id={keypadId} mode="dtmf" callId={callId} phone={phone} />}
      {children}
    </div>
  );
});
