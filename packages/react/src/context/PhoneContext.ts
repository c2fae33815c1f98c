import type { Phone } from '@handset/core';
import { createContext } from 'react';

/** The phone the nearest `PhoneProvider` gives its children; null outside any provider. */
export const PhoneContext = createContext<Phone | null>(null);
PhoneContext.displayName = 'PhoneContext';
