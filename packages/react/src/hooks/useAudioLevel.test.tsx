import { renderHook } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { TestLevelSource } from '../test/levels';
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
        useAudioLevel(source, onLevel);
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
    const { rerender } = renderHook(({ source }) => useAudioLevel(source, () => {}), {
      initialProps: { source: a as TestLevelSource | null },
    });
    rerender({ source: b });
    expect([a.listeners.size, b.listeners.size]).toEqual([0, 1]);
    rerender({ source: null });
    expect(b.listeners.size).toBe(0);
  });
});
