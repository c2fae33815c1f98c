import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { acted, activeOutgoing, ringIn, testPhone } from '../test/phone';
import { withPhone } from '../test/render';
import { useCalls } from './useCalls';

describe('useCalls', () => {
  it('lists live calls oldest first, and ended calls apart', async () => {
    const { phone, line } = await testPhone();
    const { result } = renderHook(() => ({ live: useCalls(), ended: useCalls('ended'), all: useCalls('all') }), {
      wrapper: withPhone(phone),
    });
    expect(result.current.live).toEqual([]);
    const first = acted(() => activeOutgoing(phone, line));
    const second = acted(() => ringIn(line, { number: '+15550100009', name: 'Ada' }));
    expect(result.current.live.map((c) => [c.id, c.state])).toEqual([
      [first, 'active'],
      [second, 'incoming'],
    ]);
    act(() => phone.getCall(first)?.hangup());
    expect(result.current.live.map((c) => c.id)).toEqual([second]);
    expect(result.current.ended.map((c) => [c.id, c.state, c.end?.reason])).toEqual([[first, 'ended', 'hangup']]);
    expect(result.current.all.map((c) => c.id)).toEqual([second, first]);
  });

  it('returns the same array while nothing it lists changes (no fresh [] per read)', async () => {
    const { phone, line } = await testPhone();
    let renders = 0;
    const { result } = renderHook(
      () => {
        renders++;
        return useCalls();
      },
      { wrapper: withPhone(phone) },
    );
    const empty = result.current;
    act(() => line.signal({ type: 'registration', state: 'reconnecting' }));
    act(() => line.signal({ type: 'registration', state: 'registered' }));
    expect(result.current).toBe(empty);
    expect(renders).toBe(1);

    const id = acted(() => activeOutgoing(phone, line));
    const withCall = result.current;
    const rendersWithCall = renders;
    act(() => line.signal({ type: 'registration', state: 'reconnecting' }));
    expect(result.current).toBe(withCall);
    expect(renders).toBe(rendersWithCall);
    act(() => phone.getCall(id)?.mute());
    expect(result.current).not.toBe(withCall);
    expect(result.current[0]?.muted).toBe(true);
  });
});
