/**
 * `@handset/telnyx/server`: Call Control's dial for Node. It refuses to load in a browser (so an API key
 * can never ship to one); the package's "browser" export condition gives bundlers `browser.ts` instead.
 */
import { refuseBrowsers } from './nodeOnly';

refuseBrowsers();

export type { DialConfig } from './dial';
export { dial, telnyxApiUrl } from './dial';
export { dialCommand } from './dialCommand';
export type { DialBody, DialConfigObject, DialedCall, DialParams, DialSipHeader } from './params';
export { dialEnums } from './params';
export type { TelnyxApiError, TelnyxErrorResponse } from './telnyxErrors';
