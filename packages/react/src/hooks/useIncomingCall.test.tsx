import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { acted, activeOutgoing, ringIn, testPhone } from '../test/phone';
import { withPhone } from '../test/render';
import { useIncomingCall } from './useIncomingCall';

describe('useIncomingCall', () => {
  it('shows the oldest alerting call, then the next one', async () => {
    const { phone, line } = await testPhone();
    const { result } = renderHook(() => useIncomingCall(), { wrapper: withPhone(phone) });
    expect(result.current.call).toBeNull();
    expect(result.current.waiting).toBe(false);
    const first = acted(() => ringIn(line, { number: '+15550100001', name: 'Ada' }));
    const second = acted(() => ringIn(line, { number: '+15550100002' }));
    expect(result.current.call?.id).toBe(first);
    expect(result.current.waiting).toBe(false);
    act(() => result.current.ignore());
    expect(line.sent({ type: 'ignore' }).map((c) => c.args)).toEqual([[first]]);
    expect(result.current.call?.id).toBe(second);
    act(() => result.current.reject());
    expect(line.sent({ type: 'reject' }).map((c) => c.args.slice(0, 2))).toEqual([[second, 486]]);
    expect(result.current.call).toBeNull();
  });

  it('accept answers the call', async () => {
    const { phone, line } = await testPhone();
    const { result } = renderHook(() => useIncomingCall(), { wrapper: withPhone(phone) });
    const id = acted(() => ringIn(line));
    act(() => result.current.accept());
    expect(line.sent({ type: 'accept' }).map((c) => c.args[0])).toEqual([id]);
    expect(phone.getCall(id)?.state).toBe('connecting');
    expect(result.current.call).toBeNull();
  });

  it('reports call waiting, and hold-and-accept holds the active call', async () => {
    const { phone, line } = await testPhone();
    const { result } = renderHook(() => useIncomingCall(), { wrapper: withPhone(phone) });
    const active = acted(() => activeOutgoing(phone, line));
    expect(result.current.waiting).toBe(false); // nothing is waiting without an incoming call
    const waiting = acted(() => ringIn(line));
    expect(result.current.waiting).toBe(true);
    act(() => result.current.holdAndAccept());
    expect(phone.getCall(active)?.state).toBe('held');
    expect(line.sent({ type: 'hold' }).map((c) => c.args)).toEqual([[active]]);
    expect(phone.getCall(waiting)?.state).toBe('connecting');
  });

  it('end-and-accept hangs up the live call, then answers', async () => {
    const { phone, line } = await testPhone();
    const { result } = renderHook(() => useIncomingCall(), { wrapper: withPhone(phone) });
    const active = acted(() => activeOutgoing(phone, line));
    const waiting = acted(() => ringIn(line));
    act(() => result.current.endAndAccept());
    expect(phone.getCall(active)).toBeNull();
    expect(line.sent({ type: 'hangup' }).map((c) => c.args[0])).toEqual([active]);
    expect(line.sent({ type: 'hold' })).toEqual([]);
    expect(phone.getCall(waiting)?.state).toBe('connecting');
    expect(result.current.waiting).toBe(false);
  });

  it('drops the call when the caller gives up', async () => {
    const { phone, line } = await testPhone();
    const { result } = renderHook(() => useIncomingCall(), { wrapper: withPhone(phone) });
    const id = acted(() => ringIn(line));
    act(() => line.signal({ type: 'ended', callId: id, end: { reason: 'cancelled' } }));
    expect(result.current.call).toBeNull();
  });
});
