import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from './errors.ts';
import { defaultProfile as profile } from './profile/defaultProfile.ts';
import { sampleSize, samplingPlan } from './samplingPlan.ts';

/** GB/T 2828.1 general inspection level II: [first lot, last lot, sample, code letter]. */
const TABLE: [number, number, number, string][] = [
  [2, 8, 2, 'A'],
  [9, 15, 3, 'B'],
  [16, 25, 5, 'C'],
  [26, 50, 8, 'D'],
  [51, 90, 13, 'E'],
  [91, 150, 20, 'F'],
  [151, 280, 32, 'G'],
  [281, 500, 50, 'H'],
  [501, 1200, 80, 'J'],
  [1201, 3200, 125, 'K'],
  [3201, 10000, 200, 'L'],
  [10001, 35000, 315, 'M'],
  [35001, 150000, 500, 'N'],
  [150001, 500000, 800, 'P'],
  [500001, 5_000_000, 1250, 'Q'],
];

describe('sampleSize (GB/T 2828.1, level II, Ac 0)', () => {
  for (const [first, last, sample, letter] of TABLE) {
    it(`lot ${first}–${last} → ${sample} (${letter}), at both boundaries`, () => {
      for (const lot of [first, last]) {
        const plan = samplingPlan(lot, profile);
        expect(plan.codeLetter).toBe(letter);
        expect(plan.sampleSize).toBe(Math.min(sample, lot));
        expect(plan.acceptanceNumber).toBe(0);
      }
    });
  }

  it('inspects all when the sample would be the lot or larger', () => {
    expect(samplingPlan(1, profile)).toMatchObject({ sampleSize: 1, inspectAll: true, codeLetter: null });
    expect(samplingPlan(2, profile)).toMatchObject({ sampleSize: 2, inspectAll: true });
    expect(samplingPlan(3, profile)).toMatchObject({ sampleSize: 2, inspectAll: false });
  });

  it('refuses a lot that is not a positive whole number', () => {
    expect(() => sampleSize(0, profile)).toThrow(InvalidInputError);
    expect(() => sampleSize(2.5, profile)).toThrow(/lotSize/);
  });

  it('is monotone in the lot size and never exceeds the lot (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_000_000 }), fc.integer({ min: 1, max: 2_000_000 }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(sampleSize(lo, profile)).toBeLessThanOrEqual(sampleSize(hi, profile));
        expect(sampleSize(lo, profile)).toBeLessThanOrEqual(lo);
        expect(sampleSize(lo, profile)).toBeGreaterThanOrEqual(1);
      }),
    );
  });
});
