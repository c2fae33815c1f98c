import type { DtmfPath } from '@handset/core';
import type { DtmfMode } from '../options';

interface RtpMap {
  readonly name: string;
  readonly clockRate: number;
}

/** The rtpmap of each payload type of the first m=audio section, in the section's order. */
function audioRtpMaps(sdp: string): RtpMap[] {
  const section = /^m=audio [^\r\n]*(?:\r?\n(?!m=)[^\r\n]*)*/m.exec(sdp)?.[0];
  if (!section) return [];
  const payloads = /^m=audio \d+ [A-Za-z/]+((?: \d+)*)/.exec(section)?.[1]?.trim().split(/\s+/) ?? [];
  const maps: RtpMap[] = [];
  for (const pt of payloads) {
    const match = new RegExp(`^a=rtpmap:${pt} ([^/\\s]+)/(\\d+)`, 'm').exec(section);
    // RFC 3551's static types carry no rtpmap: all of the usable ones run at 8 kHz.
    if (match) maps.push({ name: (match[1] as string).toLowerCase(), clockRate: Number(match[2]) });
    else if (Number(pt) < 96) maps.push({ name: `pt${pt}`, clockRate: 8000 });
  }
  return maps;
}

const notVoice = new Set(['telephone-event', 'cn', 'red', 'rtx', 'ulpfec', 'flexfec-03']);

/**
 * How DTMF travels on a call, from the SDP answer and the line's mode.
 *
 * `auto`: RFC 4733 only when the answer carries telephone-event at the voice codec's clock rate
 * (RFC 4733 section 2.1: events use the audio clock). Chrome sends an 8 kHz telephone-event beside
 * 48 kHz Opus as end packets only, which receivers that act on the start drop: SIP INFO then.
 * `rfc4733`: RFC 4733 whenever the answer has any telephone-event; `info`: always SIP INFO.
 */
export function dtmfPathFor(answerSdp: string | undefined, mode: DtmfMode): DtmfPath {
  if (mode === 'info' || !answerSdp) return 'info';
  const maps = audioRtpMaps(answerSdp);
  const events = maps.filter((map) => map.name === 'telephone-event');
  if (events.length === 0) return 'info';
  if (mode === 'rfc4733') return 'rfc4733';
  const voice = maps.find((map) => !notVoice.has(map.name));
  return voice && events.some((event) => event.clockRate === voice.clockRate) ? 'rfc4733' : 'info';
}
