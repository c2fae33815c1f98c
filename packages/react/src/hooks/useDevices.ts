import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';

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
 * What the React layer needs of the core's `Devices` (`createDevices()`); the core's object has this
 * shape, so it is passed as it is.
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

/**
 * Device lists, selection, permission and the last error, re-rendering only when they change; lists
 * the devices once on mount (`refreshOnMount`, default true). Failures of the commands reject and are
 * also kept in `error` by the core.
 */
export function useDevices(devices: DevicesSource, { refreshOnMount = true }: { refreshOnMount?: boolean } = {}): UseDevicesResult {
  const subscribe = useCallback((onChange: () => void) => devices.subscribe(onChange), [devices]);
  const getSnapshot = useCallback(() => devices.getSnapshot(), [devices]);
  const snapshot = useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
  useEffect(
    function listDevicesOnMount() {
      if (refreshOnMount) devices.refresh().catch(() => undefined);
    },
    [devices, refreshOnMount],
  );
  return useMemo(
    () => ({
      ...snapshot,
      refresh: () => devices.refresh(),
      requestPermission: () => devices.requestPermission(),
      selectMicrophone: (id: string | null) => devices.selectMicrophone(id),
      selectSpeaker: (id: string | null) => devices.selectSpeaker(id),
      selectRingtoneSpeaker: (id: string | null) => devices.selectRingtoneSpeaker(id),
    }),
    [snapshot, devices],
  );
}
