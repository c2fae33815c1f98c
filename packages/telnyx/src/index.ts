import type { TelnyxLineOptions } from './line/options';
import { TelnyxLine } from './line/TelnyxLine';

export { honouredOptions } from './line/callOptions';
export type { TelnyxCredentials, TelnyxLineOptions } from './line/options';
export { TelnyxLine } from './line/TelnyxLine';

/**
 * The Telnyx line: `createPhone({ line: telnyx({ loginToken }), media: browserMedia() })`. Bad or missing
 * credentials throw a `HandsetError` here, before any socket is opened.
 */
export function telnyx(options: TelnyxLineOptions): TelnyxLine {
  return new TelnyxLine(options);
}
