export { Call } from './call/Call';
export { callDuration } from './call/CallView';
export { type DtmfStep, type DtmfTiming, defaultDtmfTiming, parseDtmf } from './call/dtmf';
export type { CallEvents } from './call/events';
export type { MessageInput } from './call/messages';
export type { CallQualitySummary, QualityLevel, QualitySample, QualityTotals, QualityWarningName } from './call/quality';
export { type CallEvent, callTransitions, nextCallState } from './call/transitions';
export type {
  CallDirection,
  CallEnd,
  CallerInfo,
  CallFeedback,
  CallMessage,
  CallSnapshot,
  CallState,
  EndedBy,
  EndReason,
  FeedbackIssue,
  FeedbackScore,
  Party,
  RecoveryToken,
} from './call/types';
export { type EngineErrorCode, type ErrorCode, errorMessages, type MediaErrorCode } from './errors/catalogue';
export { type ErrorOrigin, HandsetError, type HandsetErrorData, isHandsetError } from './errors/HandsetError';
export {
  type AcceptRequest,
  type DialRequest,
  type DtmfPath,
  type DtmfTone,
  type Line,
  type LineCall,
  type LineCapabilities,
  type LineDevices,
  type LineEnvironment,
  type LineSignal,
  type LineSignalSink,
  lineCan,
  lineCapabilities,
  type MediaOwner,
  type RegistrationState,
} from './line/Line';
export type { LineSampleSignal } from './line/samples';
export { isE164, normaliseE164, validateDestination } from './options/destination';
export { validateHeaders } from './options/headers';
export type { AcceptOptions, CallHandlers, CallOptionName, CallOptions, HeadersInput, SipHeader } from './options/types';
export { validateAcceptOptions, validateCallOptions } from './options/validateCallOptions';
export type { PhoneEvents, PhoneOptions } from './phone/options';
export { createPhone, Phone } from './phone/Phone';
export type { CallQualitySnapshot, MediaSnapshot, PhoneMedia, PhoneMediaHost } from './phone/PhoneMedia';
export { nextRegistrationState, type RegistrationEvent } from './phone/registration';
export { initialPhoneSnapshot, type PhoneSnapshot, type ReadonlyStore } from './store/phoneStore';
export { Emitter, type EventMap, type Listener } from './util/Emitter';
