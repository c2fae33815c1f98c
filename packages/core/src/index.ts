export { Call, callDuration } from './call/Call';
export { type DtmfStep, type DtmfTiming, defaultDtmfTiming, parseDtmf } from './call/dtmf';
export type { CallEvents } from './call/events';
export type { MessageInput } from './call/messages';
export {
  type TwilioCallStatus,
  twilioStatus,
  type VoximplantCallState,
  voximplantState,
} from './call/status';
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
export { type EngineErrorCode, type ErrorCode, type ErrorEntry, errorCatalogue, type MediaErrorCode } from './errors/catalogue';
export { HandsetError, type HandsetErrorData, isHandsetError } from './errors/HandsetError';
export type {
  AcceptRequest,
  DialRequest,
  DtmfTone,
  Line,
  LineCapabilities,
  LineEnvironment,
  LineSignal,
  LineSignalSink,
  RegistrationState,
} from './line/Line';
export type { CallQualitySnapshot, MediaSnapshot, PhoneMedia, PhoneMediaHost } from './media/PhoneMedia';
export { isE164, normaliseE164, validateDestination } from './options/destination';
export { validateHeaders } from './options/headers';
export type { AcceptOptions, CallHandlers, CallOptionName, CallOptions, HeadersInput, SipHeader } from './options/types';
export { validateAcceptOptions, validateCallOptions } from './options/validateCallOptions';
export { createPhone, Phone, type PhoneEvents, type PhoneOptions } from './phone/Phone';
export { nextRegistrationState, type RegistrationEvent } from './phone/registration';
export { initialPhoneSnapshot, type PhoneSnapshot, type ReadonlyStore } from './store/phoneStore';
export { Emitter, type EventMap, type Listener } from './util/Emitter';
