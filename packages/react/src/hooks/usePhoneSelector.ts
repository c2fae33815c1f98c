import type { Phone, PhoneSnapshot } from '@handset/core';
import { useCallback, useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import type { PhoneHookOptions } from './options';
import { useMaybePhone, usePhone } from './usePhone';

/**
 * Reads a slice of the phone's store. The component re-renders only when the selected value changes
 * (`Object.is`), so a selector must return a primitive, a snapshot object the store already holds, or a
 * module-level constant; wrap selectors that build arrays or objects in `useShallow` from `zustand/shallow`.
 * On the server and during hydration it reads the store's initial snapshot.
 */
export function usePhoneSelector<T>(selector: (snapshot: PhoneSnapshot) => T, options: PhoneHookOptions = {}): T {
  return useStore(usePhone(options.phone).store, selector);
}

export interface UseMaybePhoneSelectorOptions<T> extends PhoneHookOptions {
  /** What to return without a phone (a stable value). */
  readonly fallback: T;
}

/**
 * Like `usePhoneSelector`, but `fallback` instead of throwing when there is no phone (outside a provider).
 * Re-renders only when the selected value changes (`Object.is`).
 */
export function useMaybePhoneSelector<T>(selector: (snapshot: PhoneSnapshot) => T, options: UseMaybePhoneSelectorOptions<T>): T {
  return useStoreSelector(useMaybePhone(options.phone), selector, options.fallback);
}

const noSubscription = () => () => {};

/** The selected slice of this phone's store, or `fallback` when `phone` is null (no context lookup). */
export function useStoreSelector<T>(phone: Phone | null, selector: (snapshot: PhoneSnapshot) => T, fallback: T): T {
  const store = phone?.store;
  const subscribe = useCallback((onChange: () => void) => (store ? store.subscribe(onChange) : noSubscription()), [store]);
  const get = () => (store ? selector(store.getState()) : fallback);
  const getServer = () => (store ? selector(store.getInitialState()) : fallback);
  return useSyncExternalStore(subscribe, get, getServer);
}
