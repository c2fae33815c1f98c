import type { Phone } from '@handset/core';
import * as Dialog from '@radix-ui/react-dialog';
import { Slot, Slottable } from '@radix-ui/react-slot';
import { type ComponentPropsWithoutRef, createContext, forwardRef, type ReactNode, useContext, useRef } from 'react';
import { type UseIncomingCallResult, useIncomingCall } from '../hooks/useIncomingCall';
import { usePlaybackBlocked } from '../hooks/usePlaybackBlocked';
import { compose, cx } from '../utils/dom';

const IncomingCallContext = createContext<UseIncomingCallResult | null>(null);

function useIncomingCallContext(part: string): UseIncomingCallResult {
  const value = useContext(IncomingCallContext);
  if (!value) throw new Error(`<IncomingCall.${part}> must be inside <IncomingCall.Root>.`);
  return value;
}

export interface IncomingCallRootProps extends ComponentPropsWithoutRef<'div'> {
  asChild?: boolean;
  /** Render even when no call is ringing (the parts then render nothing). Default false: the root renders null. */
  forceMount?: boolean;
  phone?: Phone;
  /** @internal The dialog passes the call it keeps showing while it closes. */
  value?: UseIncomingCallResult;
}

/**
 * The incoming call (the oldest one still alerting), for its parts to read. `data-state` is
 * `incoming`, or `waiting` when another call is live (call waiting); `data-verified` when the
 * caller's number was verified.
 */
