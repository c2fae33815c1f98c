import { createPhone, type Phone } from '@handset/core';
import { browserMedia, preflight } from '@handset/core/media';
import { afterEach, expect, test } from 'vitest';
import { sandbox } from '../../src';
import { fastTiming, uniqueChannel } from '../support/calls';

let phone: Phone | null = null;
afterEach(() => phone?.dispose());

const newPhone = (media = true) =>
  (phone = createPhone({ line: sandbox({ channel: uniqueChannel(), timing: fastTiming }), ...(media ? { media: browserMedia() } : {}) }));

test('preflight to echo reports MOS, RTT, jitter, loss, the microphone level and a verdict', async () => {
  const report = await preflight(newPhone(), { durationMs: 4000 });
  expect(report.verdict).toMatch(/excellent|good/);
  expect(report.mos).toBeGreaterThan(4);
  expect(report.rtt).toBeGreaterThanOrEqual(0);
  expect(report.rtt).toBeLessThan(100); // loopback
  expect(report.jitter).toBeLessThan(30);
  expect(report.packetLoss).toBeLessThan(1);
  expect(report.microphoneLevel).toBeGreaterThan(100); // the fake microphone beeps
  expect(report.samples).toBeGreaterThanOrEqual(3);
  expect(report.codec).toBe('opus');
  expect(report.end).toBeNull();
  expect(phone?.calls).toEqual([]);
});

test('preflight to a number that refuses the call fails with its end', async () => {
  const report = await preflight(newPhone(), { destination: 'busy' });
  expect(report.verdict).toBe('failed');
  expect(report.end).toMatchObject({ reason: 'busy', sipCode: 486 });
  expect(report.mos).toBeNull();
});

test('preflight without the media kit says what to add', async () => {
  await expect(preflight(newPhone(false), { durationMs: 1500 })).rejects.toMatchObject({ code: 'unsupported', message: /browserMedia/ });
});
