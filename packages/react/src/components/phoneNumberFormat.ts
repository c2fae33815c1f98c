import type { CountryCode } from 'libphonenumber-js/min';

export type { CountryCode };

/** Formatting as you type, and the E.164 form of what was typed. */
export interface PhoneNumberFormatter {
  /** Formats a dialable string (`+`, digits) for display; returns anything else as it is. */
  format(raw: string, defaultCountry?: CountryCode): string;
  /** The E.164 form (`+12025550123`) of a national or international number, or null if it is not one. */
  toE164(raw: string, defaultCountry?: CountryCode): string | null;
}

let loading: Promise<PhoneNumberFormatter> | null = null;

/**
 * Loads libphonenumber-js (its small "min" metadata) on first use, with a dynamic import(): bundlers
 * split it into its own chunk, so a page with a dialpad pays for it only once someone types.
 */
export function loadPhoneNumberFormatter(): Promise<PhoneNumberFormatter> {
  loading ??= import('./phoneNumberLibrary').then(
    ({ AsYouType, parsePhoneNumberFromString }): PhoneNumberFormatter => ({
      format: (raw, defaultCountry) => (/^\+?\d+$/.test(raw) ? new AsYouType(defaultCountry).input(raw) : raw),
      toE164: (raw, defaultCountry) => {
        const parsed = parsePhoneNumberFromString(raw, defaultCountry);
        return parsed?.isPossible() ? parsed.number : null;
      },
    }),
    (error: unknown) => {
      loading = null; // let a later keystroke try again (e.g. after a chunk failed to load offline)
      throw error;
    },
  );
  return loading;
}
