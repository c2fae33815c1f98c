import { type RefObject, useEffect, useLayoutEffect, useRef } from 'react';

/** useLayoutEffect in the browser, useEffect on the server (where neither runs, but React 18 warns about the first). */
export const useIsomorphicLayoutEffect = typeof window === 'undefined' ? useEffect : useLayoutEffect;

/**
 * A ref that holds the latest `value`, updated after each commit rather than during render (React may
 * render and throw a render away; refs written then would leak values that never committed).
 */
export function useLatest<T>(value: T): RefObject<T> {
  const ref = useRef(value);
  useIsomorphicLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}
