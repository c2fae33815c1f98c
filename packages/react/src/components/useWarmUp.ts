import type { Phone } from '@handset/core';
import { type FocusEvent, useEffect, useRef } from 'react';

/**
 * The line's warm start (`line.warmUp()`: microphone open, peer connection and ICE ready) while focus is inside
 * the element, where the user is about to call. Released when focus leaves it, when it unmounts or is turned off;
 * nothing on lines without a warm start. The browser shows the microphone in use while warm.
 */
export function useWarmUp(enabled: boolean, phone: Phone): { onFocus(): void; onBlur(event: FocusEvent<HTMLElement>): void } {
  const release = useRef<(() => void) | undefined>(undefined);
  const stop = () => {
    release.current?.();
    release.current = undefined;
  };
  // Off, another phone, or unmounted (StrictMode's test unmount too): what was warmed is given back.
  // biome-ignore lint/correctness/useExhaustiveDependencies: stop reads a ref only; the effect is keyed by what makes a warm set stale.
  useEffect(() => stop, [enabled, phone]);
  return {
    onFocus: () => {
      if (enabled && !release.current) release.current = phone.line.warmUp?.();
    },
    onBlur: (event) => {
      if (!event.currentTarget.contains(event.relatedTarget as Node | null)) stop();
    },
  };
}
