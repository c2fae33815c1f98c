/**
 * `@handset/core/line-kit`: what every line needs and would otherwise write again — end reasons from SIP and
 * Q.850 codes, codecs by name, microphone constraints, JWT expiry, keeping a call over a reload, a peer connection's `connected`,
 * the far side's audio element. For line authors; apps do not need it.
 */
export { namedAudioCodecs } from './audioCodecs';
export { customHeaders } from './customHeaders';
export { dtmfRelayBody, dtmfRelayType, parseDtmfRelay } from './dtmfRelay';
export { endReasonOf } from './endReason';
export { jwtExpiry } from './jwt';
export { mediaRecovery, type RecoveryEvent, type RecoveryPhase } from './mediaRecovery';
export { microphoneConstraints } from './microphone';
export { onPeerConnected } from './peerConnected';
export { PhaseMachine, type PhaseTable } from './phaseMachine';
export { type ReInviteEvent, type ReInvitePhase, reInvite } from './reInvite';
export { remoteAudioElement } from './remoteAudio';
export { onRemoteHold } from './remoteHold';
export { audioCodecs, audioDirection, firstAudioCodec, hasTelephoneEvent, iceUfrag, isHoldOffer, type MediaDirection } from './sdp';
export { tabKeep } from './tabKeep';
