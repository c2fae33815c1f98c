/**
 * What the fault pages keep of each quality sample the kit emits, and beside it the browser's own
 * figures read straight from getStats (not through the kit) just after: when a test blames a
 * warning on the machine's load rather than on the relay, those raw figures show the browser
 * really measured what the kit says it did.
 * Runs in the test pages (bundled by esbuild) and is read by the tests in Node.
 */
import type { QualitySample } from '@handset/core';

export interface KitSample {
  /** Page time (performance.now, ms) when the kit emitted the sample. */
  readonly t: number;
  readonly mos: number | null;
  readonly rtt: number;
  readonly jitter: number;
  /** Inbound loss over the sample, %. */
  readonly loss: number;
  /** Outbound loss from the far end's latest RTCP report, %. */
  readonly outboundLoss: number;
  readonly packetsReceived: number;
  /** remote-inbound-rtp roundTripTime (else the selected pair's currentRoundTripTime), ms, read by the page; null until read. */
  rawRtt: number | null;
  /** inbound-rtp jitter, ms, read by the page; null until read. */
  rawJitter: number | null;
  /** The selected candidate pair's currentRoundTripTime (ICE checks, not RTCP), ms; null until read. */
  pairRtt: number | null;
}

/** Records `sample` in `into` now, and fills in the browser's raw figures when `pc.getStats()` answers. */
export function keepSample(sample: QualitySample, pc: RTCPeerConnection | null | undefined, into: KitSample[]): void {
  const record: KitSample = {
    t: Math.round(performance.now()),
    mos: sample.mos,
    rtt: sample.rtt,
    jitter: sample.jitter,
    loss: sample.packetsLostFraction,
    outboundLoss: sample.outboundPacketsLostFraction,
    packetsReceived: sample.packetsReceived,
    rawRtt: null,
    rawJitter: null,
    pairRtt: null,
  };
  into.push(record);
  pc?.getStats().then(
    (stats) => {
      let remoteRtt: number | undefined;
      let pairRtt: number | undefined;
      stats.forEach((s) => {
        if (s.type === 'remote-inbound-rtp' && s.kind === 'audio') remoteRtt ??= s.roundTripTime;
        if (s.type === 'inbound-rtp' && s.kind === 'audio') record.rawJitter ??= (s.jitter ?? 0) * 1000;
        if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') pairRtt ??= s.currentRoundTripTime;
      });
      record.rawRtt = (remoteRtt || pairRtt || 0) * 1000;
      record.pairRtt = pairRtt === undefined ? null : pairRtt * 1000;
    },
    () => {},
  );
}
