import * as Dialog from '@radix-ui/react-dialog';
import { Slot, Slottable } from '@radix-ui/react-slot';
import { type ComponentPropsWithoutRef, forwardRef, type ReactNode, useContext, useRef, useState } from 'react';
import type { PhoneHookOptions } from '../hooks/options';
import { IncomingCallContext, type UseIncomingCallResult, useIncomingCall } from '../hooks/useIncomingCall';
import { type IncomingCallAction, type IncomingCallButtonHookProps, useIncomingCallButton } from '../hooks/useIncomingCallButtons';
import { usePlaybackBlocked } from '../hooks/usePlaybackBlocked';
import { type LabelsOverride, useLabels } from '../labels/LabelsContext';
import { cx } from '../utils/dom';

function useIncomingCallContext(part: string): UseIncomingCallResult {
  const value = useContext(IncomingCallContext);
  if (!value) throw new Error(`<${part}> must be inside <IncomingCallRoot>.`);
  return value;
}

export interface IncomingCallRootProps extends ComponentPropsWithoutRef<'div'>, PhoneHookOptions {
  asChild?: boolean;
  /** Render even when no call is ringing (the parts then render nothing). Default false: the root renders null. */
  forceMount?: boolean;
}

/** The root, told which call to show (the dialog keeps showing the call it closes on). Not exported from the package. */
const ShownRoot = forwardRef<HTMLDivElement, IncomingCallRootProps & { shown?: UseIncomingCallResult }>(function ShownRoot(
  { asChild, forceMount, phone, shown, className, ...props },
  ref,
) {
  const live = useIncomingCall({ phone });
  const incoming = shown ?? live;
  if (!incoming.call && !forceMount) return null;
  const Comp = asChild ? Slot : 'div';
  return (
    <IncomingCallContext.Provider value={incoming}>
      <Comp
        {...props}
        ref={ref}
        className={cx('hs-incoming-call', className)}
        data-state={incoming.call ? (incoming.waiting ? 'waiting' : 'incoming') : 'idle'}
        data-verified={incoming.call?.callerInfo?.isVerified ? '' : undefined}
      />
    </IncomingCallContext.Provider>
  );
});

/**
 * The incoming call (the oldest one still alerting), for its parts to read. `data-state` is the kind of
 * alert: `incoming`, `waiting` when another call is live (call waiting), or `idle` (with `forceMount`);
 * `data-verified` when the caller's number was verified.
 */
export const IncomingCallRoot = forwardRef<HTMLDivElement, IncomingCallRootProps>(function IncomingCallRoot(props, ref) {
  return <ShownRoot {...props} ref={ref} />;
});

export interface IncomingCallTextProps extends ComponentPropsWithoutRef<'span'> {
  asChild?: boolean;
}

/** The caller's name, or the number when there is no name. Always rendered as text, never as HTML. */
export const IncomingCallCaller = forwardRef<HTMLSpanElement, IncomingCallTextProps>(function IncomingCallCaller(
  { asChild, className, children, ...props },
  ref,
) {
  const { call } = useIncomingCallContext('IncomingCallCaller');
  const text = call ? call.remote.name || call.remote.number : '';
  return textPart(asChild, { ...props, ref, className: cx('hs-incoming-caller', className) }, children, text);
});

export interface IncomingCallNumberProps extends IncomingCallTextProps {
  /** Show the number even when the caller has no name (and `IncomingCallCaller` already shows it). */
  always?: boolean;
}

/** The caller's number (as the line reported it), as text; nothing when `IncomingCallCaller` already shows it, unless `always`. */
export const IncomingCallNumber = forwardRef<HTMLSpanElement, IncomingCallNumberProps>(function IncomingCallNumber(
  { asChild, always, className, children, ...props },
  ref,
) {
  const { call } = useIncomingCallContext('IncomingCallNumber');
  if (!call || (!call.remote.name && !always)) return null;
  return textPart(asChild, { ...props, ref, className: cx('hs-incoming-number', className) }, children, call.remote.number);
});

function textPart(asChild: boolean | undefined, props: Record<string, unknown>, children: ReactNode, text: string): ReactNode {
  if (asChild) {
    return (
      <Slot {...props}>
        <Slottable>{children}</Slottable>
        {text}
      </Slot>
    );
  }
  return <span {...props}>{text}</span>;
}

export interface IncomingCallButtonProps extends Omit<ComponentPropsWithoutRef<'button'>, 'disabled'>, IncomingCallButtonHookProps {
  asChild?: boolean;
}

function ActionButton({
  action,
  classSuffix,
  asChild,
  className,
  buttonRef,
  ...props
}: IncomingCallButtonProps & { action: IncomingCallAction; classSuffix: string; buttonRef: React.ForwardedRef<HTMLButtonElement> }) {
  const { buttonProps } = useIncomingCallButton(action, props);
  const Comp = asChild ? Slot : 'button';
  return (
    <Comp
      {...(asChild ? {} : { type: 'button' })}
      {...buttonProps}
      ref={buttonRef}
      className={cx('hs-incoming-button', `hs-incoming-${classSuffix}`, className)}
    />
  );
}

