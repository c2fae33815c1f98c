import type { CallState } from '@handset/core';
import type { ReactNode } from 'react';
import type { HandsetLabels } from '../labels/english';
import { type LabelsOverride, useLabels } from '../labels/LabelsContext';
import { useControllableState } from '../utils/useControllableState';
import { type ControlProps, type ControlState, type ControlStateProps, controlProps, controlState } from './controlProps';
import type { PhoneHookOptions } from './options';
import { type CallRefusal, type UseCallResult, useCall } from './useCall';

/** The props a call button's hook takes: the element's own, plus which call and which words. */
export interface CallButtonHookProps<E extends HTMLElement = HTMLButtonElement> extends ControlProps<E>, PhoneHookOptions {
  /** The call to act on; the active call when omitted. */
  callId?: string | null;
  /** Words for this button (the provider's `labels.callButtons` otherwise). */
  labels?: LabelsOverride['callButtons'];
}

type OwnKeys = 'callId' | 'phone' | 'labels' | 'disabled';

/** The element's props with the state attributes, ready to spread on a `<button>` (or your own element). */
export type CallButtonProps<P> = Omit<P, OwnKeys> &
  ControlStateProps<HTMLElement> & {
    'data-state': string;
    'aria-pressed'?: boolean;
  };

export interface CallButtonHookResult<P> extends ControlState {
  readonly buttonProps: CallButtonProps<P>;
  /** The call the button acts on (its hook's `useCall`). */
  readonly call: UseCallResult;
}

export interface ToggleButtonHookResult<P> extends CallButtonHookResult<P> {
  readonly pressed: boolean;
}

function useReasons(): HandsetLabels['disabledReasons'] {
  return useLabels('disabledReasons');
}

function describe(refusal: CallRefusal | null, reasons: HandsetLabels['disabledReasons']): string | null {
  return refusal ? reasons[refusal] : null;
}

function build<P extends CallButtonHookProps<HTMLElement>>(
  props: P,
  state: ControlState,
  label: ReactNode,
  dataState: string,
  pressed: boolean | undefined,
  activate: () => void,
): CallButtonProps<P> {
  const { callId: _c, phone: _p, labels: _l, ...element } = props;
  return {
    ...controlProps(element, state, label, activate),
    'aria-pressed': pressed,
    'data-state': dataState,
  } as unknown as CallButtonProps<P>;
}

const callStateOf = (call: UseCallResult): CallState | 'idle' => call.call?.state ?? 'idle';

/**
 * Mute as a prop getter: `aria-pressed` and `data-state="on" | "off"` follow the call's `muted` flag;
 * enabled while the call's transition table allows `mute`.
 */
export function useMuteButton<P extends CallButtonHookProps<HTMLElement>>(props: P): ToggleButtonHookResult<P> {
  const call = useCall(props.callId, props);
  const words = useLabels('callButtons', props.labels);
  const reasons = useReasons();
  const pressed = call.call?.muted ?? false;
  const state = controlState(describe(call.whyNot('mute'), reasons), props.disabled);
  const buttonProps = build(props, state, words.mute, pressed ? 'on' : 'off', pressed, () => call.toggleMute());
  return { ...state, buttonProps, call, pressed };
}

/**
 * Hold / resume as a prop getter: `aria-pressed` and `data-state="on"` while held. On a line that
 * cannot hold (`line.capabilities.hold` false) it is disabled with that reason and `data-unsupported`.
 */
export function useHoldButton<P extends CallButtonHookProps<HTMLElement>>(props: P): ToggleButtonHookResult<P> {
  const call = useCall(props.callId, props);
  const words = useLabels('callButtons', props.labels);
  const reasons = useReasons();
  const pressed = call.call?.state === 'held';
  const refusal = pressed ? call.whyNot('unhold') : call.whyNot('hold');
  const state = controlState(describe(refusal, reasons), props.disabled);
  const built = build(props, state, words.hold, pressed ? 'on' : 'off', pressed, () => call.toggleHold());
  const buttonProps = call.supports('hold') ? built : { ...built, 'data-unsupported': '' };
  return { ...state, buttonProps, call, pressed };
}

export interface KeypadButtonHookProps<E extends HTMLElement = HTMLButtonElement> extends CallButtonHookProps<E> {
  /** Whether the keypad is shown (controlled), with `onPressedChange`; or `defaultPressed`. */
  pressed?: boolean;
  defaultPressed?: boolean;
  onPressedChange?: (pressed: boolean) => void;
}

/** Shows or hides an in-call keypad: enabled while digits can be sent (or to close an open keypad). */
export function useKeypadButton<P extends KeypadButtonHookProps<HTMLElement>>(
  props: P,
): ToggleButtonHookResult<Omit<P, 'pressed' | 'defaultPressed' | 'onPressedChange'>> {
  const { pressed: pressedProp, defaultPressed = false, onPressedChange, ...rest } = props;
  const call = useCall(props.callId, props);
  const words = useLabels('callButtons', props.labels);
  const reasons = useReasons();
  const [pressed, setPressed] = useControllableState(pressedProp, defaultPressed, onPressedChange);
  const state = controlState(pressed ? null : describe(call.whyNot('sendDigits'), reasons), props.disabled);
  const buttonProps = build(rest, state, words.keypad, pressed ? 'on' : 'off', pressed, () => setPressed(!pressed));
  return { ...state, buttonProps, call, pressed };
}

/** Hang up as a prop getter: ends, cancels (ringing out) or declines (ringing in); `data-state` is the call state. */
export function useHangUpButton<P extends CallButtonHookProps<HTMLElement>>(props: P): CallButtonHookResult<P> {
  const call = useCall(props.callId, props);
  const words = useLabels('callButtons', props.labels);
  const reasons = useReasons();
  const state = controlState(describe(call.whyNot('hangup'), reasons), props.disabled);
  const buttonProps = build(props, state, words.hangUp, callStateOf(call), undefined, () => call.hangup());
  return { ...state, buttonProps, call };
}

export interface TransferButtonHookProps<E extends HTMLElement = HTMLButtonElement> extends CallButtonHookProps<E> {
  /** Where to transfer the call (E.164, a SIP URI, or a name the line accepts); disabled while empty. */
  destination: string;
  /** Called with the core's error when the transfer is refused (e.g. `invalid-destination`). */
  onTransferError?: (error: unknown) => void;
}

/**
 * Blind transfer as a prop getter: enabled while the call is answered or held and the line can transfer
 * (`capabilities.blindTransfer`). `data-state` is the call state.
 */
export function useTransferButton<P extends TransferButtonHookProps<HTMLElement>>(
  props: P,
): CallButtonHookResult<Omit<P, 'destination' | 'onTransferError'>> {
  const { destination, onTransferError, ...rest } = props;
  const call = useCall(props.callId, props);
  const words = useLabels('callButtons', props.labels);
  const reasons = useReasons();
  const state = controlState(describe(call.whyNot('transfer'), reasons), props.disabled || destination.trim() === '');
  const buttonProps = build(rest, state, words.transfer, callStateOf(call), undefined, () => {
    try {
      call.transfer(destination);
    } catch (error) {
      if (!onTransferError) throw error;
      onTransferError(error);
    }
  });
  return { ...state, buttonProps, call };
}
