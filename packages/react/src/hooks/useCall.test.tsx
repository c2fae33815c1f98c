import { isHandsetError } from '@handset/core';
import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { acted, activeOutgoing, answerIncoming, ringIn, testPhone } from '../test/phone';
import { withPhone } from '../test/render';
import { useCall } from './useCall';

describe('useCall', () => {
  it('follows the active call by default, from dialing to ended', async () => {
    const { phone, line } = await testPhone();
    const { result } = renderHook(() => useCall(), { wrapper: withPhone(phone) });
    expect(result.current.call).toBeNull();
    const call = acted(() => phone.call('+15550100002'));
    expect(result.current.call?.id).toBe(call.id);
    expect(result.current.call?.state).toBe('dialing');
    act(() => line.signal({ type: 'ringing', callId: call.id, earlyMedia: true }));
    expect(result.current.call?.state).toBe('ringing');
    expect(result.current.call?.earlyMedia).toBe(true);
    act(() => line.signal({ type: 'connected', callId: call.id }));
    expect(result.current.call?.state).toBe('active');
    act(() => result.current.hangup());
    expect(result.current.call).toBeNull(); // no active call any more
  });

  it('binds commands to the call and sends them through the line', async () => {
    const { phone, line } = await testPhone();
    const { result } = renderHook(() => useCall(), { wrapper: withPhone(phone) });
    const id = acted(() => activeOutgoing(phone, line));
    act(() => result.current.toggleMute());
    expect(result.current.call?.muted).toBe(true);
    expect(line.sent({ type: 'setMuted' }).map((c) => c.args)).toEqual([[id, true]]);
    act(() => result.current.toggleMute());
    expect(result.current.call?.muted).toBe(false);
    act(() => result.current.toggleHold());
    expect(result.current.call?.state).toBe('held');
    expect(result.current.can('sendDigits')).toBe(false);
    expect(result.current.can('unhold')).toBe(true);
    act(() => result.current.unhold());
    expect(result.current.call?.state).toBe('active');
    act(() => result.current.sendDigits('1'));
    await act(() => new Promise((r) => setTimeout(r, 200)));
    expect(line.sent({ type: 'sendDtmf' }).map((c) => c.args.slice(0, 2))).toEqual([[id, '1']]);
  });

  it('follows one call by id, and keeps its ended snapshot', async () => {
    const { phone, line } = await testPhone();
    const id = ringIn(line, { number: '+15550100009', name: 'Ada' });
    const { result } = renderHook(() => useCall(id), { wrapper: withPhone(phone) });
    expect(result.current.call?.state).toBe('incoming');
    expect(result.current.call?.remote).toEqual({ number: '+15550100009', name: 'Ada' });
    expect(result.current.can('accept')).toBe(true);
    act(() => result.current.reject());
    expect(result.current.call?.state).toBe('ended');
    expect(result.current.call?.end).toEqual({ reason: 'rejected', by: 'local', sipCode: 486 });
    expect(result.current.can('accept')).toBe(false);
  });

  it('throws the core error for a command the call cannot take, and sends nothing', async () => {
    const { phone, line } = await testPhone();
    const { result } = renderHook(() => useCall(), { wrapper: withPhone(phone) });
    expect(() => result.current.hangup()).toThrow(/no call/);
    act(() => {
      phone.call('+15550100002');
    });
    const before = line.commands.length;
    let error: unknown;
    try {
      result.current.hold();
    } catch (e) {
      error = e;
    }
    expect(isHandsetError(error, 'invalid-state')).toBe(true);
    expect(line.commands.length).toBe(before);
  });

  it('re-renders only when its own call changes', async () => {
    const { phone, line } = await testPhone();
    const active = activeOutgoing(phone, line);
    let renders = 0;
    const { result } = renderHook(
      () => {
        renders++;
        return useCall(active);
      },
      { wrapper: withPhone(phone) },
    );
    const first = result.current;
    expect(renders).toBe(1);
    const other = acted(() => ringIn(line));
    act(() => line.signal({ type: 'registration', state: 'reconnecting' }));
    act(() => phone.getCall(other)?.ignore());
    expect(renders).toBe(1);
    expect(result.current).toBe(first);
    act(() => phone.getCall(active)?.mute());
    expect(renders).toBe(2);
  });

  it('switches to the call that takes the microphone', async () => {
    const { phone, line } = await testPhone();
    const { result } = renderHook(() => useCall(), { wrapper: withPhone(phone) });
    const first = acted(() => activeOutgoing(phone, line));
    const second = acted(() => ringIn(line));
    expect(result.current.call?.id).toBe(first); // an unanswered incoming call is never the active one
    act(() => answerIncoming(phone, line, second));
    expect(result.current.call?.id).toBe(second);
    expect(phone.getCall(first)?.state).toBe('held');
  });
});
