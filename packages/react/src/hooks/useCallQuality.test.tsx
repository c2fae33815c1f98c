import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TestMedia } from '../test/media';
import { acted, activeOutgoing, testPhone } from '../test/phone';
import { TestQualitySource } from '../test/quality';
import { withPhone } from '../test/render';
import { qualityLevelOf, useCallQuality } from './useCallQuality';

describe('useCallQuality', () => {
  it('gives the latest MOS, its level and the warnings, one render per sample', () => {
    const source = new TestQualitySource();
    let renders = 0;
    const { result } = renderHook(() => {
      renders++;
      return useCallQuality(source);
    });
    expect(result.current).toEqual({ sample: null, mos: null, warnings: [], level: null });
    act(() => source.publish(4.3));
    expect(result.current.level).toBe('excellent');
    act(() => source.publish(3.2, ['high-jitter']));
    expect(result.current).toEqual({ sample: null, mos: 3.2, warnings: ['high-jitter'], level: 'fair' });
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

  it("reads the active call's quality from the phone's store, once per sample and never for other calls", async () => {
    const media = new TestMedia();
    const { phone, line } = await testPhone({ phone: { media } });
    let renders = 0;
    const { result } = renderHook(
      () => {
        renders++;
        return useCallQuality();
      },
      { wrapper: withPhone(phone) },
    );
    expect(result.current.level).toBeNull();
    const id = acted(() => activeOutgoing(phone, line));
    const before = renders;
    act(() => media.quality(id, 4.3));
    expect(result.current).toMatchObject({ mos: 4.3, level: 'excellent', warnings: [] });
    expect(result.current).toBe(phone.store.getState().quality[id]); // the store's own object: stable
    act(() => media.quality(id, 2.9, ['high-packet-loss', 'low-mos']));
    expect(result.current).toMatchObject({ level: 'poor', warnings: ['high-packet-loss', 'low-mos'] });
    expect(renders - before).toBe(2);
    act(() => media.quality('someone-else', 1.5));
    act(() => media.media({ audioBlocked: true }));
    expect(renders - before).toBe(2);
    act(() => phone.getCall(id)?.hangup());
    expect(result.current.level).toBeNull();
  });

  it('reads a given call by id, and nothing outside a provider', async () => {
    const media = new TestMedia();
    const { phone, line } = await testPhone({ phone: { media } });
    const first = acted(() => activeOutgoing(phone, line));
    const second = acted(() => activeOutgoing(phone, line));
    act(() => {
      media.quality(first, 3.7);
      media.quality(second, 3.2);
    });
    const { result } = renderHook(() => useCallQuality(first), { wrapper: withPhone(phone) });
    expect(result.current.level).toBe('good');
    expect(renderHook(() => useCallQuality()).result.current.mos).toBeNull();
  });
});
