import { describe, expect, it } from 'vitest';
import { flowPoints, isInRSeries } from './flowPoints.ts';
import { flowZone } from './flowZone.ts';
import { defaultProfile as profile } from './profile/defaultProfile.ts';

describe('flowPoints', () => {
  it('Q3 2.5, R100 → Q1 25 L/h, Q2 40 L/h, Q4 3125 L/h', () => {
    expect(flowPoints(2.5, 100, profile)).toEqual({
      q1M3h: 0.025,
      q2M3h: 0.04,
      q3M3h: 2.5,
      q4M3h: 3.125,
      q1Lph: 25,
      q2Lph: 40,
      q3Lph: 2500,
      q4Lph: 3125,
    });
  });

  it.each([
    [4, 100, 40, 64],
    [6.3, 100, 63, 100.8],
    [10, 160, 62.5, 100],
    [16, 250, 64, 102.4],
    [2.5, 80, 31.25, 50],
  ])('Q3 %d, R%d → Q1 %d L/h, Q2 %d L/h as decimals', (q3, r, q1, q2) => {
    const p = flowPoints(q3, r, profile);
    expect(p.q1Lph).toBe(q1);
    expect(p.q2Lph).toBe(q2);
  });

  it('puts exactly Q2 in the upper zone even where 1.6 × Q1 is not exact in binary (6.3 m³/h, R100)', () => {
    expect(1.6 * 63).not.toBe(100.8);
    expect(flowZone(100.8, flowPoints(6.3, 100, profile))).toBe('upper');
  });

  it('knows the R series', () => {
    expect(isInRSeries(100, profile)).toBe(true);
    expect(isInRSeries(90, profile)).toBe(false);
  });

  it('refuses Q3 ≤ 0 and R ≤ 0', () => {
    expect(() => flowPoints(0, 100, profile)).toThrow(/q3M3h/);
    expect(() => flowPoints(2.5, -1, profile)).toThrow(/\br\b/);
  });
});
