/** The media direction an SDP body states for its audio (session-level default, then the m=audio section). */
export function sdpDirection(sdp: string): 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive' {
  let direction: 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive' = 'sendrecv';
  let inAudio = false;
  let sessionLevel = true;
  for (const line of sdp.split(/\r?\n/)) {
    if (line.startsWith('m=')) {
      sessionLevel = false;
      inAudio = line.startsWith('m=audio');
      continue;
    }
    const match = /^a=(sendrecv|sendonly|recvonly|inactive)\s*$/.exec(line);
    if (match && (sessionLevel || inAudio)) direction = match[1] as typeof direction;
  }
  // A connection address of 0.0.0.0 is RFC 2543's way of holding.
  if (/^c=IN IP4 0\.0\.0\.0\s*$/m.test(sdp) && direction === 'sendrecv') return 'sendonly';
  return direction;
}

/** True when the far side holds us: it offers to send only, or nothing. */
export function offersHold(sdp: string): boolean {
  const direction = sdpDirection(sdp);
  return direction === 'sendonly' || direction === 'inactive';
}

/** True when the SDP offers RFC 4733 telephone-event. */
export function hasTelephoneEvent(sdp: string | undefined): boolean {
  return sdp !== undefined && /^a=rtpmap:\d+ telephone-event\//im.test(sdp);
}

/** The first audio codec of an SDP answer, e.g. `opus`. */
export function firstAudioCodec(sdp: string | undefined): string | undefined {
  if (!sdp) return undefined;
  const payload = /^m=audio \d+ [A-Z/]+ (\d+)/m.exec(sdp)?.[1];
  if (payload === undefined) return undefined;
  return new RegExp(`^a=rtpmap:${payload} ([^/\\s]+)`, 'm').exec(sdp)?.[1]?.toLowerCase();
}

/** RFC 3551's static audio payload types, for SDP that lists them without an rtpmap. */
const staticAudio: Record<string, string> = { 0: 'pcmu', 3: 'gsm', 4: 'g723', 8: 'pcma', 9: 'g722', 18: 'g729' };
/** Payloads that carry no voice on their own. */
const notVoice = new Set(['telephone-event', 'cn', 'red', 'rtx', 'ulpfec', 'flexfec-03']);

/** The voice codecs of the first m=audio section (lower case, e.g. `opus`), or [] when the section is rejected (port 0). */
export function audioCodecs(sdp: string): string[] {
  const media = /^m=audio (\d+) [A-Za-z/]+((?: \d+)*)/m.exec(sdp);
  if (!media || media[1] === '0') return [];
  const names = (media[2] ?? '')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((pt) => new RegExp(`^a=rtpmap:${pt} ([^/\\s]+)`, 'm').exec(sdp)?.[1]?.toLowerCase() ?? staticAudio[pt] ?? `pt${pt}`);
  return names.filter((name) => !notVoice.has(name));
}

/** The audio codecs this browser can receive (lower case), or undefined where it cannot tell. */
export function browserAudioCodecs(): string[] | undefined {
  const receiver = (globalThis as { RTCRtpReceiver?: { getCapabilities?: (kind: string) => { codecs: { mimeType: string }[] } | null } })
    .RTCRtpReceiver;
  const codecs = receiver?.getCapabilities?.('audio')?.codecs;
  return codecs?.map((codec) => codec.mimeType.split('/')[1]?.toLowerCase() ?? '');
}

/**
 * The far side's audio codecs when none of them is one we can use (the call cannot carry voice),
 * or undefined when there is one in common or no way to tell.
 */
export function noCommonAudioCodec(
  sdp: string | undefined,
  supported: readonly string[] | undefined = browserAudioCodecs(),
): string[] | undefined {
  if (!sdp || !supported || !/^m=audio /m.test(sdp)) return undefined;
  const offered = audioCodecs(sdp);
  return offered.some((name) => supported.includes(name)) ? undefined : offered;
}
