import { describe, expect, it } from 'vitest';
import { qualityLevel } from '../../src/quality/level';
import type { QualityLevel } from '../../src/quality/types';

describe('qualityLevel', () => {
  it.each<[number, QualityLevel]>([
    [4.43, 'excellent'],
    [4.2, 'excellent'],
    [4.1999, 'good'],
    [4.1, 'good'], // the 4.0-4.1 gap of Twilio's and Telnyx's bands is covered
    [4.05, 'good'],
    [4.0, 'good'],
    [3.6, 'good'],
    [3.5999, 'fair'],
    [3.1, 'fair'],
    [3.0999, 'poor'],
    [1, 'poor'],
  ])('MOS %d → %s', (mos, level) => {
    expect(qualityLevel(mos)).toBe(level);
  });

  it('has contiguous bands: walking MOS from 1 to 4.5 only ever steps one band up', () => {
    const order: QualityLevel[] = ['poor', 'fair', 'good', 'excellent'];
    let previous = 0;
    const seen = new Set<QualityLevel>();
    for (let mos = 1; mos <= 4.5; mos += 0.0005) {
      const rank = order.indexOf(qualityLevel(mos));
      expect(rank - previous).toBeGreaterThanOrEqual(0);
      expect(rank - previous).toBeLessThanOrEqual(1);
      previous = rank;
      seen.add(qualityLevel(mos));
    }
    expect(seen.size).toBe(4);
  });
});
