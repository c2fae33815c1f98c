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
