import { isHandsetError } from '@handset/core';
import { renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { testPhone } from '../test/phone';
import { withPhone } from '../test/render';
import { usePhone } from './usePhone';

describe('usePhone', () => {
  it('returns the provider phone', async () => {
    const { phone } = await testPhone();
    const { result } = renderHook(() => usePhone(), { wrapper: withPhone(phone) });
    expect(result.current).toBe(phone);
  });

  it('prefers a phone passed explicitly over the context', async () => {
    const a = await testPhone();
    const b = await testPhone();
    const { result } = renderHook(() => usePhone(b.phone), { wrapper: withPhone(a.phone) });
    expect(result.current).toBe(b.phone);
  });

  it('throws a HandsetError outside a provider', () => {
    let error: unknown;
    try {
      renderHook(() => usePhone());
    } catch (e) {
      error = e;
    }
    expect(isHandsetError(error, 'invalid-option')).toBe(true);
  });
});
