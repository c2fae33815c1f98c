import { HandsetError, type Phone, type PhoneSnapshot } from '@handset/core';
import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import { useMaybePhone } from './usePhone';
import { mediaKitOf } from './usePhoneMedia';

/** One device as the core lists it. */
export interface DeviceInfo {
  readonly deviceId: string;
  readonly label: string;
  readonly groupId: string;
  readonly kind: MediaDeviceKind;
}

export type DevicePermission = 'unknown' | 'prompt' | 'granted' | 'denied';

/** The core's devices snapshot (issue 4, `packages/core/src/devices`): frozen, a new object per change. */
export interface DevicesSnapshot {
  readonly microphones: readonly DeviceInfo[];
  readonly speakers: readonly DeviceInfo[];
  readonly permission: DevicePermission;
  readonly microphoneId: string | null;
  readonly speakerId: string | null;
  readonly ringtoneSpeakerId: string | null;
  /** Whether audio can be routed to a chosen speaker (`setSinkId`). */
  readonly sinkSupported: boolean;
  readonly error: { readonly code: string; readonly message: string } | null;
}

/**
 * What the React layer needs of the core's `Devices` (`createDevices()`, `phone.media.devices`); the
 * core's object has this shape, so it is passed as it is.
 */
export interface DevicesSource {
  getSnapshot(): DevicesSnapshot;
  subscribe(listener: (snapshot: DevicesSnapshot) => void): () => void;
  refresh(): Promise<unknown>;
  requestPermission(): Promise<void>;
  selectMicrophone(deviceId: string | null): Promise<void>;
  selectSpeaker(deviceId: string | null): Promise<void>;
  selectRingtoneSpeaker(deviceId: string | null): Promise<void>;
}

export interface UseDevicesResult extends DevicesSnapshot {
  refresh(): Promise<unknown>;
  requestPermission(): Promise<void>;
  selectMicrophone(deviceId: string | null): Promise<void>;
  selectSpeaker(deviceId: string | null): Promise<void>;
  selectRingtoneSpeaker(deviceId: string | null): Promise<void>;
}

const emptyDevices: DevicesSnapshot = Object.freeze({
  microphones: Object.freeze([]),
  speakers: Object.freeze([]),
  permission: 'unknown',
  microphoneId: null,
  speakerId: null,
  ringtoneSpeakerId: null,
  sinkSupported: false,
  error: null,
});
const noDevices = () => Promise.reject(new HandsetError('unsupported', 'No devices: give the phone a media kit (browserMedia()).'));
const noSubscription = () => () => {};

export interface UseDevicesOptions {
  /** With a `devices` source given: list the devices once on mount (default true). The phone's kit always lists them while watched. */
  refreshOnMount?: boolean;
}

/**
 * Device lists, selection, permission and the last error, re-rendering only when they change.
 *
 * Without arguments it uses the phone's media kit (`phone.media.devices`): while mounted it watches the
 * devices (`phone.media.watchDevices()`, counted, so StrictMode's double mount and many pickers share one
 * watch, which lists them at once and follows hot-plugging) and reads `store.media.devices`.
 * A `devices` source of your own (the core's `createDevices()`, or anything of that shape) is read
 * directly instead, and listed once on mount (`refreshOnMount`). Failures of the commands reject and are
 * also kept in `error` by the core.
 */
export function useDevices(devices?: DevicesSource | null, options: UseDevicesOptions = {}, phone?: Phone | null): UseDevicesResult {
  const { refreshOnMount = true } = options;
  const found = useMaybePhone(phone);
  const kit = devices ? null : mediaKitOf(found);
  const source: DevicesSource | null = devices ?? kit?.devices ?? null;
  const store = devices || !kit?.devices ? null : found?.store;
  const subscribe = useCallback(
    (onChange: () => void) => (devices ? devices.subscribe(onChange) : store ? store.subscribe(onChange) : noSubscription()),
    [devices, store],
  );
  const read = (state: PhoneSnapshot | undefined): DevicesSnapshot =>
    (devices ? devices.getSnapshot() : (state?.media.devices ?? source?.getSnapshot())) ?? emptyDevices;
  const snapshot = useSyncExternalStore(
    subscribe,
    () => read(store?.getState()),
    () => read(store?.getInitialState()),
  );
  const watchDevices = kit?.watchDevices;
  useEffect(
    function listAndWatchDevices() {
      if (devices) {
        if (refreshOnMount) devices.refresh().catch(() => undefined);
        return;
      }
      return watchDevices?.();
    },
    [devices, refreshOnMount, watchDevices],
  );
  return useMemo(
    () => ({
      ...snapshot,
      refresh: () => (source ? source.refresh() : noDevices()),
      requestPermission: () => (source ? source.requestPermission() : noDevices()),
      selectMicrophone: (id: string | null) => (source ? source.selectMicrophone(id) : noDevices()),
      selectSpeaker: (id: string | null) => (source ? source.selectSpeaker(id) : noDevices()),
      selectRingtoneSpeaker: (id: string | null) => (source ? source.selectRingtoneSpeaker(id) : noDevices()),
    }),
    [snapshot, source],
  );
}
