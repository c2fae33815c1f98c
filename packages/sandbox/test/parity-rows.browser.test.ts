import type { QualityWarningName } from '@handset/core/media';
import { expect, test } from 'vitest';
import { useMediaPhones } from './media/support';
import { reach, until } from './support/calls';

const { mediaPhone, silentStream } = useMediaPhones();

/** Twilio's `warning` and `warning-cleared` call events, from the media kit's quality monitor on a real call. */
test('a silent microphone raises warning constant-audio-input-level on the call; muting clears it with warning-cleared', async () => {
  const { phone } = await mediaPhone();
  const call = phone.call('echo', { localStream: silentStream() });
  const raised: QualityWarningName[] = [];
  const cleared: QualityWarningName[] = [];
  call.on('warning', (name) => raised.push(name));
  call.on('warning-cleared', (name) => cleared.push(name));
  await reach(call, 'active');
  // Samples come every second; the first 5 s are not judged, then 3 crossings in a row raise.
  await until(() => raised.includes('constant-audio-input-level'), 15_000, 'constant-audio-input-level to be raised');
  expect(cleared).not.toContain('constant-audio-input-level');
  // Muted samples do not count as a silent microphone: 5 clean samples (and 5 s) later the warning is cleared.
  call.mute();
  await until(() => cleared.includes('constant-audio-input-level'), 12_000, 'constant-audio-input-level to be cleared');
  expect(phone.store.getState().quality[call.id]?.warnings ?? []).not.toContain('constant-audio-input-level');
  call.hangup();
}, 40_000);
