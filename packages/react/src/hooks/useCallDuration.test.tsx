import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { acted, testPhone } from '../test/phone';
import { withPhone } from '../test/render';
import { useCallDuration } from './useCallDuration';

describe('useCallDuration', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('counts whole seconds from the answer, once a second, and freezes at the end', async () => {
    const { phone, line } = await testPhone();
    let renders = 0;
    const { result } = renderHook(
      () => {
        renders++;
        return useCallDuration();
      },
      { wrapper: withPhone(phone) },
    );
    const call = acted(() => phone.call('+15550100002'));
    act(() => line.signal({ type: 'ringing', callId: call.id, earlyMedia: false }));
    const rendersBeforeAnswer = renders;
    act(() => vi.advanceTimersByTime(5000)); // ringing: no ticks
    expect(renders).toBe(rendersBeforeAnswer);
    expect(result.current).toBe(0);

    act(() => vi.advanceTimersByTime(300));
    act(() => line.signal({ type: 'connected', callId: call.id }));
    expect(result.current).toBe(0);
    const rendersAtAnswer = renders;
    act(() => vi.advanceTimersByTime(999));
    expect(result.current).toBe(0);
    expect(renders).toBe(rendersAtAnswer);
    act(() => vi.advanceTimersByTime(1));
    expect(result.current).toBe(1);
    for (let i = 0; i < 64 * 4; i++) act(() => vi.advanceTimersByTime(250)); // act per quarter second: renders are not batched away
    expect(result.current).toBe(65);
    expect(renders - rendersAtAnswer).toBe(65); // one render per second, none in between

    act(() => call.hold()); // held calls keep counting
    act(() => vi.advanceTimersByTime(1000));
    expect(result.current).toBe(66);
  });

  it('stops ticking when the call ends, and keeps the final value for that call', async () => {
    const { phone, line } = await testPhone();
    const call = acted(() => phone.call('+15550100002'));
    act(() => line.signal({ type: 'connected', callId: call.id }));
    let renders = 0;
    const { result } = renderHook(
      () => {
        renders++;
        return useCallDuration(call.id);
      },
      { wrapper: withPhone(phone) },
    );
    act(() => vi.advanceTimersByTime(3500));
    expect(result.current).toBe(3);
    act(() => call.hangup());
    const rendersAtEnd = renders;
    expect(vi.getTimerCount()).toBe(0); // no ticker left behind
    act(() => vi.advanceTimersByTime(10_000));
    expect(result.current).toBe(3);
    expect(renders).toBe(rendersAtEnd);
  });

  it('is 0 without a call', async () => {
    const { phone } = await testPhone();
    const { result } = renderHook(() => useCallDuration(), { wrapper: withPhone(phone) });
    expect(result.current).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
