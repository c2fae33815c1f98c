import { type AcceptOptions, type CallSnapshot, HandsetError, type Phone, type PhoneSnapshot } from '@handset/core';
import { createContext, useMemo } from 'react';
import type { PhoneHookOptions } from './options';
import { bindCallActions } from './useCall';
import { usePhone } from './usePhone';
import { useStoreSelector } from './usePhoneSelector';

export interface UseIncomingCallResult {
  /** The oldest incoming call still alerting, or null. */
  readonly call: CallSnapshot | null;
  /** True when another call is live (answered, held, or being set up): the incoming call is call waiting. */
  readonly waiting: boolean;
  /** Answers; any active call is put on hold by the core first. */
  accept(options?: AcceptOptions): void;
  /** Same as `accept`, named for the call-waiting choice. */
  holdAndAccept(options?: AcceptOptions): void;
  /** Hangs up every other live call, then answers. */
  endAndAccept(options?: AcceptOptions): void;
  reject(sipCode?: number): void;
  /** Stops alerting here without answering; the caller keeps hearing ringback. */
  ignore(): void;
}

const selectIncoming = (snapshot: PhoneSnapshot): CallSnapshot | null => {
  for (const id of snapshot.callIds) {
    const call = snapshot.calls[id];
    if (call?.state === 'incoming') return call;
  }
  return null;
};

const selectHasOtherLiveCall = (snapshot: PhoneSnapshot): boolean =>
  snapshot.callIds.some((id) => {
    const state = snapshot.calls[id]?.state;
    return state !== undefined && state !== 'incoming' && state !== 'ended';
  });

/** The incoming call to answer, if any, with the choices a softphone offers (including call waiting). */
export function useIncomingCall(options: PhoneHookOptions = {}): UseIncomingCallResult {
  return useIncomingCallOf(usePhone(options.phone));
}

/** `useIncomingCall` for this phone; null reads nothing (its commands then throw `invalid-state`). */
export function useIncomingCallOf(phone: Phone | null): UseIncomingCallResult {
  const call = useStoreSelector(phone, selectIncoming, null);
  const waiting = useStoreSelector(phone, selectHasOtherLiveCall, false) && call !== null;
  const id = call?.id ?? null;
  const actions = useMemo(() => {
    if (!phone) {
      const none = () => {
        throw new HandsetError('invalid-state', 'There is no incoming call.');
      };
      return { accept: none, holdAndAccept: none, endAndAccept: none, reject: none, ignore: none };
    }
    const bound = bindCallActions(phone, id);
    return {
      accept: bound.accept,
      holdAndAccept: bound.accept,
      endAndAccept: (options?: AcceptOptions) => {
        for (const other of phone.calls) {
          if (other.id !== id && other.state !== 'incoming' && other.state !== 'ended') other.hangup();
        }
        bound.accept(options);
      },
      reject: bound.reject,
      ignore: bound.ignore,
    };
  }, [phone, id]);
  return useMemo(() => ({ ...actions, call, waiting }), [actions, call, waiting]);
}

/** The call an `IncomingCallRoot` shows, for its parts and for the incoming-call button hooks inside it. */
export const IncomingCallContext = createContext<UseIncomingCallResult | null>(null);
IncomingCallContext.displayName = 'IncomingCall';
