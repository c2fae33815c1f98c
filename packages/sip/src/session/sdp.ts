import { audioCodecs } from '@handset/core/line-kit';

// The SIP line's own question of an SDP body; the reader itself is the line kit's.

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
