import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TestMedia } from '../test/media';
import { testPhone } from '../test/phone';
import { withPhone } from '../test/render';
import { usePlaybackBlocked } from './usePlaybackBlocked';

describe('usePlaybackBlocked', () => {
  it("follows store.media's refusals, re-renders only for them, and resumes through the kit", async () => {
    const media = new TestMedia();
    const { phone } = await testPhone({ phone: { media } });
    let renders = 0;
    const { result } = renderHook(
      () => {
        renders++;
        return usePlaybackBlocked();
      },
      { wrapper: withPhone(phone) },
    );
    expect(result.current).toMatchObject({ ringtoneBlocked: false, audioBlocked: false, blocked: false, audioError: null });
    act(() => media.media({ ringtoneBlocked: true }));
    expect(result.current).toMatchObject({ ringtoneBlocked: true, blocked: true });
    act(() => media.media({ audioBlocked: true }));
    const before = renders;
    const result1 = result.current;
    act(() => media.media({ devices: null, ringtoneBlocked: true }));
    expect(renders).toBe(before);
    expect(result.current).toBe(result1);
    await act(() => result.current.resume());
    expect(media.resumes).toBe(1);
    expect(result.current).toMatchObject({ audioBlocked: false, ringtoneBlocked: true });
  });

  it('reads nothing blocked outside a provider, and resume does nothing there', async () => {
    const { result } = renderHook(() => usePlaybackBlocked());
    expect(result.current.blocked).toBe(false);
    await expect(result.current.resume()).resolves.toBeUndefined();
  });
});
