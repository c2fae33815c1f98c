import { useCallback, useState } from 'react';
import { useLatest } from './useLatest';

/** Controlled when `value` is given, uncontrolled otherwise; `onChange` fires either way (Radix's useControllableState). */
export function useControllableState<T>(
  value: T | undefined,
  defaultValue: T,
  onChange: ((value: T) => void) | undefined,
): [T, (next: T | ((previous: T) => T)) => void] {
  const [inner, setInner] = useState(defaultValue);
  const controlled = value !== undefined;
  const current = controlled ? value : inner;
  const latest = useLatest({ current, onChange });
  const set = useCallback(
    (next: T | ((previous: T) => T)) => {
      const previous = latest.current.current;
      const resolved = typeof next === 'function' ? (next as (previous: T) => T)(previous) : next;
      if (Object.is(resolved, previous)) return;
      // Two edits in one event see each other before the next commit updates `latest`.
      latest.current = { ...latest.current, current: resolved };
      if (!controlled) setInner(resolved);
      latest.current.onChange?.(resolved);
    },
    [controlled, latest],
  );
  return [current, set];
}
