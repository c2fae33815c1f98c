import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TestMedia } from '../test/media';
import { testPhone } from '../test/phone';
import { withPhone } from '../test/render';
import { usePhoneMedia } from './usePhoneMedia';
import { useMaybePhoneSelector } from './usePhoneSelector';

describe('usePhoneMedia', () => {
  it("returns the provider phone's media kit, or null when the phone has none", async () => {
    const media = new TestMedia();
    const { phone } = await testPhone({ phone: { media } });
    expect(renderHook(() => usePhoneMedia(), { wrapper: withPhone(phone) }).result.current).toBe(media);
    const { phone: bare } = await testPhone();
    expect(renderHook(() => usePhoneMedia(), { wrapper: withPhone(bare) }).result.current).toBeNull();
    expect(renderHook(() => usePhoneMedia({ phone: null })).result.current).toBeNull();
  });
});

describe('useMaybePhoneSelector', () => {
  it('selects from the store, re-renders only when the selection changes, and falls back without a phone', async () => {
    const media = new TestMedia();
    const { phone } = await testPhone({ phone: { media } });
    let renders = 0;
    const { result } = renderHook(() => {
      renders++;
      return useMaybePhoneSelector((s) => s.media.audioBlocked, { phone, fallback: false });
    });
    expect(result.current).toBe(false);
    const before = renders;
    act(() => media.media({ ringtoneBlocked: true }));
    expect(renders).toBe(before);
    act(() => media.media({ audioBlocked: true }));
    expect(result.current).toBe(true);
    expect(renderHook(() => useMaybePhoneSelector(() => 1, { fallback: 7 })).result.current).toBe(7);
  });
});
