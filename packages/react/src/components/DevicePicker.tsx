import { type ComponentPropsWithoutRef, forwardRef, useId, useState } from 'react';
import type { PhoneHookOptions } from '../hooks/options';
import { type DevicesSource, useDevices } from '../hooks/useDevices';
import { fill, type LabelsOverride, useLabels } from '../labels/LabelsContext';
import { cx } from '../utils/dom';

export type DevicePickerKind = 'microphone' | 'speaker' | 'ringtone';

export interface DevicePickerProps extends Omit<ComponentPropsWithoutRef<'div'>, 'children'>, PhoneHookOptions {
  /** Devices of your own (the core's `createDevices()`, or anything of that shape); the phone's media kit by default. */
  devices?: DevicesSource | null;
  kind: DevicePickerKind;
  /** The select's label; `labels[kind]` by default. */
  label?: string;
  /** Words for this picker (the provider's `labels.devicePicker` otherwise). */
  labels?: LabelsOverride['devicePicker'];
  /**
   * Where the browser cannot route audio to a chosen speaker (`sinkSupported` false), a speaker or ringtone
   * picker renders nothing (`hide`, the default), or a disabled select (`disable`, `data-state="unsupported"`).
   */
  unsupported?: 'hide' | 'disable';
}

/**
 * A labelled native `<select>` of microphones or speakers, with "System default" first, from the phone's
 * media kit (or `devices`). Without permission the browser hides device names: an "Allow microphone"
 * button asks for it. Speaker pickers are hidden where the browser cannot route audio (or disabled when
 * `unsupported="disable"`). `data-state` is whether devices can be chosen: the permission state
 * (`unknown`, `prompt`, `granted`, `denied`), or `unsupported`; a failed choice is shown as an alert.
 */
export const DevicePicker = forwardRef<HTMLDivElement, DevicePickerProps>(function DevicePicker(
  { devices, kind, label: labelProp, labels, unsupported: whenUnsupported = 'hide', phone, className, ...props },
  ref,
) {
  const state = useDevices(devices, { phone });
  const words = useLabels('devicePicker', labels);
  const label = labelProp ?? words[kind];
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
        <option value="">{words.systemDefault}</option>
        {list.map((device, index) => (
          <option key={device.deviceId || index} value={device.deviceId}>
            {device.label || fill(words.unnamedDevice, { label, n: index + 1 })}
          </option>
        ))}
      </select>
      {state.permission !== 'granted' && state.permission !== 'denied' && (
        <button type="button" className="hs-device-picker-allow" onClick={() => run(() => state.requestPermission())}>
          {words.allowMicrophone}
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
