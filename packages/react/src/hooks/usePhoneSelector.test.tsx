import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { acted, ringIn, testPhone } from '../test/phone';
import { withPhone } from '../test/render';
import { usePhoneSelector } from './usePhoneSelector';

describe('usePhoneSelector', () => {
  it('reads a slice of the store and re-renders only when that slice changes', async () => {
    const { phone, line } = await testPhone();
    let renders = 0;
    const { result } = renderHook(
      () => {
        renders++;
        return usePhoneSelector((s) => s.callIds.length);
      },
      { wrapper: withPhone(phone) },
    );
    expect(result.current).toBe(0);
    const id = acted(() => ringIn(line));
    expect(result.current).toBe(1);
    expect(renders).toBe(2);
    act(() => phone.getCall(id)?.mute()); // the call changes, the count does not
    act(() => line.signal({ type: 'registration', state: 'reconnecting' }));
    expect(renders).toBe(2);
  });

  it('reads an explicit phone without a provider', async () => {
    const { phone } = await testPhone();
    const { result } = renderHook(() => usePhoneSelector((s) => s.registration.state, { phone }));
    expect(result.current).toBe('registered');
  });
});
