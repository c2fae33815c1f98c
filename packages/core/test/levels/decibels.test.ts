import { describe, expect, it } from 'vitest';
import { levelFromDecibels, levelFromRms, levelFromTimeDomain, rms } from '../../src/levels/decibels';

describe('Twilio volume mapping', () => {
  it.each([
    [-120, 0],
    [-100, 0],
    [-65, 0.5], // (-65 + 100) / 70
    [-30, 1],
    [0, 1],
    [Number.NaN, 0],
  ])('%d dB → %d', (db, level) => {
    expect(levelFromDecibels(db)).toBeCloseTo(level, 10);
  });

  it('maps RMS through dBFS: 1 → 0 dB → 1; 10^-3.25 → -65 dB → 0.5; 1e-5 → -100 dB → 0; 0 → 0', () => {
    expect(levelFromRms(1)).toBe(1);
    expect(levelFromRms(10 ** -3.25)).toBeCloseTo(0.5, 10);
    expect(levelFromRms(1e-5)).toBe(0);
    expect(levelFromRms(0)).toBe(0);
  });

  it('measures time-domain data: a full-scale sine has RMS 1/√2 (-3 dB → 1); a sine at 0.001 → -63 dB → 0.53', () => {
    const sine = (amplitude: number) => Float32Array.from({ length: 1024 }, (_, i) => amplitude * Math.sin((2 * Math.PI * i) / 64));
    expect(rms(sine(1))).toBeCloseTo(Math.SQRT1_2, 5);
    expect(levelFromTimeDomain(sine(1))).toBe(1);
    // RMS = 0.001/√2 → 20 log10 = -63.01 dB → (100 - 63.01) / 70 = 0.5284
    expect(levelFromTimeDomain(sine(0.001))).toBeCloseTo(0.5284, 3);
    expect(levelFromTimeDomain(new Float32Array(1024))).toBe(0);
    expect(levelFromTimeDomain([])).toBe(0);
  });
});
