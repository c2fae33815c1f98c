import type { DtmfTone } from '../call/types';

/** The content type of a SIP INFO carrying one DTMF tone, as Cisco and most PBXs send it. */
export const dtmfRelayType = 'application/dtmf-relay';

/** An `application/dtmf-relay` body: `Signal=5\r\nDuration=160\r\n`. */
export function dtmfRelayBody(tone: DtmfTone, durationMs: number): string {
  return `Signal=${tone}\r\nDuration=${Math.round(durationMs)}\r\n`;
}

/** Some PBXs send the event codes of RFC 4733 for * and # (10, 11) and for A-D (12-15). */
const eventCodes: Record<string, DtmfTone> = { 10: '*', 11: '#', 12: 'A', 13: 'B', 14: 'C', 15: 'D' };

/** The tone of a dtmf-relay body (`Signal=5`, `signal = b`, `Signal=11`), or null when the body is not one. */
export function parseDtmfRelay(body: string): DtmfTone | null {
  const signal = /^\s*Signal\s*=\s*(\S+)\s*$/im.exec(body)?.[1]?.toUpperCase();
  if (signal === undefined) return null;
  return /^[0-9*#A-D]$/.test(signal) ? (signal as DtmfTone) : (eventCodes[signal] ?? null);
}
