import type { DialRequest, SipHeader } from '@handset/core';

/** SIP.js's hook for changing our offer before it is sent. */
type Modifier = (description: RTCSessionDescriptionInit) => Promise<RTCSessionDescriptionInit>;

/** The header that carries a call's `customData` (Voximplant's; at most 200 bytes, percent-encoded onto one line). */
const customDataName = 'X-Custom-Data';

export function customDataHeader(customData: string): SipHeader {
  return { name: customDataName, value: encodeURIComponent(customData) };
}

/** Splits the `customData` header off an INVITE's custom headers; a value that does not decode is left as a header. */
export function customDataOf(headers: readonly SipHeader[]): { headers: SipHeader[]; customData?: string } {
  const rest: SipHeader[] = [];
  let customData: string | undefined;
  for (const header of headers) {
    if (header.name.toLowerCase() === customDataName.toLowerCase() && customData === undefined) {
      try {
        customData = decodeURIComponent(header.value);
        continue;
      } catch {}
    }
    rest.push(header);
  }
  return customData === undefined ? { headers: rest } : { headers: rest, customData };
}

/**
 * The call options that SIP.js can only honour by editing our SDP: `preferredCodecs` (the audio m-line's
 * payload order, for browsers where setCodecPreferences cannot be reached through SIP.js) and
 * `sdpASBandwidthKbps` (a `b=AS` line in the audio section, RFC 4566 section 5.8).
 */
export function sdpModifiers(options: DialRequest['options']): Modifier[] {
  const modifiers: Modifier[] = [];
  const { preferredCodecs, sdpASBandwidthKbps } = options;
  if (preferredCodecs?.length) modifiers.push(async (d) => ({ ...d, sdp: preferCodecs(d.sdp ?? '', preferredCodecs) }));
  if (sdpASBandwidthKbps !== undefined) modifiers.push(async (d) => ({ ...d, sdp: limitBandwidth(d.sdp ?? '', sdpASBandwidthKbps) }));
  return modifiers;
}

/** Moves the named codecs' payload types to the front of the audio m-line, in the order given (others keep theirs). */
export function preferCodecs(sdp: string, codecs: readonly string[]): string {
  const lines = sdp.split('\r\n');
  const audio = lines.findIndex((line) => line.startsWith('m=audio '));
  if (audio < 0) return sdp;
  const end = sectionEnd(lines, audio);
  const names = new Map<string, string>();
  for (const line of lines.slice(audio + 1, end)) {
    const rtpmap = /^a=rtpmap:(\d+) ([^/]+)\//.exec(line);
    if (rtpmap) names.set(rtpmap[1] as string, (rtpmap[2] as string).toLowerCase());
  }
  const [m, port, proto, ...payloads] = (lines[audio] as string).split(' ');
  const rank = (pt: string) => {
    const i = codecs.findIndex((codec) => codec.toLowerCase() === names.get(pt));
    return i < 0 ? codecs.length : i;
  };
  const ordered = payloads.map((pt, i) => ({ pt, i })).sort((a, b) => rank(a.pt) - rank(b.pt) || a.i - b.i);
  lines[audio] = [m, port, proto, ...ordered.map((p) => p.pt)].join(' ');
  return lines.join('\r\n');
}

/** Sets `b=AS:<kbps>` on the audio section (after its c= line, where RFC 4566 puts it), replacing any there. */
export function limitBandwidth(sdp: string, kbps: number): string {
  const lines = sdp.split('\r\n');
  const audio = lines.findIndex((line) => line.startsWith('m=audio '));
  if (audio < 0) return sdp;
  const end = sectionEnd(lines, audio);
  const section = lines.slice(audio, end).filter((line) => !line.startsWith('b=AS:'));
  const connection = section.findIndex((line) => line.startsWith('c='));
  section.splice(connection < 0 ? 1 : connection + 1, 0, `b=AS:${kbps}`);
  lines.splice(audio, end - audio, ...section);
  return lines.join('\r\n');
}

function sectionEnd(lines: readonly string[], start: number): number {
  const next = lines.findIndex((line, i) => i > start && line.startsWith('m='));
  return next < 0 ? lines.length : next;
}
