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

/** What differs between the call buttons; the rest (Slot, type, class, disabled, click) is shared. */
interface CallButtonBaseProps extends Omit<CallButtonProps, 'callId' | 'phone'> {
  kind: string;
  label: string;
  /** `data-state`: on/off for toggles, the call state for hang-up. */
  state: string;
  pressed?: boolean;
  enabled: boolean;
  onActivate: () => void;
}

const CallButtonBase = forwardRef<HTMLButtonElement, CallButtonBaseProps>(function CallButtonBase(
  { kind, label, state, pressed, enabled, onActivate, asChild, className, onClick, disabled, children, ...props },
  ref,
) {
  const Comp = asChild ? Slot : 'button';
  return (
    <Comp
      type="button"
      {...props}
      ref={ref}
      className={cx('hs-call-button', `hs-${kind}-button`, className)}
      aria-pressed={pressed}
      data-state={state}
      disabled={disabled ?? !enabled}
      onClick={compose(onClick, onActivate)}
    >
      {children ?? label}
    </Comp>
  );
});

/**
 * Toggles the microphone of the call. `aria-pressed` and `data-state="on" | "off"` follow the call's
 * `muted` flag; disabled when the call's transition table does not allow `mute` (no call, ended).
 */
export const MuteButton = forwardRef<HTMLButtonElement, CallButtonProps>(function MuteButton({ callId, phone, ...props }, ref) {
  const call = useCall(callId, phone);
  const muted = call.call?.muted ?? false;
  return (
    <CallButtonBase
      {...props}
      ref={ref}
      kind="mute"
      label="Mute"
      pressed={muted}
      state={muted ? 'on' : 'off'}
      enabled={call.can('mute')}
      onActivate={() => call.toggleMute()}
    />
  );
});

/**
 * Holds or resumes the call. `aria-pressed` / `data-state="on"` while held. On a line that cannot hold
 * (`line.capabilities.hold` false: Twilio's) it stays disabled and says why to assistive technology;
 * `CallControls` leaves it out.
 */
export const HoldButton = forwardRef<HTMLButtonElement, CallButtonProps>(function HoldButton({ callId, phone, ...props }, ref) {
  const call = useCall(callId, phone);
  const held = call.call?.state === 'held';
  const unsupported = !call.supports('hold');
  return (
    <CallButtonBase
      {...(unsupported ? { 'aria-description': 'This line cannot put calls on hold.', 'data-unsupported': '' } : {})}
      {...props}
      ref={ref}
      kind="hold"
      label="Hold"
      pressed={held}
      state={held ? 'on' : 'off'}
      enabled={call.can('hold') || call.can('unhold')}
      onActivate={() => call.toggleHold()}
    />
  );
});

export interface KeypadButtonProps extends CallButtonProps {
  pressed?: boolean;
  defaultPressed?: boolean;
  onPressedChange?: (pressed: boolean) => void;
}

/** Shows or hides an in-call keypad (controlled with `pressed`, or uncontrolled). Enabled while digits can be sent. */
export const KeypadButton = forwardRef<HTMLButtonElement, KeypadButtonProps>(function KeypadButton(
  { callId, phone, pressed: pressedProp, defaultPressed = false, onPressedChange, ...props },
  ref,
) {
  const call = useCall(callId, phone);
  const [pressed, setPressed] = useControllableState(pressedProp, defaultPressed, onPressedChange);
  return (
    <CallButtonBase
      {...props}
      ref={ref}
      kind="keypad"
      label="Keypad"
      pressed={pressed}
      state={pressed ? 'on' : 'off'}
      enabled={pressed || call.can('sendDigits')}
      onActivate={() => setPressed(!pressed)}
    />
  );
});

/** Ends the call (cancels it while it rings out, declines it while it rings in). `data-state` is the call state. */
export const HangUpButton = forwardRef<HTMLButtonElement, CallButtonProps>(function HangUpButton({ callId, phone, ...props }, ref) {
  const call = useCall(callId, phone);
  return (
    <CallButtonBase
      {...props}
      ref={ref}
      kind="hangup"
      label="Hang up"
      state={call.call?.state ?? 'idle'}
      enabled={call.can('hangup')}
      onActivate={() => call.hangup()}
    />
  );
});
