import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatDuration, isoDuration } from '../labels/format';
import { expectNoAxeViolations } from '../test/axe';
import { acted, testPhone } from '../test/phone';
import { withPhone } from '../test/render';
import { CallTimer } from './CallTimer';

describe('formatDuration', () => {
  it('writes m:ss, then h:mm:ss', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(65)).toBe('1:05');
    expect(formatDuration(3599)).toBe('59:59');
    expect(formatDuration(3600 + 62)).toBe('1:01:02');
    expect(isoDuration(3600 + 62)).toBe('PT1H1M2S');
  });
});

describe('CallTimer', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('counts from the answer and stops at the end', async () => {
    const { phone, line } = await testPhone();
    render(<CallTimer className="mine" />, { wrapper: withPhone(phone) });
    const timer = screen.getByRole('timer');
    expect(timer.textContent).toBe('0:00');
    expect(timer.dataset.state).toBe('idle');
    const call = acted(() => phone.call('+15550100002'));
    act(() => vi.advanceTimersByTime(3000));
    expect(timer.textContent).toBe('0:00'); // not answered yet
    act(() => line.signal({ type: 'connected', callId: call.id }));
    for (let i = 0; i < 65; i++) act(() => vi.advanceTimersByTime(1000));
    expect(timer.textContent).toBe('1:05');
    expect(timer.getAttribute('datetime')).toBe('PT0H1M5S');
    expect(timer.dataset.state).toBe('active');
    expect(timer.className).toBe('hs-call-timer mine');
    vi.useRealTimers();
    await expectNoAxeViolations();
  });

  it('keeps the final time of a given call after it ends', async () => {
    const { phone, line } = await testPhone();
    const call = acted(() => phone.call('+15550100002'));
    act(() => line.signal({ type: 'connected', callId: call.id }));
    render(<CallTimer callId={call.id} />, { wrapper: withPhone(phone) });
    act(() => vi.advanceTimersByTime(12_000));
    act(() => call.hangup());
    act(() => vi.advanceTimersByTime(30_000));
    const timer = screen.getByRole('timer');
    expect(timer.textContent).toBe('0:12');
    expect(timer.dataset.state).toBe('ended');
  });
});
