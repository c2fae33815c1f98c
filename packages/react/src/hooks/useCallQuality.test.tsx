import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TestQualitySource } from '../test/quality';
import { qualityLevelOf, useCallQuality } from './useCallQuality';

describe('useCallQuality', () => {
  it('gives the latest MOS, its level and the warnings, one render per sample', () => {
    const source = new TestQualitySource();
    let renders = 0;
    const { result } = renderHook(() => {
      renders++;
      return useCallQuality(source);
    });
    expect(result.current).toEqual({ mos: null, warnings: [], level: null });
    act(() => source.publish(4.3));
    expect(result.current.level).toBe('excellent');
    act(() => source.publish(3.2, ['high-jitter']));
    expect(result.current).toEqual({ mos: 3.2, warnings: ['high-jitter'], level: 'fair' });
    expect(renders).toBe(3);
  });

  it('keeps the same result object between samples', () => {
    const source = new TestQualitySource();
    source.publish(3.9);
    const { result, rerender } = renderHook(() => useCallQuality(source));
    const first = result.current;
    rerender();
    expect(result.current).toBe(first);
  });

  it('reads nothing without a source', () => {
    const { result } = renderHook(() => useCallQuality(null));
    expect(result.current.level).toBeNull();
  });

  it('uses the core bands', () => {
    expect([4.2, 4.19, 3.6, 3.59, 3.1, 3.09].map(qualityLevelOf)).toEqual(['excellent', 'good', 'good', 'fair', 'fair', 'poor']);
  });
});
