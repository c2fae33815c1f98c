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
}

export interface UseCallResult extends CallActions {
  /** The call's snapshot (kept after it ends while the phone keeps it for display), or null. */
  readonly call: CallSnapshot | null;
  /** Whether the command can run now: the call's transition table allows it and the line can do it. Drives `disabled`. */
  can(command: CallCommand): boolean;
  /** Whether the phone's line can do the command at all (`line.capabilities`): an action it cannot do is not offered. */
  supports(command: CallCommand): boolean;
}

export type CallCommand = Extract<
  CallEvent,
  'accept' | 'reject' | 'ignore' | 'hangup' | 'hold' | 'unhold' | 'mute' | 'sendDigits' | 'sendMessage' | 'sendInfo'
>;

/** The id `useCall(id)` resolves to: the given id, or the active call's. */
export function useCallId(id?: string | null, phone?: Phone | null): string | null {
  const activeId = usePhoneSelector(selectActiveCallId, phone);
  return id === undefined ? activeId : id;
}

const selectActiveCallId = (snapshot: PhoneSnapshot) => snapshot.activeCallId;

/** Bound commands for one call id; stable while the id is. */
export function useCallActions(id: string | null, phone?: Phone | null): CallActions {
  const target = usePhone(phone);
  return useMemo(() => bindCallActions(target, id), [target, id]);
}

/**
 * One call: its snapshot and bound commands. Without an id, the active call (the one with the
 * microphone, or the one focused last when all are held; never an unanswered incoming call).
 * Re-renders only when that call's snapshot changes.
 */
export function useCall(id?: string | null, phone?: Phone | null): UseCallResult {
  const target = usePhone(phone);
  const callId = useCallId(id, target);
  const call = usePhoneSelector(
    useCallback((snapshot: PhoneSnapshot) => (callId === null ? null : (snapshot.calls[callId] ?? null)), [callId]),
    target,
  );
  const actions = useCallActions(callId, target);
  return useMemo(() => {
    const supports = (command: CallCommand) => lineCan(target.line.capabilities, command);
    return { ...actions, call, supports, can: (command: CallCommand) => canRun(call, command) && supports(command) };
  }, [actions, call, target]);
}

/** Whether the transition table allows `command` for this snapshot. */
export function canRun(call: CallSnapshot | null, command: CallCommand): boolean {
  return call !== null && nextCallState(call.state, command) !== null;
}

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
  };
}
