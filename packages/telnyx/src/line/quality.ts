import type { LineSampleSignal } from '@handset/core';
import { sampleFromStats } from '@handset/core/media';

type Sampled = LineSampleSignal extends infer S ? (S extends { type: 'sample' | 'levels' } ? Omit<S, 'callId'> : never) : never;

/**
 * Samples one peer connection the SDK owns, once a second: getStats turned into the core's quality sample and
 * levels (0..1). The SDK's own stats are debug output in another shape, so the line reads the connection itself.
 */
export function sampleConnection(peer: RTCPeerConnection, report: (signal: Sampled) => void): () => void {
  let previous: RTCStatsReport | undefined;
  const timer = setInterval(async () => {
    const stats = await peer.getStats().catch(() => undefined);
    if (!stats) return; // closed between two ticks: the next callUpdate stops this sampler
    const { sample } = sampleFromStats(previous, stats);
    previous = stats;
    report({ type: 'sample', sample });
    report({ type: 'levels', input: sample.audioInputLevel / 32767, output: sample.audioOutputLevel / 32767 });
  }, 1000);
  return () => clearInterval(timer);
}
