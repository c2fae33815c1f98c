import type { CallOptionName } from '../options/types';
import { checks } from '../options/validateCallOptions';

/**
 * `capabilities.options` for a line that honours every call option but a few: one whose SDK takes the core's call
 * options by name (they follow Telnyx's `newCall()`). The core reports the ones left out as unsupported. The names
 * come from the core's own option table, so a new core option is honoured here until a line says otherwise.
 */
export function callOptionsExcept(...left: readonly CallOptionName[]): ReadonlySet<string> {
  return new Set(Object.keys(checks).filter((name) => name !== 'on' && !left.includes(name as CallOptionName)));
}
