/**
 * Keeps only the payload types of the first m=audio section that `keep` accepts (by rtpmap name and
 * clock rate), with their rtpmap, fmtp and rtcp-fb lines: an answer as a far side with fewer codecs makes it.
 */
export function keepAudioPayloads(sdp: string, keep: (name: string, clockRate: number) => boolean): string {
  const lines = sdp.split('\r\n');
  const dropped = new Set<string>();
  for (const line of lines) {
    const map = /^a=rtpmap:(\d+) ([^/]+)\/(\d+)/.exec(line);
    if (map && !keep((map[2] as string).toLowerCase(), Number(map[3]))) dropped.add(map[1] as string);
  }
  return lines
    .filter((line) => {
      const pt = /^a=(?:rtpmap|fmtp|rtcp-fb):(\d+)/.exec(line)?.[1];
      return pt === undefined || !dropped.has(pt);
    })
    .map((line) =>
      line.startsWith('m=audio ')
        ? line
            .split(' ')
            .filter((field, index) => index < 3 || !dropped.has(field))
            .join(' ')
        : line,
    )
    .join('\r\n');
}
