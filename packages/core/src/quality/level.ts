import type { QualityLevel } from './types';

/**
 * MOS → a word for people, in contiguous bands (every MOS has exactly one level; Twilio's and
 * Telnyx's published bands leave 4.0-4.1 unclassified):
 *
 *   excellent  MOS >= 4.2   R >= ~85: users very satisfied; the maximum is 4.43
 *   good       MOS >= 3.6   R >= 70: satisfied; also keeps "good" above low-mos (3.5)
 *   fair       MOS >= 3.1   R >= 60: some to many users dissatisfied, still usable
 *   poor       MOS <  3.1   R <  60: nearly all users dissatisfied
 *
 * R bands are ITU-T G.107's user-satisfaction categories, mapped through the same MOS formula as mos.ts.
 */
export function qualityLevel(mos: number): QualityLevel;
/** No MOS (a sample that carried no audio): no level, never one better than "no audio". */
export function qualityLevel(mos: number | null): QualityLevel | null;
export function qualityLevel(mos: number | null): QualityLevel | null {
  if (mos === null || !Number.isFinite(mos)) return null;
  return mos >= 4.2 ? 'excellent' : mos >= 3.6 ? 'good' : mos >= 3.1 ? 'fair' : 'poor';
}
