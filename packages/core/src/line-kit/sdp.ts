/**
 * What lines read from an SDP body: the audio direction (hold), the ICE ufrag (restart), the audio codecs. Only
 * these few lines of SDP are read, so a 4 kB general parser would not earn its bytes in every line's bundle.
 * Everything about audio is read from the first `m=audio` section, with the session part as its default.
 */

export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** The session part and the first audio section (null when there is none), as lines. */
function audioParts(sdp: string): { session: string[]; audio: string[] | null } {
  const lines = sdp.split(/\r?\n/).map((line) => line.trim());
  const sections = lines.findIndex((line) => line.startsWith('m='));
  const session = sections === -1 ? lines : lines.slice(0, sections);
  const start = lines.findIndex((line) => line.startsWith('m=audio'));
  if (start === -1) return { session, audio: null };
  const next = lines.findIndex((line, i) => i > start && line.startsWith('m='));
  return { session, audio: lines.slice(start, next === -1 ? lines.length : next) };
}

const directionIn = (lines: readonly string[]) =>
  lines.map((line) => /^a=(sendrecv|sendonly|recvonly|inactive)$/.exec(line)?.[1]).find(Boolean) as MediaDirection | undefined;

/**
 * The direction the SDP states for its audio: the audio section's attribute, else the session's, else sendrecv.
 * A connection address of 0.0.0.0 without ICE (RFC 2543's hold, still sent by older PBXs) reads as sendonly;
 * with ICE it is only the placeholder browsers write before their candidates (RFC 8839).
 */
export function audioDirection(sdp: string): MediaDirection {
  const { session, audio } = audioParts(sdp);
  const direction = (audio && directionIn(audio)) ?? directionIn(session) ?? 'sendrecv';
  const connection = [...(audio ?? []), ...session].find((line) => line.startsWith('c='));
  const rfc2543Hold = connection === 'c=IN IP4 0.0.0.0' && iceUfrag(sdp) === null;
  return direction === 'sendrecv' && rfc2543Hold ? 'sendonly' : direction;
}

/** An offer that holds us: the far side will only send (sendonly) or nothing flows (inactive). */
export function isHoldOffer(sdp: string): boolean {
  const direction = audioDirection(sdp);
  return direction === 'sendonly' || direction === 'inactive';
}

/** The ICE username fragment; a new one in an offer means an ICE restart. */
export function iceUfrag(sdp: string): string | null {
  return /^a=ice-ufrag:(\S+)/m.exec(sdp)?.[1] ?? null;
}

/** RFC 3551's static audio payload types, for SDP that lists them without an rtpmap. */
const staticPayloads: Record<string, string> = { 0: 'pcmu', 3: 'gsm', 4: 'g723', 8: 'pcma', 9: 'g722', 18: 'g729' };
/** Payloads that carry no voice of their own. */
const notVoice = new Set(['telephone-event', 'cn', 'red', 'rtx', 'ulpfec', 'flexfec-03']);

/** Every payload of the first audio section by codec name (lower case), in its order; [] when rejected (port 0). */
function audioPayloads(sdp: string): string[] {
  const { audio } = audioParts(sdp);
  const media = audio && /^m=audio (\d+) \S+((?: \d+)*)$/.exec(audio[0] as string);
  if (!media || media[1] === '0') return [];
  const rtpmap = (pt: string) => audio.map((line) => new RegExp(`^a=rtpmap:${pt} ([^/\\s]+)`).exec(line)?.[1]).find(Boolean);
  return (media[2] ?? '')
    .split(' ')
    .filter(Boolean)
    .map((pt) => rtpmap(pt)?.toLowerCase() ?? staticPayloads[pt] ?? `pt${pt}`);
}

/** The voice codecs the audio section offers (e.g. ['opus', 'pcmu']), in its order; [] when it is rejected. */
export function audioCodecs(sdp: string): string[] {
  return audioPayloads(sdp).filter((name) => !notVoice.has(name));
}

/** The codec an answer chose for audio: the first payload of its audio section. */
export function firstAudioCodec(sdp: string | undefined): string | undefined {
  return sdp ? audioPayloads(sdp)[0] : undefined;
}

/** Whether the audio section offers RFC 4733 telephone-event (DTMF in the RTP). */
export function hasTelephoneEvent(sdp: string | undefined): boolean {
  return !!sdp && audioPayloads(sdp).includes('telephone-event');
}
