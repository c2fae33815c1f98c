/**
 * What a bundler building for the browser gets for `@handset/telnyx/server` (the "browser" export
 * condition): the same names, and an error as soon as it loads, so an API key never runs in a page.
 */
import { nodeOnlyMessage } from './nodeOnly';

export function dial(): never {
  throw new Error(nodeOnlyMessage);
}

export function dialCommand(): never {
  throw new Error(nodeOnlyMessage);
}

export const telnyxApiUrl = 'https://api.telnyx.com/v2';
export const dialEnums = {};

throw new Error(nodeOnlyMessage);
