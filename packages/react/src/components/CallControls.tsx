import { type ComponentPropsWithoutRef, forwardRef, useId } from 'react';
import type { PhoneHookOptions } from '../hooks/options';
import { useCall, useCallId } from '../hooks/useCall';
import { type LabelsOverride, useLabels } from '../labels/LabelsContext';
import { cx } from '../utils/dom';
import { useControllableState } from '../utils/useControllableState';
import { HangUpButton, HoldButton, KeypadButton, MuteButton } from './CallButtons';
import { Dialpad } from './Dialpad';

export interface CallControlsProps extends ComponentPropsWithoutRef<'div'>, PhoneHookOptions {
  /** The call to control; the active call when omitted. */
  callId?: string | null;
  /** Whether the in-call keypad is shown (controlled), with `onKeypadOpenChange`; or `defaultKeypadOpen`. */
  keypadOpen?: boolean;
  defaultKeypadOpen?: boolean;
  onKeypadOpenChange?: (open: boolean) => void;
  /** Words for the buttons and the group (the provider's `labels.callButtons` otherwise). */
  labels?: LabelsOverride['callButtons'];
}

/**
 * The ready-made in-call bar: Mute, Hold, Keypad (which shows a DTMF dialpad) and Hang up, in a
 * labelled group; Hold and Keypad only where the line can hold and send DTMF (`line.capabilities`).
 * `data-state` is the call state (or `idle`). Build your own from the button hooks or components.
 */
export const CallControls = forwardRef<HTMLDivElement, CallControlsProps>(function CallControls(
  { callId: callIdProp, keypadOpen, defaultKeypadOpen = false, onKeypadOpenChange, phone, labels, className, children, ...props },
  ref,
) {
  const callId = useCallId(callIdProp, { phone });
  const call = useCall(callId, { phone });
  const words = useLabels('callButtons', labels);
  const [open, setOpen] = useControllableState(keypadOpen, defaultKeypadOpen, onKeypadOpenChange);
  const keypadId = useId();
  const showKeypad = open && call.can('sendDigits');
  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset would bring form semantics and default styling; this is a group of buttons.
    <div
      role="group"
      aria-label={words.controls}
      {...props}
      ref={ref}
      className={cx('hs-call-controls', className)}
      data-state={call.call?.state ?? 'idle'}
    >
      <div className="hs-call-controls-buttons">
        <MuteButton callId={callId} phone={phone} labels={labels} />
        {call.supports('hold') && <HoldButton callId={callId} phone={phone} labels={labels} />}
        {call.supports('sendDigits') && (
          <KeypadButton
            callId={callId}
            phone={phone}
            labels={labels}
            pressed={showKeypad}
            onPressedChange={setOpen}
            aria-controls={showKeypad ? keypadId : undefined}
          />
        )}
        <HangUpButton callId={callId} phone={phone} labels={labels} />
      </div>
      {showKeypad && <Dialpad id={keypadId} mode="dtmf" callId={callId} phone={phone} />}
      {children}
    </div>
  );
});
