import type { Phone } from '@handset/core';
import { Slot } from '@radix-ui/react-slot';
import { type ComponentPropsWithoutRef, forwardRef } from 'react';
import { useCall } from '../hooks/useCall';
import { compose, cx } from '../utils/dom';
import { useControllableState } from '../utils/useControllableState';

export interface CallButtonProps extends ComponentPropsWithoutRef<'button'> {
  /** The call to act on; the active call when omitted. */
  callId?: string | null;
  /** Render your own element (it receives the button's props, state attributes and click handler). */
  asChild?: boolean;
  phone?: Phone;
}

/**
 * Toggles the microphone of the call. `aria-pressed` and `data-state="on" | "off"` follow the call's
 * `muted` flag; disabled when the call's transition table does not allow `mute` (no call, ended).
 */
export const MuteButton = forwardRef<HTMLButtonElement, CallButtonProps>(function MuteButton(
  { callId, asChild, phone, className, onClick, disabled, children, ...props },
  ref,
) {
  const call = useCall(callId, phone);
  const muted = call.call?.muted ?? false;
  const Comp = asChild ? Slot : 'button';
  return (
    <Comp
      type="button"
      {...props}
      ref={ref}
      className={cx('hs-call-button', 'hs-mute-button', className)}
      aria-pressed={muted}
      data-state={muted ? 'on' : 'off'}
      disabled={disabled ?? !call.can('mute')}
      onClick={compose(onClick, () => call.toggleMute())}
    >
      {children ?? 'Mute'}
    </Comp>
  );
});

/** Holds or resumes the call. `aria-pressed` / `data-state="on"` while held. */
export const HoldButton = forwardRef<HTMLButtonElement, CallButtonProps>(function HoldButton(
  { callId, asChild, phone, className, onClick, disabled, children, ...props },
  ref,
) {
  const call = useCall(callId, phone);
  const held = call.call?.state === 'held';
  const Comp = asChild ? Slot : 'button';
  return (
    <Comp
      type="button"
      {...props}
      ref={ref}
      className={cx('hs-call-button', 'hs-hold-button', className)}
      aria-pressed={held}
      data-state={held ? 'on' : 'off'}
      disabled={disabled ?? !(call.can('hold') || call.can('unhold'))}
      onClick={compose(onClick, () => call.toggleHold())}
    >
      {children ?? 'Hold'}
    </Comp>
  );
});

export interface KeypadButtonProps extends CallButtonProps {
  pressed?: boolean;
  defaultPressed?: boolean;
  onPressedChange?: (pressed: boolean) => void;
}

/** Shows or hides an in-call keypad (controlled with `pressed`, or uncontrolled). Enabled while digits can be sent. */
export const KeypadButton = forwardRef<HTMLButtonElement, KeypadButtonProps>(function KeypadButton(
  {
    callId,
    asChild,
    phone,
    className,
    onClick,
    disabled,
    children,
    pressed: pressedProp,
    defaultPressed = false,
    onPressedChange,
    ...props
  },
  ref,
) {
  const call = useCall(callId, phone);
  const [pressed, setPressed] = useControllableState(pressedProp, defaultPressed, onPressedChange);
  const Comp = asChild ? Slot : 'button';
  return (
    <Comp
      type="button"
      {...props}
      ref={ref}
      className={cx('hs-call-button', 'hs-keypad-button', className)}
      aria-pressed={pressed}
      data-state={pressed ? 'on' : 'off'}
      disabled={disabled ?? (!pressed && !call.can('sendDigits'))}
      onClick={compose(onClick, () => setPressed(!pressed))}
    >
      {children ?? 'Keypad'}
    </Comp>
  );
});

/** Ends the call (cancels it while it rings out, declines it while it rings in). `data-state` is the call state. */
export const HangUpButton = forwardRef<HTMLButtonElement, CallButtonProps>(function HangUpButton(
  { callId, asChild, phone, className, onClick, disabled, children, ...props },
  ref,
) {
  const call = useCall(callId, phone);
  const Comp = asChild ? Slot : 'button';
  return (
    <Comp
      type="button"
      {...props}
      ref={ref}
      className={cx('hs-call-button', 'hs-hangup-button', className)}
      data-state={call.call?.state ?? 'idle'}
      disabled={disabled ?? !call.can('hangup')}
      onClick={compose(onClick, () => call.hangup())}
    >
      {children ?? 'Hang up'}
    </Comp>
  );
});
