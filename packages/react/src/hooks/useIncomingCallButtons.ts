import { HandsetError, lineCan, nextCallState } from '@handset/core';
import { useContext } from 'react';
import { type LabelsOverride, useLabels } from '../labels/LabelsContext';
import { type ControlProps, type ControlState, type ControlStateProps, controlProps, controlState } from './controlProps';
import type { PhoneHookOptions } from './options';
import { IncomingCallContext, type UseIncomingCallResult, useIncomingCallOf } from './useIncomingCall';
import { useMaybePhone } from './usePhone';

/** The choices an incoming call offers, each a button. */
export type IncomingCallAction = 'accept' | 'holdAndAccept' | 'endAndAccept' | 'reject' | 'ignore';

export interface IncomingCallButtonHookProps<E extends HTMLElement = HTMLButtonElement> extends ControlProps<E>, PhoneHookOptions {
  /** Words for the incoming-call buttons (the provider's `labels.incomingCall` otherwise). */
  labels?: LabelsOverride['incomingCall'];
}

export type IncomingCallButtonProps<P> = Omit<P, 'phone' | 'labels' | 'disabled'> & ControlStateProps<HTMLElement>;

export interface IncomingCallButtonHookResult<P> extends ControlState {
  readonly buttonProps: IncomingCallButtonProps<P>;
  /** The incoming call (inside an `IncomingCallRoot`, the one it shows). */
  readonly incoming: UseIncomingCallResult;
}

/** The command the core's transition table knows each choice by. */
const commandOf = { accept: 'accept', holdAndAccept: 'accept', endAndAccept: 'accept', reject: 'reject', ignore: 'ignore' } as const;
const labelOf = {
  accept: 'accept',
  holdAndAccept: 'holdAndAccept',
  endAndAccept: 'endAndAccept',
  reject: 'decline',
  ignore: 'ignore',
} as const;

/**
 * One incoming-call choice as a prop getter. Inside an `IncomingCallRoot` it acts on the call the root
 * shows; elsewhere on the phone's alerting call. Enabled only while the call's state allows the command.
 */
export function useIncomingCallButton<P extends IncomingCallButtonHookProps<HTMLElement>>(
  action: IncomingCallAction,
  props: P,
): IncomingCallButtonHookResult<P> {
  const fromRoot = useContext(IncomingCallContext);
  const phone = useMaybePhone(props.phone);
  const own = useIncomingCallOf(fromRoot ? null : phone);
  if (!fromRoot && !phone) {
    throw new HandsetError('invalid-option', 'No phone: render this inside <PhoneProvider> or <IncomingCallRoot>, or pass a phone.');
  }
  const incoming = fromRoot ?? own;
  const words = useLabels('incomingCall', props.labels);
  const reasons = useLabels('disabledReasons');
  const command = commandOf[action];
  const call = incoming.call;
  const refusal =
    call === null
      ? reasons.noCall
      : phone && !lineCan(phone.line.capabilities, command)
        ? reasons.unsupported
        : nextCallState(call.state, command) === null
          ? reasons.notNow
          : null;
  const state = controlState(refusal, props.disabled);
  const { phone: _p, labels: _l, ...element } = props;
  const buttonProps = controlProps(element, state, words[labelOf[action]], () => incoming[action]()) as IncomingCallButtonProps<P>;
  return { ...state, buttonProps, incoming };
}

/** Accept as a prop getter (any active call is put on hold by the core first). */
export function useAcceptButton<P extends IncomingCallButtonHookProps<HTMLElement>>(props: P): IncomingCallButtonHookResult<P> {
  return useIncomingCallButton('accept', props);
}

/** Decline as a prop getter (rejects the call: 486 Busy Here). */
export function useRejectButton<P extends IncomingCallButtonHookProps<HTMLElement>>(props: P): IncomingCallButtonHookResult<P> {
  return useIncomingCallButton('reject', props);
}

/** Ignore as a prop getter (stops alerting here without answering). */
export function useIgnoreButton<P extends IncomingCallButtonHookProps<HTMLElement>>(props: P): IncomingCallButtonHookResult<P> {
  return useIncomingCallButton('ignore', props);
}
