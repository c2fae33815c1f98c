import { callDuration, type PhoneSnapshot } from '@handset/core';
import { useCallback, useSyncExternalStore } from 'react';
import type { PhoneHookOptions } from './options';
import { useCallId } from './useCall';
import { usePhoneSelector } from './usePhoneSelector';

/**
 * Whole seconds since the call was answered (the active call without an id); frozen when it ends,
 * 0 before an answer. A timer runs only while the call is answered and not ended, and it wakes once
 * per second, on the second boundary, so the component renders once a second and never otherwise.
 */
export function useCallDuration(id?: string | null, options: PhoneHookOptions = {}): number {
  const callId = useCallId(id, options);
  const answeredAt = usePhoneSelector(
    useCallback((snapshot: PhoneSnapshot) => (callId === null ? null : (snapshot.calls[callId]?.answeredAt ?? null)), [callId]),
    options,
  );
  const endedAt = usePhoneSelector(
    useCallback((snapshot: PhoneSnapshot) => (callId === null ? null : (snapshot.calls[callId]?.endedAt ?? null)), [callId]),
    options,
  );
  const ticking = answeredAt !== null && endedAt === null;
  const subscribe = useCallback(
    (onTick: () => void) => {
      if (!ticking) return noop;
      let timer: ReturnType<typeof setTimeout>;
      const schedule = () => {
        const elapsed = Date.now() - (answeredAt as number);
        timer = setTimeout(
          () => {
            onTick();
            schedule();
          },
          1000 - (((elapsed % 1000) + 1000) % 1000),
        );
      };
      schedule();
      return () => clearTimeout(timer);
    },
    [ticking, answeredAt],
  );
  const read = () => callDuration({ answeredAt, endedAt }, Date.now());
  return useSyncExternalStore(subscribe, read, read);
}

function noop(): void {}
