import { browserMedia } from '@handset/core/media';
import { act, renderHook, waitFor } from '@testing-library/react';
import { StrictMode } from 'react';
import { describe, expect, it } from 'vitest';
import { TestDevices } from '../test/devices';
import { fakeMediaDevices } from '../test/media';
import { testPhone } from '../test/phone';
import { withPhone } from '../test/render';
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

  it("uses the phone's browserMedia() devices: watched while mounted (once under StrictMode), read from store.media.devices", async () => {
    const fake = fakeMediaDevices();
    const media = browserMedia({ devices: { mediaDevices: fake.mediaDevices, permissions: null, sinkSupported: false } });
    const { phone } = await testPhone({ phone: { media } });
    const Wrapper = withPhone(phone);
    const { result, unmount } = renderHook(() => useDevices(), {
      wrapper: ({ children }) => (
        <StrictMode>
          <Wrapper>{children}</Wrapper>
        </StrictMode>
      ),
    });
    await waitFor(() => expect(fake.calls.enumerate).toBeGreaterThan(0)); // watching lists them at once
    expect(result.current).toMatchObject({ microphones: [], sinkSupported: false, microphoneId: null }); // no ids before permission
    expect(fake.listeners.size).toBe(1); // one devicechange listener: the watch is counted
    await act(() => result.current.requestPermission());
    expect(result.current.permission).toBe('granted');
    expect(result.current.microphones.map((d) => d.label)).toEqual(['Default', 'Built-in Microphone', 'USB Headset']);
    await act(() => result.current.selectMicrophone('mic-2'));
    expect(result.current.microphoneId).toBe('mic-2');
    expect(phone.store.getState().media.devices?.microphoneId).toBe('mic-2');
    unmount();
    expect(fake.listeners.size).toBe(0);
    phone.dispose();
  });

  it('rejects commands without a media kit', async () => {
    const { phone } = await testPhone();
    const { result } = renderHook(() => useDevices(), { wrapper: withPhone(phone) });
    expect(result.current.microphones).toEqual([]);
    await expect(result.current.requestPermission()).rejects.toThrow(/media kit/);
  });
});
