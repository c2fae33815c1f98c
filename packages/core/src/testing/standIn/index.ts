/** Bookkeeping the vendor stand-ins (Twilio, Voximplant, Telnyx) share: waits, frame logs, sockets, far-party work, and peer connections in a far party's page. */
export { type StandInChecks, standInChecks } from './checks';
export { type RoutedWebSocket, routedConnection, type SignalConnection } from './connection';
export { FarWork } from './farWork';
export { type FrameDirection, type FrameLabel, type FrameRecord, FrameRecords, frameWanted } from './frameRecords';
export { parseJsonObject } from './json';
export { installPagePeers, type PagePeers, type PeerPage } from './pagePeers';
export { SignalWire, type SignalWireOptions } from './signalWire';
export { type SocketHandlers, type SocketRecord, Sockets } from './sockets';
export { type Check, firstFrom, Waiters } from './waiters';
