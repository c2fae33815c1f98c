import type { DtmfTone } from '@handset/core';

const tones = new Set('0123456789*#ABCD');

/** The tone of an `application/dtmf-relay` INFO body (`Signal=5\r\nDuration=160`), or null. */
export function parseDtmfRelay(body: string): DtmfTone | null {
  const signal = /^\s*Signal\s*=\s*(\S)/im.exec(body)?.[1]?.toUpperCase();
  return signal !== undefined && tones.has(signal) ? (signal as DtmfTone) : null;
}

export function dtmfRelayBody(tone: DtmfTone, durationMs: number): string {
  return `Signal=${tone}\r\nDuration=${Math.round(durationMs)}\r\n`;
}
