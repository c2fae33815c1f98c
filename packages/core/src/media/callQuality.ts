import type { Call } from '../call/Call';
import { controllerOf } from '../call/internals';
import { mediaError } from '../errors/mediaErrors';
import { levelFromRms } from '../levels/decibels';
import type { LevelMeter } from '../levels/LevelMeter';
import type { CallQualitySnapshot } from '../phone/PhoneMedia';
import { createQualityMonitor } from '../quality/QualityMonitor';
import type { QualitySample, QualityThresholds } from '../quality/types';
import type { CallMedia } from './callMedia';
import { qualitySnapshot } from './qualitySnapshot';

export type QualityOptions = false | { readonly thresholds?: Partial<QualityThresholds>; readonly intervalMs?: number };

/** What sampling a call's quality needs from the kit. */
export interface QualityHost {
  readonly options: QualityOptions | undefined;
  setQuality(callId: string, quality: CallQualitySnapshot | null): void;
  callMeter(call: Call, side: 'input' | 'output'): LevelMeter | null;
}

/**
 * Samples an answered call's quality from its peer connection (once), and reports each sample and warning on the
 * call and in the store; levels for Twilio's `volume` event come with each sample.
 */
export function startQuality(media: CallMedia, host: QualityHost): void {
  const { call } = media;
  const pc = call.peerConnection;
  if (host.options === false || !pc || media.monitor) return;
  // A line-owned call's store slice is kept by `followLineOwnedCall`, from the events reported below.
  const publish = () => media.lineOwned || host.setQuality(call.id, qualitySnapshot(latest, media.warnings));
  let latest: QualitySample | null = null;
  media.monitor = createQualityMonitor({
    // The newest peer connection: an SDK that re-attaches a call hands over a new one.
    getStats: () => (call.peerConnection ?? pc).getStats(),
    ...(host.options?.intervalMs ? { intervalMs: host.options.intervalMs } : {}),
    ...(host.options?.thresholds ? { thresholds: host.options.thresholds } : {}),
    context: () => ({ muted: call.isMuted(), held: call.state === 'held' || call.snapshot.remoteHold }),
    onSample: (sample) => {
      latest = sample;
      publish();
      controllerOf(call).report('sample', sample);
      // The SDK's tracks are not the kit's to meter: a line-owned call's levels come with each sample.
      // getStats gives linear levels (0..32767): on the meters' dB scale, as the kit's own calls read.
      if (media.lineOwned) {
        controllerOf(call).report('volume', levelFromRms(sample.audioInputLevel / 32767), levelFromRms(sample.audioOutputLevel / 32767));
      } else syncVolume(media, host);
    },
    onWarning: (name, sample) => {
      media.warnings.push(name);
      publish();
      controllerOf(call).report('warning', name, sample);
    },
    onWarningCleared: (name) => {
      media.warnings = media.warnings.filter((w) => w !== name);
      publish();
      controllerOf(call).report('warning-cleared', name);
    },
    onError: (cause) =>
      controllerOf(call).signal({ type: 'error', callId: call.id, error: mediaError('stats-failed', undefined, { cause }) }),
  });
  media.monitor.start();
}

/** Twilio's `volume` event: metered only while the call has listeners for it (checked at each sample). */
function syncVolume(media: CallMedia, host: QualityHost): void {
  const wanted = media.call.listenerCount('volume') > 0;
  if (wanted === Boolean(media.stopVolume)) return;
  if (!wanted) {
    media.stopVolume?.();
    media.stopVolume = undefined;
    return;
  }
  const input = host.callMeter(media.call, 'input');
  const output = host.callMeter(media.call, 'output');
  let inputLevel = 0;
  let outputLevel = 0;
  const report = () => controllerOf(media.call).report('volume', inputLevel, outputLevel);
  const offs = [
    input?.subscribe((level) => {
      inputLevel = level;
      report();
    }),
    output?.subscribe((level) => {
      outputLevel = level;
      if (!input) report();
    }),
  ];
  media.stopVolume = () => {
    for (const off of offs) off?.();
  };
}
