import { HandsetError } from '@handset/core';
import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { testPhone } from '../test/phone';
import { withPhone } from '../test/render';
import { useRegistration } from './useRegistration';

describe('useRegistration', () => {
  it('follows the registration state and error', async () => {
    const { phone, line } = await testPhone({ line: { autoRegister: false }, connect: false });
    const { result } = renderHook(() => useRegistration(), { wrapper: withPhone(phone) });
    await act(async () => {});
    expect(result.current.state).toBe('registering');
    act(() => line.signal({ type: 'registration', state: 'failed', error: new HandsetError('registration-failed', 'wrong password') }));
    expect(result.current.state).toBe('failed');
    expect(result.current.error?.code).toBe('registration-failed');
    expect(result.current.error?.message).toBe('wrong password');
  });

  it('keeps its result identity until the registration changes', async () => {
    const { phone, line } = await testPhone();
    const { result, rerender } = renderHook(() => useRegistration(), { wrapper: withPhone(phone) });
    const first = result.current;
    rerender();
    expect(result.current).toBe(first);
    act(() => {
      phone.call('+15550100002'); // a call changes the store, not the registration
    });
    expect(result.current).toBe(first);
    act(() => line.signal({ type: 'registration', state: 'reconnecting' }));
    expect(result.current).not.toBe(first);
    expect(result.current.state).toBe('reconnecting');
  });

  it('disconnect() and connect() drive the phone', async () => {
    const { phone, line } = await testPhone();
    const { result } = renderHook(() => useRegistration(), { wrapper: withPhone(phone) });
    await act(() => result.current.disconnect());
    expect(line.sent({ type: 'unregister' })).toHaveLength(1);
    expect(result.current.state).toBe('unregistered');
    await act(() => result.current.connect());
    expect(result.current.state).toBe('registered');
  });

  it("shows a token line's expiry warning and renews it with updateToken(), which clears the warning", async () => {
    const { phone, line } = await testPhone({ line: { capabilities: { tokens: true } } });
    const { result } = renderHook(() => useRegistration(), { wrapper: withPhone(phone) });
    expect(result.current.tokenExpiresAt).toBeNull();
    act(() => line.signal({ type: 'tokenWillExpire', expiresAt: 1_900_000_000_000 }));
    expect(result.current.tokenExpiresAt).toBe(1_900_000_000_000);
    act(() => result.current.updateToken('fresh-token'));
    expect(line.sent({ type: 'updateToken' }).map((c) => c.args)).toEqual([['fresh-token']]);
    expect(result.current.tokenExpiresAt).toBeNull();
  });
});
