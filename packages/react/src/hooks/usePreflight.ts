import type { PreflightOptions, PreflightReport } from '@handset/core/media';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { PhoneHookOptions } from './options';
import { usePhone } from './usePhone';

export interface UsePreflightResult {
  /**
   * Places a short test call (`preflight(phone, options)`: the sandbox's `echo` by default) and measures
   * MOS, RTT, jitter, loss and the microphone level. Resolves with the report, or null when it failed
   * (see `error`). A run while another is running returns that run's promise.
   */
  run(options?: PreflightOptions): Promise<PreflightReport | null>;
  /** The last report, kept until the next run ends. */
  readonly report: PreflightReport | null;
  readonly running: boolean;
  /** Why the last run failed (e.g. no media kit on the phone, registration refused). */
  readonly error: Error | null;
}

/** A preflight test call around the core's `preflight()`; needs `browserMedia()` on the phone. */
export function usePreflight(options: PhoneHookOptions = {}): UsePreflightResult {
  const target = usePhone(options.phone);
  const [state, setState] = useState<Omit<UsePreflightResult, 'run'>>({ report: null, running: false, error: null });
  const current = useRef<Promise<PreflightReport | null> | null>(null);
  const mounted = useRef(true);
  useEffect(function trackMount() {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const run = useCallback(
    (options?: PreflightOptions) => {
      if (current.current) return current.current;
      const update = (next: Omit<UsePreflightResult, 'run'>) => mounted.current && setState(next);
      setState((previous) => ({ ...previous, running: true, error: null }));
      // The media kit is imported when a test call is placed, so an app without one does not ship it.
      const started = import('@handset/core/media')
        .then(({ preflight }) => preflight(target, options))
        .then(
          (report) => {
            update({ report, running: false, error: null });
            return report;
          },
          (cause: unknown) => {
            update({ report: null, running: false, error: cause instanceof Error ? cause : new Error(String(cause)) });
            return null;
          },
        );
      current.current = started.finally(() => {
        current.current = null;
      });
      return current.current;
    },
    [target],
  );
  return useMemo(() => ({ ...state, run }), [state, run]);
}
