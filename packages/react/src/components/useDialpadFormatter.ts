import { useEffect, useRef, useState } from 'react';
import type { PhoneNumberFormatter } from './phoneNumberFormat';

/**
 * The dialpad's as-you-type formatter, loaded on the first keystroke (`entry` no longer empty) so that a
 * dialpad costs nothing until it is used; null until then, and while loading fails (each later keystroke tries again).
 */
export function useDialpadFormatter(
  wanted: boolean,
  entry: string,
  loadFormatter: () => Promise<PhoneNumberFormatter>,
): PhoneNumberFormatter | null {
  const [formatter, setFormatter] = useState<PhoneNumberFormatter | null>(null);
  const loadStarted = useRef(false);
  useEffect(
    function loadFormatterOnFirstKeystroke() {
      if (!wanted || entry === '' || loadStarted.current) return;
      loadStarted.current = true;
      loadFormatter().then(
        (loaded) => setFormatter(() => loaded),
        () => {
          loadStarted.current = false;
        },
      );
    },
    [wanted, entry, loadFormatter],
  );
  return formatter;
}
