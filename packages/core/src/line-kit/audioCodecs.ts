/**
 * The browser's audio codecs named ('opus', 'PCMU'; any case), in the names' order, as `setCodecPreferences` and
 * SDKs' codec options take them. From the browser's receive capabilities unless `codecs` is given.
 */
export function namedAudioCodecs(
  names: readonly string[],
  codecs: readonly RTCRtpCodec[] = globalThis.RTCRtpReceiver?.getCapabilities?.('audio')?.codecs ?? [],
): RTCRtpCodec[] {
  return names.flatMap((name) => codecs.filter((codec) => codec.mimeType.toLowerCase() === `audio/${name.toLowerCase()}`));
}
