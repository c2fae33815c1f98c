/**
 * The E-model (ITU-T G.107) in the reduced form the kit documents for its MOS (twilio-voice.js's
 * rtc/mos.ts), written out again here so that the fault tests check the kit's score against the
 * network the relay applied, not against the kit's own code.
 */
export function eModelMos(rttMs: number, jitterMs: number, lossPercent: number): number {
  const effectiveLatency = rttMs + 2 * jitterMs + 10;
  let r: number;
  if (effectiveLatency < 160) r = 94.768 - effectiveLatency / 40;
  else if (effectiveLatency < 1000) r = 94.768 - (effectiveLatency - 120) / 10;
  else r = 0;
  r = lossPercent <= r / 2.5 ? Math.max(r - 2.5 * lossPercent, 6.52) : 0;
  return 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r);
}
