import { describe, expect, it } from 'vitest';
import { computeMos } from '../../src/quality/mos';

// Each case is worked by hand from the formula in mos.ts (EL → R → loss → MOS).
describe('computeMos (Twilio E-model reduction)', () => {
  it.each([
    // EL = 0 + 0 + 10 = 10 < 160 → R = 94.768 - 10/40 = 94.518; loss 0 → R = 94.518
    // MOS = 1 + 0.035*94.518 + 7e-6 * 94.518 * 34.518 * 5.482 = 1 + 3.30813 + 0.12520 = 4.43333
    { rtt: 0, jitter: 0, loss: 0, mos: 4.43333 },
    // Twilio's documented sample: EL = 87 → R = 94.768 - 2.175 = 92.593
    // MOS = 1 + 3.240755 + 7e-6 * 92.593 * 32.593 * 7.407 = 1 + 3.24076 + 0.15647 = 4.39723 (Twilio: 4.397229249317001)
    { rtt: 77, jitter: 0, loss: 0, mos: 4.39723 },
    // EL = 0 + 0 + 10 = 10 → R = 94.518; loss 1 ≤ 37.8 → R = 94.518 - 2.5 = 92.018
    // MOS = 1 + 3.22063 + 7e-6 * 92.018 * 32.018 * 7.982 = 1 + 3.22063 + 0.16462 = 4.38525
    { rtt: 0, jitter: 0, loss: 1, mos: 4.38525 },
    // EL = 200 + 40 + 10 = 250 ≥ 160 → R = 94.768 - (250-120)/10 = 81.768; loss 2 ≤ 32.7 → R = 81.768 - 5 = 76.768
    // MOS = 1 + 2.68688 + 7e-6 * 76.768 * 16.768 * 23.232 = 1 + 2.68688 + 0.20934 = 3.89622
    { rtt: 200, jitter: 20, loss: 2, mos: 3.89622 },
    // EL = 400 → R = 94.768 - 28 = 66.768
    // MOS = 1 + 2.33688 + 7e-6 * 66.768 * 6.768 * 33.232 = 1 + 2.33688 + 0.10512 = 3.44200
    { rtt: 390, jitter: 0, loss: 0, mos: 3.442 },
    // EL = 1010 ≥ 1000 → R = 0; loss 0 ≤ 0 → R = max(0, 6.52) = 6.52
    // MOS = 1 + 0.2282 + 7e-6 * 6.52 * (-53.48) * 93.48 = 1 + 0.2282 - 0.22817 = 1.00003
    { rtt: 1000, jitter: 0, loss: 0, mos: 1.00003 },
    // R = 94.518; loss 37 ≤ 37.807 → R = max(94.518 - 92.5, 6.52) = 6.52 → MOS = 1.00003 (the floor)
    { rtt: 0, jitter: 0, loss: 37, mos: 1.00003 },
    // R = 94.518; loss 40 > 37.807 → R = 0 → MOS = 1 + 0 + 0 = 1
    { rtt: 0, jitter: 0, loss: 40, mos: 1 },
  ])('rtt $rtt ms, jitter $jitter ms, loss $loss % → $mos', ({ rtt, jitter, loss, mos }) => {
    expect(computeMos(rtt, jitter, loss)).toBeCloseTo(mos, 4);
  });

  it('equals Twilio exactly on its documented sample', () => {
    expect(computeMos(77, 0, 0)).toBe(4.397229249317001);
  });

  it('reads negative or non-finite inputs as 0 instead of producing NaN', () => {
    expect(computeMos(Number.NaN, -5, Number.POSITIVE_INFINITY)).toBe(computeMos(0, 0, 0));
  });

  it('never rises when rtt, jitter or loss get worse', () => {
    for (let x = 0; x < 1200; x += 7) {
      expect(computeMos(x + 7, 10, 1)).toBeLessThanOrEqual(computeMos(x, 10, 1));
      expect(computeMos(50, x / 10 + 1, 1)).toBeLessThanOrEqual(computeMos(50, x / 10, 1));
      expect(computeMos(50, 10, x / 20 + 0.35)).toBeLessThanOrEqual(computeMos(50, 10, x / 20));
    }
  });
});
