// The codec lives in the shared line kit; this module keeps CallSession's import until it moves there.
export { dtmfRelayBody, parseDtmfRelay } from '@handset/core/line-kit';
