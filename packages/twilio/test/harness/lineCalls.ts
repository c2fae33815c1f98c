/** What the line's e2e tests share: a call each way through the stand-in, and the checks on its audio. */

import { expect } from 'vitest';
import type { StandInCall } from '../../src/stand-in/calls';
import { eventually } from './bed';
import { type LineBed, type LineOptions, waitForLine } from './lineBed';

export function expectNothingEscaped(bed: LineBed): void {
  expect(bed.escaped).toEqual([]);
}

/** An outgoing call from the phone, answered by the stand-in's far party: active. */
export async function outgoingCall(bed: LineBed, options: Record<string, unknown> = {}, line?: LineOptions) {
  await bed.connect(line);
  const id = await bed.page.evaluate(([o]) => window.line.call('+14155550123', o), [options] as const);
  await waitForLine(bed.page, `${id} state active`);
  const call = bed.standIn.calls[0] as StandInCall;
  return { id, call };
}

/** An incoming call placed by the stand-in and shown by the phone, ringing. */
export async function incomingCall(bed: LineBed, line?: LineOptions) {
  await bed.connect(line);
  const call = await bed.standIn.placeIncoming({ from: '+14155550100' });
  const shown = await waitForLine(bed.page, 'incoming ');
  return { id: shown.split(' ')[1] as string, call };
}

/** Packets each side has received so far: the far party's getStats, and the line's last sample (SDK's totals). */
export async function packets(bed: LineBed, id: string) {
  const far = await bed.farPage.evaluate(() => window.far.inboundPackets());
  const quality = await bed.page.evaluate((callId) => window.line.quality(callId), id);
  return { far, phone: quality?.sample?.totals.packetsReceived ?? 0 };
}

export async function expectAudioBothWays(bed: LineBed, id: string): Promise<void> {
  const before = await packets(bed, id);
  const after = await eventually(
    () => packets(bed, id),
    (now) => now.far > before.far + 20 && now.phone > before.phone + 20,
  );
  expect(after.far).toBeGreaterThan(before.far + 20);
  expect(after.phone).toBeGreaterThan(before.phone + 20);
}
