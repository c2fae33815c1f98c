import { HandsetError } from '../../errors/HandsetError';

/**
 * Checks of what a test hands a stand-in, each failing with a typed `invalid-option` HandsetError that names
 * the stand-in (`Twilio stand-in: …`) before anything is sent.
 */
export interface StandInChecks {
  invalid(message: string): HandsetError;
  /** A non-empty string. */
  nonEmpty(value: unknown, name: string): string;
  /** An object of strings (a copy); `undefined` is an empty one. */
  stringRecord(value: unknown, name: string): Record<string, string>;
}

export function standInChecks(standIn: string): StandInChecks {
  const invalid = (message: string) => new HandsetError('invalid-option', `${standIn}: ${message}`);
  return {
    invalid,
    nonEmpty(value, name) {
      if (typeof value !== 'string' || value.length === 0) throw invalid(`\`${name}\` must be a non-empty string.`);
      return value;
    },
    stringRecord(value, name) {
      if (value === undefined) return {};
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(`\`${name}\` must be an object of strings.`);
      for (const [key, entry] of Object.entries(value)) {
        if (typeof entry !== 'string') throw invalid(`\`${name}.${key}\` must be a string.`);
      }
      return { ...(value as Record<string, string>) };
    },
  };
}
