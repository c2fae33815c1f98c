import type { Phone } from '@handset/core';
import type { ReactNode } from 'react';
import { PhoneProvider } from '../context/PhoneProvider';

/** A wrapper for renderHook / render that provides an existing phone. */
export function withPhone(phone: Phone) {
  return function Wrapper({ children }: { children?: ReactNode }) {
    return <PhoneProvider phone={phone}>{children}</PhoneProvider>;
  };
}

/** Disabled as the kit marks it: `aria-disabled` and `data-disabled`, never the `disabled` attribute. */
export function isDisabled(element: Element): boolean {
  const aria = element.getAttribute('aria-disabled') === 'true';
  if (aria !== element.hasAttribute('data-disabled')) throw new Error('aria-disabled and data-disabled disagree');
  return aria;
}
