// usePreflight's successful run needs WebRTC: a real echo call on the sandbox line, in Chromium.
import { createPhone, type Phone } from '@handset/core';
import { browserMedia } from '@handset/core/media';
import { sandbox } from '@handset/sandbox';
import { act, cleanup, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, expect, test } from 'vitest';
import { PhoneProvider, usePreflight } from '../src';

const phones: Phone[] = [];
afterEach(() => {
  cleanup();
  for (const phone of phones.splice(0)) phone.dispose();
});

test('usePreflight runs a short echo call and reports MOS, RTT and the microphone level', async () => {
  const phone = createPhone({
    line: sandbox({ channel: `react-preflight-${Math.random().toString(36).slice(2)}` }),
    media: browserMedia(),
  });
  phones.push(phone);
  const wrapper = ({ children }: { children?: ReactNode }) => <PhoneProvider phone={phone}>{children}</PhoneProvider>;
  const { result } = renderHook(() => usePreflight(), { wrapper });
  let run!: Promise<unknown>;
  act(() => {
    run = result.current.run({ durationMs: 2500 });
  });
  expect(result.current.running).toBe(true);
  await act(() => run);
  expect(result.current.error).toBeNull();
  expect(result.current.running).toBe(false);
  const report = result.current.report!;
  expect(report.verdict).not.toBe('failed');
  expect(report.samples).toBeGreaterThanOrEqual(2);
  expect(report.mos).toBeGreaterThan(3);
  expect(report.rtt).not.toBeNull();
  expect(report.microphoneLevel).toBeGreaterThan(0);
  expect(phone.store.getState().activeCallId).toBeNull(); // the test call was hung up
}, 30_000);
