import type { CallSnapshot, PhoneSnapshot } from '@handset/core';
import { useShallow } from 'zustand/react/shallow';
import type { PhoneHookOptions } from './options';
import { usePhoneSelector } from './usePhoneSelector';

/** Which calls: the live ones (oldest first), the ended ones kept for display (most recent last), or both. */
export type CallsFilter = 'live' | 'ended' | 'all';

const noCalls: readonly CallSnapshot[] = Object.freeze([]);

function pick(snapshot: PhoneSnapshot, ids: readonly string[]): readonly CallSnapshot[] {
  if (ids.length === 0) return noCalls;
  return ids.map((id) => snapshot.calls[id]).filter((call): call is CallSnapshot => call !== undefined);
}

/**
 * Call snapshots as an array: `useCalls()` the live ones, `useCalls('ended')`, `useCalls('all')`. The array
 * keeps its identity until a call is added, removed or changes (shallow comparison), so it is safe as an
 * effect dependency.
 */
export function useCalls(which: CallsFilter = 'live', options: PhoneHookOptions = {}): readonly CallSnapshot[] {
  return usePhoneSelector(
    useShallow((snapshot: PhoneSnapshot) => {
      if (which === 'live') return pick(snapshot, snapshot.callIds);
      if (which === 'ended') return pick(snapshot, snapshot.endedCallIds);
      const all = [...pick(snapshot, snapshot.callIds), ...pick(snapshot, snapshot.endedCallIds)];
      return all.length === 0 ? noCalls : all;
    }),
    options,
  );
}
