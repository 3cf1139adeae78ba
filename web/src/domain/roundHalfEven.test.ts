import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundHalfEven } from './roundHalfEven.ts';

describe('roundHalfEven (GB/T 8170)', () => {
  it.each([
    [1.625547, 2, 1.63],
    [1.625, 2, 1.62],
    [1.635, 2, 1.64],
    [2.675, 2, 2.68],
    [1.005, 2, 1.0],
    [1.015, 2, 1.02],
    [-1.625, 2, -1.62],
    [-1.50097, 2, -1.5],
    [0.125, 2, 0.12],
    [0.375, 2, 0.38],
    [2.5, 0, 2],
    [3.5, 0, 4],
    [-2.5, 0, -2],
    [0.004, 2, 0],
    [0.005, 2, 0],
    [0.015, 2, 0.02],
    [0.0006, 2, 0],
    [1.6250001, 2, 1.63],
    [12345.675, 2, 12345.68],
    [3.741000000000003, 2, 3.74],
    [5, 2, 5],
  ])('%d to %d decimals → %d', (x, d, expected) => {
    expect(roundHalfEven(x, d)).toBe(expected);
  });

  it('never returns −0', () => {
    expect(Object.is(roundHalfEven(-0.001, 2), 0)).toBe(true);
  });

  it('refuses a bad number of decimals', () => {
    expect(() => roundHalfEven(1, -1)).toThrow(/decimals/);
    expect(() => roundHalfEven(1, 1.5)).toThrow(/decimals/);
  });

  it('is within half a unit, odd-symmetric, and idempotent (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 6 }), (x, d) => {
        const r = roundHalfEven(x, d);
        expect(Math.abs(r - x)).toBeLessThanOrEqual(0.5 * 10 ** -d * (1 + 1e-9) + 1e-9);
        expect(roundHalfEven(-x, d)).toBe(r === 0 ? 0 : -r);
        expect(roundHalfEven(r, d)).toBe(r);
      }),
    );
  });
});
