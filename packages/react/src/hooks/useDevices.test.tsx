import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TestDevices } from '../test/devices';
import { useDevices } from './useDevices';

describe('useDevices', () => {
  it('lists devices on mount, follows permission and selection', async () => {
    const devices = new TestDevices();
    const { result } = renderHook(() => useDevices(devices));
    await waitFor(() => expect(result.current.microphones).toHaveLength(2));
    expect(devices.refreshes).toBe(1);
    expect(result.current.microphones[0]?.label).toBe(''); // no names before permission
    await act(() => result.current.requestPermission());
    expect(result.current.permission).toBe('granted');
    expect(result.current.microphones.map((d) => d.label)).toEqual(['Built-in Microphone', 'USB Headset']);
    await act(() => result.current.selectMicrophone('mic-2'));
    expect(result.current.microphoneId).toBe('mic-2');
    await act(() => result.current.selectRingtoneSpeaker('spk-1'));
    expect(result.current.ringtoneSpeakerId).toBe('spk-1');
    await expect(result.current.selectSpeaker('nope')).rejects.toThrow(/No device/);
  });

  it('keeps its result while nothing changes, and can skip the refresh on mount', async () => {
    const devices = new TestDevices();
    const { result, rerender } = renderHook(() => useDevices(devices, { refreshOnMount: false }));
    const first = result.current;
    rerender();
    expect(result.current).toBe(first);
    expect(devices.refreshes).toBe(0);
  });
});
