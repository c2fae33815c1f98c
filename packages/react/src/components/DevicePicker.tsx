import type { Phone } from '@handset/core';
import { type ComponentPropsWithoutRef, forwardRef, useId, useState } from 'react';
import { type DevicesSource, useDevices } from '../hooks/useDevices';
import { cx } from '../utils/dom';

export type DevicePickerKind = 'microphone' | 'speaker' | 'ringtone';

const defaultLabels: Readonly<Record<DevicePickerKind, string>> = {
  microphone: 'Microphone',
  speaker: 'Speaker',
  ringtone: 'Ringtone device',
};

export interface DevicePickerProps extends Omit<ComponentPropsWithoutRef<'div'>, 'children'> {
  /** Devices of your own (the core's `createDevices()`, or anything of that shape); the phone's media kit by default. */
  devices?: DevicesSource | null;
  kind: DevicePickerKind;
  label?: string;
  /**
   * Where the browser cannot route audio to a chosen speaker (`sinkSupported` false), a speaker or ringtone
   * picker renders nothing (`hide`, the default), or a disabled select (`disable`, `data-state="unsupported"`).
   */
  unsupported?: 'hide' | 'disable';
  phone?: Phone;
}

/**
 * A labelled native `<select>` of microphones or speakers, with "System default" first, from the phone's
 * media kit (or `devices`). Without permission the browser hides device names: an "Allow microphone"
 * button asks for it. Speaker pickers are hidden where the browser cannot route audio (or disabled, with
 * `data-state="unsupported"`, when `unsupported="disable"`). `data-state` is otherwise the permission
 * state; a failed choice is shown as an alert.
 */
export const DevicePicker = forwardRef<HTMLDivElement, DevicePickerProps>(function DevicePicker(
  { devices, kind, label = defaultLabels[kind], unsupported: whenUnsupported = 'hide', phone, className, ...props },
  ref,
) {
  const state = useDevices(devices, {}, phone);
  const [failure, setFailure] = useState<string | null>(null);
  const selectId = useId();
  const errorId = useId();
  const list = kind === 'microphone' ? state.microphones : state.speakers;
  const selected = (kind === 'microphone' ? state.microphoneId : kind === 'speaker' ? state.speakerId : state.ringtoneSpeakerId) ?? '';
  const unsupported = kind !== 'microphone' && !state.sinkSupported;
  const select = kind === 'microphone' ? state.selectMicrophone : kind === 'speaker' ? state.selectSpeaker : state.selectRingtoneSpeaker;
  const error = failure ?? state.error?.message ?? null;
  if (unsupported && whenUnsupported === 'hide') return null;
  const run = (action: () => Promise<unknown>) => {
    setFailure(null);
    action().catch((e: unknown) => setFailure(e instanceof Error ? e.message : String(e)));
  };
  return (
    <div
      {...props}
      ref={ref}
      className={cx('hs-device-picker', className)}
      data-kind={kind}
      data-state={unsupported ? 'unsupported' : state.permission}
    >
      <label htmlFor={selectId} className="hs-device-picker-label">
        {label}
      </label>
      <select
        id={selectId}
        className="hs-device-picker-select"
        value={selected}
        disabled={unsupported}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(event) => run(() => select(event.target.value || null))}
      >
        <option value="">System default</option>
        {list.map((device, index) => (
          <option key={device.deviceId || index} value={device.deviceId}>
            {device.label || `${label} ${index + 1}`}
          </option>
        ))}
      </select>
      {state.permission !== 'granted' && state.permission !== 'denied' && (
        <button type="button" className="hs-device-picker-allow" onClick={() => run(() => state.requestPermission())}>
          Allow microphone
        </button>
      )}
      {error && (
        <p id={errorId} role="alert" className="hs-device-picker-error">
          {error}
        </p>
      )}
    </div>
  );
});
