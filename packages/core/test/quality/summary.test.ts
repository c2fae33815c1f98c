import { describe, expect, it } from 'vitest';
import { createQualitySummary } from '../../src/quality/summary';
import { goodSample } from './helpers';

describe('createQualitySummary', () => {
  it('has no MOS before any sample', () => {
    expect(createQualitySummary().result()).toEqual({
      averageMos: null,
      worstMos: null,
      totalPacketsLost: 0,
      packetsLostFraction: 0,
      warningsRaised: [],
      samples: 0,
    });
  });

  it('averages MOS, keeps the worst, takes loss from the last totals and each warning once', () => {
    const summary = createQualitySummary();
    const totals = (packetsLost: number, packetsLostFraction: number) => ({ ...goodSample().totals, packetsLost, packetsLostFraction });
    summary.addSample(goodSample({ mos: 4.4, totals: totals(0, 0) }));
    summary.addSample(goodSample({ mos: 3.0, totals: totals(7, 2) }));
    summary.addWarning('low-mos');
    summary.addSample(goodSample({ mos: 4.0, totals: totals(9, 1.5) }));
    summary.addWarning('high-rtt');
    summary.addWarning('low-mos');
    const result = summary.result();
    expect(result.averageMos).toBeCloseTo(3.8, 10);
    expect(result).toMatchObject({
      worstMos: 3,
      totalPacketsLost: 9,
      packetsLostFraction: 1.5,
      warningsRaised: ['low-mos', 'high-rtt'],
      samples: 3,
    });
  });
});
