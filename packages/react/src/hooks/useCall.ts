import {
  type AcceptOptions,
  type Call,
  type CallEvent,
  type CallSnapshot,
  HandsetError,
  lineCan,
  type MessageInput,
  nextCallState,
  type Phone,
  type PhoneSnapshot,
} from '@handset/core';
import { useCallback, useMemo } from 'react';
import type { PhoneHookOptions } from './options';
import { usePhone } from './usePhone';
import { usePhoneSelector } from './usePhoneSelector';

/** Commands on one call, bound to its id. Each throws the core's `invalid-state` error when the call cannot take it now. */
export interface CallActions {
  accept(options?: AcceptOptions): void;
  reject(sipCode?: number): void;
  ignore(): void;
  hangup(): void;
  mute(shouldMute?: boolean): void;
  toggleMute(): void;
  hold(): void;
  unhold(): void;
  toggleHold(): void;
  sendDigits(digits: string): void;
  sendMessage(input: MessageInput): string;
  /** Blind transfer to an E.164 number, a SIP URI or a name the line accepts. */
  transfer(destination: string): void;
}

/** Why a command cannot run now: no call, the line cannot do it at all, or the call's state forbids it. */
export type CallRefusal = 'noCall' | 'unsupported' | 'notNow';

export interface UseCallResult extends CallActions {
  /** The call's snapshot (kept after it ends while the phone keeps it for display), or null. */
  readonly call: CallSnapshot | null;
  /** Whether the command can run now: the call's transition table allows it and the line can do it. Drives `disabled`. */
  can(command: CallCommand): boolean;
  /** Whether the phone's line can do the command at all (`line.capabilities`): an action it cannot do is not offered. */
  supports(command: CallCommand): boolean;
  /** Why `can(command)` is false (null when it is true): what a disabled control tells assistive technology. */
  whyNot(command: CallCommand): CallRefusal | null;
}

/** The call commands, named as the core's transition table names them (`transfer` runs where `sendInfo` may). */
export type CallCommand =
  | Extract<CallEvent, 'accept' | 'reject' | 'ignore' | 'hangup' | 'hold' | 'unhold' | 'mute' | 'sendDigits' | 'sendMessage' | 'sendInfo'>
  | 'transfer';

/** The id `useCall(id)` resolves to: the given id, or the active call's. */
export function useCallId(id: string | null | undefined, options: PhoneHookOptions = {}): string | null {
  const activeId = usePhoneSelector(selectActiveCallId, options);
  return id === undefined ? activeId : id;
}

const selectActiveCallId = (snapshot: PhoneSnapshot) => snapshot.activeCallId;

/**
 * One call: its snapshot and bound commands. Without an id, the active call (the one with the
 * microphone, or the one focused last when all are held; never an unanswered incoming call).
 * Re-renders only when that call's snapshot changes.
 */
export function useCall(id?: string | null, options: PhoneHookOptions = {}): UseCallResult {
  const target = usePhone(options.phone);
  const callId = useCallId(id, { phone: target });
  const call = usePhoneSelector(
    useCallback((snapshot: PhoneSnapshot) => (callId === null ? null : (snapshot.calls[callId] ?? null)), [callId]),
    { phone: target },
  );
  const actions = useMemo(() => bindCallActions(target, callId), [target, callId]);
  return useMemo(() => {
    const supports = (command: CallCommand) => lineCan(target.line.capabilities, command);
    const whyNot = (command: CallCommand): CallRefusal | null =>
      call === null ? 'noCall' : !supports(command) ? 'unsupported' : !tableAllows(call, command) ? 'notNow' : null;
    return { ...actions, call, supports, whyNot, can: (command: CallCommand) => whyNot(command) === null };
  }, [actions, call, target]);
}

/** Whether the transition table allows `command` for this snapshot. */
function tableAllows(call: CallSnapshot, command: CallCommand): boolean {
  return nextCallState(call.state, command === 'transfer' ? 'sendInfo' : command) !== null;
}

/** Commands bound to one call id, each looking the call up when it runs (internal: `useCall` returns them). */
export function bindCallActions(phone: Phone, id: string | null): CallActions {
  const live = (): Call => {
    const call = id === null ? null : phone.getCall(id);
    if (!call) throw new HandsetError('invalid-state', id === null ? 'There is no call.' : `The call "${id}" has ended.`);
    return call;
  };
  return {
    accept: (options) => live().accept(options),
    reject: (sipCode) => live().reject(sipCode),
    ignore: () => live().ignore(),
    hangup: () => live().hangup(),
    mute: (shouldMute = true) => live().mute(shouldMute),
    toggleMute: () => {
      const call = live();
      call.mute(!call.isMuted());
    },
    hold: () => live().hold(),
    unhold: () => live().unhold(),
    toggleHold: () => live().toggleHold(),
    sendDigits: (digits) => live().sendDigits(digits),
    sendMessage: (input) => live().sendMessage(input),
    transfer: (destination) => live().transfer(destination),
  };
}
