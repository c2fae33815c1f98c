import type { DtmfTone } from '@handset/core';

/** The body of a SIP INFO carrying a DTMF digit (application/dtmf-relay, as Cisco and most PBXs send it). */
export const dtmfRelayType = 'application/dtmf-relay';

export function dtmfRelayBody(tone: DtmfTone, durationMs: number): string {
  return `Signal=${tone}\r\nDuration=${Math.round(durationMs)}\r\n`;
}

const tones = /^[0-9*#A-D]$/;

/** The digit of a dtmf-relay body, or null when the body is not one. */
export function parseDtmfRelay(body: string): DtmfTone | null {
  const match = /^Signal\s*=\s*(\S)\s*$/im.exec(body);
  const tone = match?.[1]?.toUpperCase();
  return tone !== undefined && tones.test(tone) ? (tone as DtmfTone) : null;
}
