import type { HandsetErrorData, PhoneSnapshot, RegistrationState } from '@handset/core';
import { useMemo } from 'react';
import type { PhoneHookOptions } from './options';
import { usePhone } from './usePhone';
import { usePhoneSelector } from './usePhoneSelector';

export interface UseRegistrationResult {
  readonly state: RegistrationState;
  readonly error: HandsetErrorData | null;
  /** Token lines: when the access token expires (ms since the epoch) once the line warned; null otherwise. */
  readonly tokenExpiresAt: number | null;
  /** Token lines: `phone.updateToken(token)` (throws `unsupported` elsewhere, `invalid-option` for a bad token). */
  updateToken(token: string): void;
  /** `phone.connect()`; failures are in `error`, so the returned promise never rejects. */
  connect(): Promise<void>;
  disconnect(): Promise<void>;
}

const selectRegistration = (snapshot: PhoneSnapshot) => snapshot.registration;

/** The phone's registration state and error; re-renders only when they change. */
export function useRegistration(options: PhoneHookOptions = {}): UseRegistrationResult {
  const target = usePhone(options.phone);
  const registration = usePhoneSelector(selectRegistration, { phone: target });
  return useMemo(
    () => ({
      state: registration.state,
      error: registration.error,
      tokenExpiresAt: registration.tokenExpiresAt,
      updateToken: (token: string) => target.updateToken(token),
      connect: () => target.connect().catch(() => undefined),
      disconnect: () => target.disconnect(),
    }),
    [registration, target],
  );
}
