export type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** The direction of the first audio section of an SDP (session-level attribute as fallback, else sendrecv). */
export function audioDirection(sdp: string): Direction {
  let session: Direction | null = null;
  let inAudio = false;
  let sawAudio = false;
  for (const line of sdp.split(/\r?\n/)) {
    if (line.startsWith('m=')) {
      if (sawAudio) break;
      inAudio = line.startsWith('m=audio');
      sawAudio ||= inAudio;
      continue;
    }
    const match = /^a=(sendrecv|sendonly|recvonly|inactive)$/.exec(line.trim());
    if (!match) continue;
    if (inAudio) return match[1] as Direction;
    if (!sawAudio) session = match[1] as Direction;
  }
  return session ?? 'sendrecv';
}

/** An offer putting us on hold: the far side will not listen to us (sendonly from it) or nothing flows (inactive). */
export function isHoldOffer(sdp: string): boolean {
  const direction = audioDirection(sdp);
  return direction === 'sendonly' || direction === 'inactive';
}

/** The ICE username fragment; a new one in an offer means an ICE restart. */
export function iceUfrag(sdp: string): string | null {
  return /^a=ice-ufrag:(\S+)/m.exec(sdp)?.[1] ?? null;
}

/** The codec an answer chose for audio: the first payload type of its m=audio line, by its rtpmap name. */
export function audioCodecOf(sdp: string): string | undefined {
  const payload = /^m=audio \d+ \S+ (\d+)/m.exec(sdp)?.[1];
  if (payload === undefined) return undefined;
  return new RegExp(`^a=rtpmap:${payload} ([^/\\s]+)`, 'm').exec(sdp)?.[1]?.toLowerCase();
}
