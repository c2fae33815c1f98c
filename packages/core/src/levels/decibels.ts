/**
 * Level for people, 0..1, from signal power: Twilio's `volume` mapping, which is also the
 * AnalyserNode default range: -100 dBFS → 0, -30 dBFS → 1, linear in dB between, clamped.
 */
export function levelFromDecibels(db: number): number {
  return db > -100 ? Math.min((db + 100) / 70, 1) : 0;
}

/** RMS of a full-scale signal (1 = 0 dBFS) → level 0..1. */
export function levelFromRms(rms: number): number {
  return rms > 0 ? levelFromDecibels(20 * Math.log10(rms)) : 0;
}

/** RMS of float samples, e.g. AnalyserNode.getFloatTimeDomainData's. */
export function rms(samples: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  return samples.length ? Math.sqrt(sum / samples.length) : 0;
}

/** An AnalyserNode's float time-domain data → level 0..1. */
export function levelFromTimeDomain(samples: ArrayLike<number>): number {
  return levelFromRms(rms(samples));
}
