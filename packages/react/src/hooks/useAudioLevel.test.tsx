import { act, renderHook } from '@testing-library/react';
import { StrictMode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { TestLevelSource } from '../test/levels';
import { fakeStream, TestMedia } from '../test/media';
import { acted, activeOutgoing, testPhone } from '../test/phone';
import { withPhone } from '../test/render';
import { useAudioLevel, useAudioLevelRef } from './useAudioLevel';

describe('useAudioLevel', () => {
  it('delivers levels to the latest callback without rendering, and unsubscribes on unmount', () => {
    const source = new TestLevelSource();
    let renders = 0;
    const first = vi.fn();
    const second = vi.fn();
    const { rerender, unmount } = renderHook(
      ({ onLevel }) => {
        renders++;
        useAudioLevel(source, { onLevel });
      },
      { initialProps: { onLevel: first } },
    );
    for (let i = 0; i < 60; i++) source.emit(i / 60);
    expect(first).toHaveBeenCalledTimes(60);
    expect(renders).toBe(1);
    rerender({ onLevel: second });
    expect(source.listeners.size).toBe(1); // a new callback does not resubscribe
    source.emit(0.5);
    expect(second).toHaveBeenCalledWith(0.5);
    expect(first).toHaveBeenCalledTimes(60);
    unmount();
    expect(source.listeners.size).toBe(0);
  });

  it('useAudioLevelRef keeps the latest level in a ref', () => {
    const source = new TestLevelSource();
    const { result } = renderHook(() => useAudioLevelRef(source));
    expect(result.current.current).toBe(0);
    source.emit(0.25);
    source.emit(0.75);
    expect(result.current.current).toBe(0.75);
  });

  it('resubscribes to a new source and ignores a missing one', () => {
    const a = new TestLevelSource();
    const b = new TestLevelSource();
    const { rerender } = renderHook(({ source }) => useAudioLevel(source, { onLevel: () => {} }), {
      initialProps: { source: a as TestLevelSource | null },
    });
    rerender({ source: b });
    expect([a.listeners.size, b.listeners.size]).toEqual([0, 1]);
    rerender({ source: null });
    expect(b.listeners.size).toBe(0);
  });

  it("meters the active call's side with the media kit, once its media appears, and delivers 0 when it ends", async () => {
    const media = new TestMedia();
    const { phone, line } = await testPhone({ phone: { media } });
    const Wrapper = withPhone(phone);
    const onLevel = vi.fn();
    let renders = 0;
    renderHook(
      () => {
        renders++;
        useAudioLevel({ side: 'output' }, { onLevel });
      },
      {
        wrapper: ({ children }) => (
          <StrictMode>
            <Wrapper>{children}</Wrapper>
          </StrictMode>
        ),
      },
    );
    const id = acted(() => activeOutgoing(phone, line));
    expect(media.callMeter(phone.getCall(id)!, 'output')).toBeNull(); // no media yet
    act(() => line.signal({ type: 'media', callId: id, remoteStream: fakeStream() }));
    const meter = media.meters.get(`${id}:output`)!;
    expect(meter.listeners.size).toBe(1); // StrictMode's second effect left one subscription
    const rendersBefore = renders;
    for (let frame = 0; frame < 60; frame++) meter.emit(frame / 60);
    expect(onLevel).toHaveBeenCalledTimes(60);
    expect(renders).toBe(rendersBefore);
    act(() => line.signal({ type: 'ended', callId: id, end: { reason: 'hangup' } }));
    expect(meter.listeners.size).toBe(0);
    expect(onLevel).toHaveBeenLastCalledWith(0);
  });

  it('meters a given call by id, and does nothing without a kit', async () => {
    const media = new TestMedia();
    const { phone, line } = await testPhone({ phone: { media } });
    const id = acted(() => activeOutgoing(phone, line));
    act(() => line.signal({ type: 'media', callId: id, localStream: fakeStream() }));
    const ref = renderHook(() => useAudioLevelRef({ side: 'input', callId: id }), { wrapper: withPhone(phone) }).result.current;
    media.meters.get(`${id}:input`)?.emit(0.4);
    expect(ref.current).toBe(0.4);
    // A phone without a media kit: the hook subscribes to nothing, delivers no level, and its call's media and end change that not.
    const plain = await testPhone();
    const none = acted(() => activeOutgoing(plain.phone, plain.line));
    const onLevel = vi.fn();
    const { unmount } = renderHook(() => useAudioLevel({ side: 'input', callId: none }, { onLevel }), { wrapper: withPhone(plain.phone) });
    act(() => plain.line.signal({ type: 'media', callId: none, localStream: fakeStream() }));
    act(() => plain.phone.getCall(none)?.hangup());
    unmount();
    expect(onLevel).not.toHaveBeenCalled();
  });
});
