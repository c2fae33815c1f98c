import type { CallSnapshot, Phone, PhoneSnapshot } from '@handset/core';
import { useShallow } from 'zustand/react/shallow';
import { usePhoneSelector } from './usePhoneSelector';

export interface UseCallsOptions {
  /** Which calls: the live ones (default, oldest first), the ended ones kept for display (most recent last), or both. */
  readonly which?: 'live' | 'ended' | 'all';
  readonly phone?: Phone | null;
}

const noCalls: readonly CallSnapshot[] = Object.freeze([]);

function pick(snapshot: PhoneSnapshot, ids: readonly string[]): readonly CallSnapshot[] {
  if (ids.length === 0) return noCalls;
  return ids.map((id) => snapshot.calls[id]).filter((call): call is CallSnapshot => call !== undefined);
}

/**
 * Call snapshots as an array. The array keeps its identity until a call is added, removed or changes
 * (shallow comparison), so it is safe as an effect dependency.
 */
export function useCalls(options: UseCallsOptions = {}): readonly CallSnapshot[] {
  const which = options.which ?? 'live';
  return usePhoneSelector(
    useShallow((snapshot: PhoneSnapshot) => {
      if (which === 'live') return pick(snapshot, snapshot.callIds);
      if (which === 'ended') return pick(snapshot, snapshot.endedCallIds);
      const all = [...pick(snapshot, snapshot.callIds), ...pick(snapshot, snapshot.endedCallIds)];
      return all.length === 0 ? noCalls : all;
    }),
    options.phone,
  );
}