const Root = forwardRef<HTMLDivElement, IncomingCallRootProps>(function IncomingCallRoot(
  { asChild, forceMount, phone, value, className, ...props },
  ref,
) {
  const live = useIncomingCall(phone);
  const incoming = value ?? live;
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

export interface IncomingCallTextProps extends ComponentPropsWithoutRef<'span'> {
  asChild?: boolean;
}

/** The caller's name, or the number when there is no name. Always rendered as text, never as HTML. */
const Caller = forwardRef<HTMLSpanElement, IncomingCallTextProps>(function IncomingCallCaller(
  { asChild, className, children, ...props },
  ref,
) {
  const { call } = useIncomingCallContext('Caller');
  const text = call ? call.remote.name || call.remote.number : '';
  return textPart(asChild, { ...props, ref, className: cx('hs-incoming-caller', className) }, children, text);
});

/** The caller's number (as the line reported it), as text. Renders nothing when the name is absent and Caller already shows the number, unless `always`. */
const CallerNumber = forwardRef<HTMLSpanElement, IncomingCallTextProps & { always?: boolean }>(function IncomingCallNumber(
  { asChild, always, className, children, ...props },
  ref,
) {
  const { call } = useIncomingCallContext('Number');
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

export interface IncomingCallButtonProps extends ComponentPropsWithoutRef<'button'> {
  asChild?: boolean;
}

type IncomingCallAction = 'accept' | 'holdAndAccept' | 'endAndAccept' | 'reject' | 'ignore';

interface ActionButtonProps extends IncomingCallButtonProps {
  part: string;
  action: IncomingCallAction;
  label: string;
  classSuffix: string;
}

const ActionButton = forwardRef<HTMLButtonElement, ActionButtonProps>(function IncomingCallActionButton(
  { part, action, label, classSuffix, asChild, className, onClick, children, disabled, ...props },
  ref,
) {
  const incoming = useIncomingCallContext(part);
  const Comp = asChild ? Slot : 'button';
  return (
    <Comp
      type="button"
      {...props}
      ref={ref}
      className={cx('hs-incoming-button', `hs-incoming-${classSuffix}`, className)}
      disabled={disabled ?? incoming.call === null}
      onClick={compose(onClick, () => incoming[action]())}
    >
      {children ?? label}
    </Comp>
  );
});

/** Answers (any active call is put on hold first). */
const Accept = forwardRef<HTMLButtonElement, IncomingCallButtonProps>(function IncomingCallAccept(props, ref) {
  return <ActionButton {...props} ref={ref} part="Accept" action="accept" label="Accept" classSuffix="accept" />;
});
/** Call waiting: hold the active call and answer this one. */
const HoldAndAccept = forwardRef<HTMLButtonElement, IncomingCallButtonProps>(function IncomingCallHoldAndAccept(props, ref) {
  return <ActionButton {...props} ref={ref} part="HoldAndAccept" action="holdAndAccept" label="Hold & accept" classSuffix="hold-accept" />;
});
/** Call waiting: end the active call and answer this one. */
const EndAndAccept = forwardRef<HTMLButtonElement, IncomingCallButtonProps>(function IncomingCallEndAndAccept(props, ref) {
  return <ActionButton {...props} ref={ref} part="EndAndAccept" action="endAndAccept" label="End & accept" classSuffix="end-accept" />;
});
/** Rejects the call (486 Busy Here). */
const Decline = forwardRef<HTMLButtonElement, IncomingCallButtonProps>(function IncomingCallDecline(props, ref) {
  return <ActionButton {...props} ref={ref} part="Decline" action="reject" label="Decline" classSuffix="decline" />;
});
/** Stops alerting here without answering. */
const Ignore = forwardRef<HTMLButtonElement, IncomingCallButtonProps>(function IncomingCallIgnore(props, ref) {
  return <ActionButton {...props} ref={ref} part="Ignore" action="ignore" label="Ignore" classSuffix="ignore" />;
});

/** Compound parts for your own incoming-call UI: `IncomingCall.Root`, `.Caller`, `.Number`, `.Accept`, `.Decline`, ... */
export const IncomingCall = { Root, Caller, Number: CallerNumber, Accept, HoldAndAccept, EndAndAccept, Decline, Ignore };

export interface IncomingCallDialogProps {
  className?: string;
  overlayClassName?: string;
  /** Where the dialog is portalled (document.body by default). */
  container?: HTMLElement | null;
  /** Words to replace (e.g. for translation). */
  labels?: Partial<Record<'incoming' | 'waiting' | 'waitingHint' | 'enableSound', string>>;
  phone?: Phone;
}

/**
 * The ready-made incoming-call dialog (Radix Dialog, `role="alertdialog"`): caller name and number,
 * Accept / Decline / Ignore, or during another call the call-waiting choices Hold & accept /
 * End & accept / Decline. Focus moves to the accept button; Escape ignores the call; clicks
 * outside do nothing (the call needs an answer). It opens and closes with the phone's state.
 *
 * The ringtone is played by the phone's media kit, not here. When the browser refuses to play it
 * (autoplay policy, `store.media.ringtoneBlocked`), the dialog shows an "Enable sound" button
 * (`data-sound="blocked"` on the content): any click resumes it, the button makes that visible.
 */
export function IncomingCallDialog({ className, overlayClassName, container, labels = {}, phone }: IncomingCallDialogProps): ReactNode {
  const incoming = useIncomingCall(phone);
  const playback = usePlaybackBlocked(phone);
  // While it closes (exit animation), keep showing the call that was answered or dropped.
  const lastShown = useRef(incoming);
  if (incoming.call) lastShown.current = incoming;
  const shown = incoming.call ? incoming : lastShown.current;
  const acceptRef = useRef<HTMLButtonElement>(null);
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
            acceptRef.current?.focus();
          }}
          onEscapeKeyDown={(event) => {
            event.preventDefault();
            if (incoming.call) incoming.ignore();
          }}
          onInteractOutside={(event) => event.preventDefault()}
          data-sound={playback.ringtoneBlocked ? 'blocked' : undefined}
        >
          <IncomingCall.Root value={shown} forceMount>
            <Dialog.Title className="hs-incoming-title">
              {waiting ? (labels.waiting ?? 'Call waiting') : (labels.incoming ?? 'Incoming call')}
            </Dialog.Title>
            <Dialog.Description className="hs-incoming-description">
              <IncomingCall.Caller /> <IncomingCall.Number />
            </Dialog.Description>
            {waiting && <p className="hs-incoming-hint">{labels.waitingHint ?? 'You are on another call.'}</p>}
            {playback.ringtoneBlocked && (
              <button type="button" className="hs-incoming-button hs-incoming-sound" onClick={() => void playback.resume()}>
                {labels.enableSound ?? 'Click to enable sound'}
              </button>
            )}
            <div className="hs-incoming-actions">
              {waiting ? (
                <>
                  <IncomingCall.HoldAndAccept ref={acceptRef} />
                  <IncomingCall.EndAndAccept />
                </>
              ) : (
                <IncomingCall.Accept ref={acceptRef} />
              )}
              <IncomingCall.Decline />
              <IncomingCall.Ignore />
            </div>
          </IncomingCall.Root>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
