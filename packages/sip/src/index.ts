export { backoffDelay } from './backoff';
export { endFromSipCode } from './mapEnd';
export type { DtmfMode, ReconnectionPolicy, SipLineOptions } from './options';
export { SipLine, sip } from './SipLine';
