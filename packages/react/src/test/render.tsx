import type { Phone } from '@handset/core';
import type { ReactNode } from 'react';
import { PhoneProvider } from '../context/PhoneProvider';

/** A wrapper for renderHook / render that provides an existing phone. */
export function withPhone(phone: Phone) {
  return function Wrapper({ children }: { children?: ReactNode }) {
    return <PhoneProvider phone={phone}>{children}</PhoneProvider>;
  };
}