/** Answers (any active call is put on hold first); `useAcceptButton` as a button. */
export const IncomingCallAccept = forwardRef<HTMLButtonElement, IncomingCallButtonProps>(function IncomingCallAccept(props, ref) {
  return <ActionButton {...props} buttonRef={ref} action="accept" classSuffix="accept" />;
});
/** Call waiting: hold the active call and answer this one. */
export const IncomingCallHoldAndAccept = forwardRef<HTMLButtonElement, IncomingCallButtonProps>(
  function IncomingCallHoldAndAccept(props, ref) {
    return <ActionButton {...props} buttonRef={ref} action="holdAndAccept" classSuffix="hold-accept" />;
  },
);
/** Call waiting: end the active call and answer this one. */
export const IncomingCallEndAndAccept = forwardRef<HTMLButtonElement, IncomingCallButtonProps>(
  function IncomingCallEndAndAccept(props, ref) {
    return <ActionButton {...props} buttonRef={ref} action="endAndAccept" classSuffix="end-accept" />;
  },
);
/** Rejects the call (486 Busy Here); `useRejectButton` as a button. */
export const IncomingCallDecline = forwardRef<HTMLButtonElement, IncomingCallButtonProps>(function IncomingCallDecline(props, ref) {
  return <ActionButton {...props} buttonRef={ref} action="reject" classSuffix="decline" />;
});
/** Stops alerting here without answering; `useIgnoreButton` as a button. */
export const IncomingCallIgnore = forwardRef<HTMLButtonElement, IncomingCallButtonProps>(function IncomingCallIgnore(props, ref) {
  return <ActionButton {...props} buttonRef={ref} action="ignore" classSuffix="ignore" />;
});

/**
 * The parts under one name, Radix style (`IncomingCall.Root`, `IncomingCall.Accept`, ...); each is also a
 * named export (`IncomingCallRoot`, ...). `CallerNumber`, not `Number`, so destructuring does not shadow the global.
 */
export const IncomingCall = {
  Root: IncomingCallRoot,
  Caller: IncomingCallCaller,
  CallerNumber: IncomingCallNumber,
  Accept: IncomingCallAccept,
  HoldAndAccept: IncomingCallHoldAndAccept,
  EndAndAccept: IncomingCallEndAndAccept,
  Decline: IncomingCallDecline,
  Ignore: IncomingCallIgnore,
} as const;

export interface IncomingCallDialogProps extends PhoneHookOptions {
  className?: string;
  overlayClassName?: string;
  /** Where the dialog is portalled (document.body by default). */
  container?: HTMLElement | null;
  /** Words for this dialog (the provider's `labels.incomingCall` otherwise). */
  labels?: LabelsOverride['incomingCall'];
}

/**
 * The ready-made incoming-call dialog (Radix Dialog, `role="alertdialog"`): caller name and number,
 * Accept / Decline / Ignore, or during another call the call-waiting choices Hold & accept /
 * End & accept / Decline. Focus moves to the accept button, and back where it was when the dialog
 * closes; Escape ignores the call; clicks outside do nothing (the call needs an answer). It opens and
 * closes with the phone's state.
 *
 * The ringtone is played by the phone's media kit, not here. When the browser refuses to play it
 * (autoplay policy, `store.media.ringtoneBlocked`), the dialog shows an "Enable sound" button
 * (`data-sound="blocked"` on the content): any click resumes it, the button makes that visible.
 */
export function IncomingCallDialog({ className, overlayClassName, container, labels, phone }: IncomingCallDialogProps): ReactNode {
  const incoming = useIncomingCall({ phone });
  const playback = usePlaybackBlocked({ phone });
  const words = useLabels('incomingCall', labels);
  // While it closes (exit animation), keep showing the call that was answered or dropped: state derived
  // during render (React's pattern for it), not a ref written during render.
  const [lastShown, setLastShown] = useState(incoming);
  if (incoming.call && incoming !== lastShown) setLastShown(incoming);
  const shown = incoming.call ? incoming : lastShown;
  const acceptRef = useRef<HTMLButtonElement>(null);
  // Where focus was when it rang: Radix returns focus to a Trigger, and this dialog has none.
  const returnFocusTo = useRef<HTMLElement | null>(null);
  const waiting = shown.waiting;
  return (
    <Dialog.Root open={incoming.call !== null}>
      <Dialog.Portal container={container}>
        <Dialog.Overlay className={cx('hs-incoming-overlay', overlayClassName)} />
        <Dialog.Content
          role="alertdialog"
          className={cx('hs-incoming-dialog', className)}
          onOpenAutoFocus={(event) => {
            event.preventDefault();
            const active = document.activeElement;
            returnFocusTo.current = active instanceof HTMLElement && active !== document.body ? active : null;
            acceptRef.current?.focus();
          }}
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            const target = returnFocusTo.current;
            returnFocusTo.current = null;
            if (target?.isConnected) target.focus();
          }}
          onEscapeKeyDown={(event) => {
            event.preventDefault();
            if (incoming.call) incoming.ignore();
          }}
          onInteractOutside={(event) => event.preventDefault()}
          data-sound={playback.ringtoneBlocked ? 'blocked' : undefined}
        >
          <ShownRoot shown={shown} phone={phone} forceMount>
            <Dialog.Title className="hs-incoming-title">{waiting ? words.waiting : words.incoming}</Dialog.Title>
            <Dialog.Description className="hs-incoming-description">
              <IncomingCallCaller /> <IncomingCallNumber />
            </Dialog.Description>
            {waiting && <p className="hs-incoming-hint">{words.waitingHint}</p>}
            {playback.ringtoneBlocked && (
              <button type="button" className="hs-incoming-button hs-incoming-sound" onClick={() => void playback.resume()}>
                {words.enableSound}
              </button>
            )}
            <div className="hs-incoming-actions">
              {waiting ? (
                <>
                  <IncomingCallHoldAndAccept ref={acceptRef} labels={labels} phone={phone} />
                  <IncomingCallEndAndAccept labels={labels} phone={phone} />
                </>
              ) : (
                <IncomingCallAccept ref={acceptRef} labels={labels} phone={phone} />
              )}
              <IncomingCallDecline labels={labels} phone={phone} />
              <IncomingCallIgnore labels={labels} phone={phone} />
            </div>
          </ShownRoot>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
