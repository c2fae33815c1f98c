import { Slot } from '@radix-ui/react-slot';
import { type ComponentPropsWithoutRef, forwardRef } from 'react';
import {
  type CallButtonHookProps,
  type KeypadButtonHookProps,
  type TransferButtonHookProps,
  useHangUpButton,
  useHoldButton,
  useKeypadButton,
  useMuteButton,
  useTransferButton,
} from '../hooks/useCallButtons';
import { cx } from '../utils/dom';

export interface CallButtonProps extends Omit<ComponentPropsWithoutRef<'button'>, 'disabled'>, CallButtonHookProps {
  /** Render your own element (it receives the props, state attributes and click handler). */
  asChild?: boolean;
}

/** The element every call button renders: a `<button type="button">`, or the child with `asChild`. */
type ElementProps = { asChild?: boolean | undefined; kind: string } & Record<string, unknown>;

const Element = forwardRef<HTMLButtonElement, ElementProps>(function CallButtonElement({ asChild, kind, className, ...props }, ref) {
  const Comp = asChild ? Slot : 'button';
  return (
    <Comp
      {...(asChild ? {} : { type: 'button' })}
      {...props}
      ref={ref}
      className={cx('hs-call-button', `hs-${kind}-button`, className as string | undefined)}
    />
  );
});

/** Toggles the microphone (`useMuteButton`): `aria-pressed` and `data-state="on" | "off"` follow the call's `muted` flag. */
export const MuteButton = forwardRef<HTMLButtonElement, CallButtonProps>(function MuteButton({ asChild, ...props }, ref) {
  const { buttonProps } = useMuteButton(props);
  return <Element {...buttonProps} asChild={asChild} kind="mute" ref={ref} />;
});

/**
 * Holds or resumes the call (`useHoldButton`): `aria-pressed`, `data-state="on"` while held. On a line that
 * cannot hold it stays disabled and says why; `CallControls` leaves it out.
 */
export const HoldButton = forwardRef<HTMLButtonElement, CallButtonProps>(function HoldButton({ asChild, ...props }, ref) {
  const { buttonProps } = useHoldButton(props);
  return <Element {...buttonProps} asChild={asChild} kind="hold" ref={ref} />;
});

export interface KeypadButtonProps extends CallButtonProps, Omit<KeypadButtonHookProps, keyof CallButtonHookProps> {}

/** Shows or hides an in-call keypad (`useKeypadButton`; controlled with `pressed`, or uncontrolled). */
export const KeypadButton = forwardRef<HTMLButtonElement, KeypadButtonProps>(function KeypadButton({ asChild, ...props }, ref) {
  const { buttonProps } = useKeypadButton(props);
  return <Element {...buttonProps} asChild={asChild} kind="keypad" ref={ref} />;
});

/** Ends the call (`useHangUpButton`): cancels it while it rings out, declines it while it rings in. `data-state` is the call state. */
export const HangUpButton = forwardRef<HTMLButtonElement, CallButtonProps>(function HangUpButton({ asChild, ...props }, ref) {
  const { buttonProps } = useHangUpButton(props);
  return <Element {...buttonProps} asChild={asChild} kind="hangup" ref={ref} />;
});

export interface TransferButtonProps extends CallButtonProps, Omit<TransferButtonHookProps, keyof CallButtonHookProps> {}

/** Blind-transfers the call to `destination` (`useTransferButton`). `data-state` is the call state. */
export const TransferButton = forwardRef<HTMLButtonElement, TransferButtonProps>(function TransferButton({ asChild, ...props }, ref) {
  const { buttonProps } = useTransferButton(props);
  return <Element {...buttonProps} asChild={asChild} kind="transfer" ref={ref} />;
});
