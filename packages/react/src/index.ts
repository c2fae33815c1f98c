// Context

// Components
export { type CallButtonProps, HangUpButton, HoldButton, KeypadButton, type KeypadButtonProps, MuteButton } from './components/CallButtons';
export { CallControls, type CallControlsProps } from './components/CallControls';
export {
  CallStatus,
  type CallStatusProps,
  type CallStatusState,
  callStateLabels,
  describeCall,
  endReasonLabels,
} from './components/CallStatus';
export { CallTimer, type CallTimerProps, formatDuration, isoDuration } from './components/CallTimer';
export { DevicePicker, type DevicePickerKind, type DevicePickerProps } from './components/DevicePicker';
export { Dialpad, type DialpadKey, type DialpadProps, dialable, dialpadKeys } from './components/Dialpad';
export {
  IncomingCall,
  type IncomingCallButtonProps,
  IncomingCallDialog,
  type IncomingCallDialogProps,
  type IncomingCallRootProps,
  type IncomingCallTextProps,
} from './components/IncomingCall';
export { type CountryCode, loadPhoneNumberFormatter, type PhoneNumberFormatter } from './components/phoneNumberFormat';
export { QualityIndicator, type QualityIndicatorProps, qualityWarningLabels } from './components/QualityIndicator';
export { VolumeMeter, type VolumeMeterProps } from './components/VolumeMeter';
export { PhoneContext } from './context/PhoneContext';
export { PhoneProvider, type PhoneProviderProps } from './context/PhoneProvider';
// Hooks
export { type CallLevelTarget, type LevelSource, useAudioLevel, useAudioLevelRef } from './hooks/useAudioLevel';
export {
  bindCallActions,
  type CallActions,
  type CallCommand,
  canRun,
  type UseCallResult,
  useCall,
  useCallActions,
  useCallId,
} from './hooks/useCall';
export { useCallDuration } from './hooks/useCallDuration';
export {
  type CallQuality,
  type QualityLevel,
  type QualitySource,
  qualityLevelOf,
  selectCallQuality,
  type UseCallQualityResult,
  useCallQuality,
} from './hooks/useCallQuality';
export { type UseCallsOptions, useCalls } from './hooks/useCalls';
export {
  type DeviceInfo,
  type DevicePermission,
  type DevicesSnapshot,
  type DevicesSource,
  type UseDevicesOptions,
  type UseDevicesResult,
  useDevices,
} from './hooks/useDevices';
export { type UseIncomingCallResult, useIncomingCall } from './hooks/useIncomingCall';
export { useMaybePhone, usePhone } from './hooks/usePhone';
export { type MediaKit, mediaKitOf, useMaybePhoneSelector, usePhoneMedia } from './hooks/usePhoneMedia';
export { usePhoneSelector } from './hooks/usePhoneSelector';
export { type UsePlaybackBlockedResult, usePlaybackBlocked } from './hooks/usePlaybackBlocked';
export { type UsePreflightResult, usePreflight } from './hooks/usePreflight';
export { type UseRegistrationResult, useRegistration } from './hooks/useRegistration';
