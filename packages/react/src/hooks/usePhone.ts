import { HandsetError, type Phone } from '@handset/core';
import { useContext } from 'react';
import { PhoneContext } from '../context/PhoneContext';

/** The phone given explicitly, or else the one from the nearest `PhoneProvider`. Throws when there is none. */
export function usePhone(phone?: Phone | null): Phone {
  const fromContext = useContext(PhoneContext);
  const found = phone ?? fromContext;
  if (!found) {
    throw new HandsetError('invalid-option', 'No phone: render this inside <PhoneProvider>, or pass a phone to the hook.');
  }
  return found;
}

/** Like `usePhone`, but null instead of throwing outside a provider. */
export function useMaybePhone(phone?: Phone | null): Phone | null {
  const fromContext = useContext(PhoneContext);
  return phone ?? fromContext;
}
