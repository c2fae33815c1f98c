export { Account, LoginCode, type LoginTokens, oneTimeKeyHash, type StandInUser } from './account';
export { audioDirection, type DigitEvent, type InfoMessage, type StandInCall, type StandInCallState } from './calls';
export type { SignalConnection } from './connection';
export type { FarParty } from './farParty';
export { ClientFrame, decodeFrame, encodeFrame, type Frame, InfoType, type LoggedFrame, type Params, ServerFrame } from './frames';
export { createPageFarParty, type FarPartyPage } from './pageFarParty';
export { BALANCER_URL, type RouteVoximplantOptions, routeVoximplant, webSocketConnection } from './playwright';
export { type IncomingCallSpec, StandIn, type StandInOptions, TEST_USER } from './standIn';
