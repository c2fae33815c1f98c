// The public API of @handset/react: the provider, hooks (`useX(target?, { phone })`), prop-getter hooks
// for design systems, the components built on them, and the words (labels) they show.

// Components
export {
  type CallButtonProps,
  HangUpButton,
  HoldButton,
  KeypadButton,
  type KeypadButtonProps,
  MuteButton,
  TransferButton,
  type TransferButtonProps,
} from './components/CallButtons';
export { CallControls, type CallControlsProps } from './components/CallControls';
export { CallStatus, type CallStatusProps, describeCall } from './components/CallStatus';
export { CallTimer, type CallTimerProps } from './components/CallTimer';
export { DevicePicker, type DevicePickerKind, type DevicePickerProps } from './components/DevicePicker';
export { Dialpad, type DialpadEntry, type DialpadProps, dialable, lettersToDigits, nameable } from './components/Dialpad';
export {
  IncomingCall,
  IncomingCallAccept,
  type IncomingCallButtonProps,
  IncomingCallCaller,
  IncomingCallDecline,
  IncomingCallDialog,
  type IncomingCallDialogProps,
  IncomingCallEndAndAccept,
  IncomingCallHoldAndAccept,
  IncomingCallIgnore,
  IncomingCallNumber,
  type IncomingCallNumberProps,
  IncomingCallRoot,
  type IncomingCallRootProps,
  type IncomingCallTextProps,
} from './components/IncomingCall';
export type { CountryCode, PhoneNumberFormatter } from './components/phoneNumberFormat';
export { QualityIndicator, type QualityIndicatorProps } from './components/QualityIndicator';
export { VolumeMeter, type VolumeMeterProps } from './components/VolumeMeter';
// Provider
export { PhoneProvider, type PhoneProviderProps } from './context/PhoneProvider';
// Prop-getter hooks: the components' rules for your own elements
export type { ControlProps, ControlState, ControlStateProps } from './hooks/controlProps';
export type { PhoneHookOptions } from './hooks/options';
// Hooks
export { type CallLevelTarget, type LevelSource, type UseAudioLevelOptions, useAudioLevel, useAudioLevelRef } from './hooks/useAudioLevel';
export { type CallActions, type CallCommand, type CallRefusal, type UseCallResult, useCall } from './hooks/useCall';
export {
  type CallButtonHookProps,
  type CallButtonHookResult,
  type KeypadButtonHookProps,
  type ToggleButtonHookResult,
  type TransferButtonHookProps,
  useHangUpButton,
  useHoldButton,
  useKeypadButton,
  useMuteButton,
  useTransferButton,
} from './hooks/useCallButtons';
export { useCallDuration } from './hooks/useCallDuration';
export { type CallQuality, type QualitySource, type UseCallQualityResult, useCallQuality } from './hooks/useCallQuality';
export { type CallsFilter, useCalls } from './hooks/useCalls';
export {
  type DeviceInfo,
  type DevicePermission,
  type DevicesSnapshot,
  type DevicesSource,
  type UseDevicesOptions,
  type UseDevicesResult,
  useDevices,
} from './hooks/useDevices';
export { type DtmfKeyHookProps, type DtmfKeyHookResult, useDtmfKey } from './hooks/useDtmfKey';
export { type UseIncomingCallResult, useIncomingCall } from './hooks/useIncomingCall';
export {
  type IncomingCallAction,
  type IncomingCallButtonHookProps,
  type IncomingCallButtonHookResult,
  useAcceptButton,
  useIgnoreButton,
  useIncomingCallButton,
  useRejectButton,
} from './hooks/useIncomingCallButtons';
export { useMaybePhone, usePhone } from './hooks/usePhone';
export { type MediaKit, usePhoneMedia } from './hooks/usePhoneMedia';
export { type UseMaybePhoneSelectorOptions, useMaybePhoneSelector, usePhoneSelector } from './hooks/usePhoneSelector';
export { type UsePlaybackBlockedResult, usePlaybackBlocked } from './hooks/usePlaybackBlocked';
export { type UsePreflightResult, usePreflight } from './hooks/usePreflight';
export { type UseRegistrationResult, useRegistration } from './hooks/useRegistration';
// Words and formatting
export { type CallStatusState, englishLabels, type HandsetLabels, type QualityLevel } from './labels/english';
export { formatDuration, formatPercent, isoDuration } from './labels/format';
export { type LabelsOverride, useLabels } from './labels/LabelsContext';
