import type { Phone, PhoneSnapshot } from '@handset/core';
import { useStore } from 'zustand';
import { usePhone } from './usePhone';

/**
 * Reads a slice of the phone's store. The component re-renders only when the selected value changes
 * (`Object.is`), so a selector must return a primitive, a snapshot object the store already holds, or a
 * module-level constant; wrap selectors that build arrays or objects in `useShallow` from `zustand/shallow`.
 * On the server and during hydration it reads the store's initial snapshot.
 */
export function usePhoneSelector<T>(selector: (snapshot: PhoneSnapshot) => T, phone?: Phone | null): T {
  return useStore(usePhone(phone).store, selector);
}
