import { browserMedia } from '@handset/core/media';
import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { testPhone } from '../test/phone';
import { withPhone } from '../test/render';
import { usePreflight } from './usePreflight';

// The successful run (a report from a real echo call) is in test/preflight.browser.test.tsx: jsdom has no WebRTC.
describe('usePreflight', () => {
  it('runs a test call, shows it running, and keeps the failure when no sample could be taken', async () => {
    const { phone, line } = await testPhone({
      line: { destinations: ['echo'] },
      phone: { media: browserMedia({ sounds: { ringback: false } }) },
    });
    const { result } = renderHook(() => usePreflight(), { wrapper: withPhone(phone) });
    expect(result.current).toMatchObject({ report: null, running: false, error: null });
    let done!: Promise<unknown>;
    act(() => {
      done = result.current.run({ durationMs: 20 });
    });
    expect(result.current.running).toBe(true);
    expect(result.current.run()).toBe(done); // one run at a time
    await waitFor(() => expect(phone.calls).toHaveLength(1));
    const call = phone.calls[0]!;
    expect(call.snapshot.remote.number).toBe('echo');
    act(() => line.signal({ type: 'connected', callId: call.id, codec: 'opus' }));
    await act(() => done);
    // The scripted line has no media, so there are no samples: preflight() explains what it needs.
    expect(result.current.running).toBe(false);
    expect(result.current.error?.message).toMatch(/media kit/);
    expect(result.current.report).toBeNull();
    await waitFor(() => expect(phone.store.getState().activeCallId).toBeNull());
    phone.dispose();
  });
});
