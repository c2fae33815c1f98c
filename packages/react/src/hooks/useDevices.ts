import { HandsetError, type PhoneSnapshot } from '@handset/core';
import type { DeviceInfo, DevicesSnapshot } from '@handset/core/media';
import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import type { PhoneHookOptions } from './options';
import { useMaybePhone } from './usePhone';
import { mediaKitOf } from './usePhoneMedia';

/** The core's device types (`@handset/core/media`), re-exported for convenience. */
export type { DeviceInfo, DevicesSnapshot };
export type DevicePermission = DevicesSnapshot['permission'];

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
  cameras: Object.freeze([]),
  permission: 'unknown',
  microphoneId: null,
  speakerId: null,
  ringtoneSpeakerId: null,
  sinkSupported: false,
  error: null,
});
const noDevices = () => Promise.reject(new HandsetError('unsupported', 'No devices: give the phone a media kit (browserMedia()).'));
const noSubscription = () => () => {};

export interface UseDevicesOptions extends PhoneHookOptions {
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
export function useDevices(devices?: DevicesSource | null, options: UseDevicesOptions = {}): UseDevicesResult {
  const { refreshOnMount = true } = options;
  const found = useMaybePhone(options.phone);
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
