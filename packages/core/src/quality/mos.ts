/**
 * Mean opinion score from network figures: Twilio's reduction of the ITU-T G.107 E-model
 * (twilio-voice.js, rtc/mos.ts), kept identical so scores compare across SDKs.
 *
 *   EL = rtt + 2 * jitter + 10                       effective latency, ms
 *   R  = 94.768 - EL / 40           if EL < 160
 *        94.768 - (EL - 120) / 10   if EL < 1000
 *        0                          otherwise
 *   R  = max(R - 2.5 * loss, 6.52)  if loss <= R / 2.5    (loss in %)
 *        0                          otherwise
 *   MOS = 1 + 0.035 R + 7e-6 R (R - 60) (100 - R)
 *
 * A perfect network scores 4.43 (the maximum); 1 % loss costs about 0.05. Negative or non-finite inputs count as 0.
 */
export function computeMos(rtt: number, jitter: number, lossPercent: number): number {
  const el = nonNegative(rtt) + 2 * nonNegative(jitter) + 10;
  const loss = nonNegative(lossPercent);
  let r = el < 160 ? 94.768 - el / 40 : el < 1000 ? 94.768 - (el - 120) / 10 : 0;
  r = loss <= r / 2.5 ? Math.max(r - 2.5 * loss, 6.52) : 0;
  return 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r);
}

const nonNegative = (n: number) => (Number.isFinite(n) && n > 0 ? n : 0);
