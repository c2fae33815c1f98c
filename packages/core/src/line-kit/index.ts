/**
 * `@handset/core/line-kit`: what every line needs and would otherwise write again — end reasons from SIP and
 * Q.850 codes (a far side's end, a rejection's cause), codecs by name, microphone constraints, JWT expiry, keeping a
 * call over a reload, a peer connection's `connected` and its hand-over to the media kit, the far side's audio
 * element, SDK options without empty entries, the call options a line honours. For line authors; apps do not need it.
 */
export { namedAudioCodecs } from './audioCodecs';
export { callOptionsExcept } from './callOptions';
export { customHeaders } from './customHeaders';
export { dtmfRelayBody, dtmfRelayType, parseDtmfRelay } from './dtmfRelay';
export { endReasonOf } from './endReason';
export { jwtExpiry } from './jwt';
export { mediaRecovery, type RecoveryEvent, type RecoveryPhase } from './mediaRecovery';
export { microphoneConstraints } from './microphone';
export { onPeerConnected } from './peerConnected';
export { handOverPeer } from './peerHandover';
export { PhaseMachine, type PhaseTable } from './phaseMachine';
export { type ReInviteEvent, type ReInvitePhase, reInvite } from './reInvite';
export { q850Rejection } from './rejection';
export { remoteAudioElement } from './remoteAudio';
export { remoteEnd } from './remoteEnd';
export { onRemoteHold } from './remoteHold';
export { audioCodecs, audioDirection, firstAudioCodec, hasTelephoneEvent, iceUfrag, isHoldOffer, type MediaDirection } from './sdp';
export { tabKeep } from './tabKeep';
export { withoutEmpty } from './withoutEmpty';
