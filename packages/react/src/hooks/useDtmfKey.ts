import { type LabelsOverride, useLabels } from '../labels/LabelsContext';
import { type ControlProps, type ControlState, type ControlStateProps, controlProps, controlState } from './controlProps';
import type { PhoneHookOptions } from './options';
import { type UseCallResult, useCall } from './useCall';

export interface DtmfKeyHookProps<E extends HTMLElement = HTMLButtonElement> extends ControlProps<E>, PhoneHookOptions {
  /** The tone this key sends: 0-9, `*`, `#` (A-D where the line sends them). */
  digit: string;
  /** The call that receives the tone; the active call when omitted. */
  callId?: string | null;
  /** Called after the tone was handed to the call. */
  onSent?: (digit: string) => void;
  /** Called with the core's error when the tone was refused (otherwise it is thrown). */
  onToneError?: (error: unknown) => void;
  labels?: LabelsOverride['disabledReasons'];
}

export interface DtmfKeyHookResult<P> extends ControlState {
  readonly buttonProps: Omit<P, 'digit' | 'callId' | 'phone' | 'onSent' | 'onToneError' | 'labels' | 'disabled'> &
    ControlStateProps<HTMLElement> & { 'data-key': string };
}

/** The state-machine verdict and click handler of one DTMF key; shared by `useDtmfKey` and `Dialpad`'s keys. */
export function dtmfKeyProps<P extends DtmfKeyHookProps<HTMLElement>>(
  props: P,
  call: UseCallResult,
  reasons: { noCall: string; notNow: string; unsupported: string },
): DtmfKeyHookResult<P> {
  const { digit, callId: _c, phone: _p, onSent, onToneError, labels: _l, ...element } = props;
  const refusal = call.whyNot('sendDigits');
  const state = controlState(refusal ? reasons[refusal] : null, props.disabled);
  const built = controlProps(element, state, digit, () => {
    try {
      call.sendDigits(digit);
    } catch (error) {
      if (!onToneError) throw error;
      onToneError(error);
      return;
    }
    onSent?.(digit);
  });
  return { ...state, buttonProps: { ...built, 'data-key': digit } as DtmfKeyHookResult<P>['buttonProps'] };
}

/** A DTMF key as a prop getter: sends its tone on the call, enabled while the call can take tones. */
export function useDtmfKey<P extends DtmfKeyHookProps<HTMLElement>>(props: P): DtmfKeyHookResult<P> {
  const call = useCall(props.callId, props);
  const reasons = useLabels('disabledReasons', props.labels);
  return dtmfKeyProps(props, call, reasons);
}
