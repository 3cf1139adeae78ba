import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { D2_FOR_TWO, ewmaChart, movingRangeSigma } from './ewma.ts';

describe('EWMA control chart (Montgomery §9.2; ISO 7870-6)', () => {
  it('hand-checked: z, σ̂ from the moving range, time-varying limits', () => {
    // MR = |−1 − 1|, |2 − (−1)| = 2, 3 → MR̄ = 2.5 → σ̂ = 2.5 / 1.128
    const c = ewmaChart([1, -1, 2]);
    expect(c.sigma).toBeCloseTo(2.5 / 1.128, 12);
    expect(c.centre).toBe(0);
    // z1 = 0.2·1 = 0.2; z2 = 0.2·(−1) + 0.8·0.2 = −0.04; z3 = 0.2·2 + 0.8·(−0.04) = 0.368
    expect(c.points.map((p) => p.z)).toEqual([expect.closeTo(0.2, 12), expect.closeTo(-0.04, 12), expect.closeTo(0.368, 12)]);
    // t = 1: 3σ√(0.2/1.8 · (1 − 0.64)) = 3σ · 0.2 = 0.6σ
    expect(c.points[0]!.ucl).toBeCloseTo(0.6 * (2.5 / 1.128), 12);
    expect(c.points[0]!.lcl).toBeCloseTo(-0.6 * (2.5 / 1.128), 12);
    // t = 2: 3σ√(1/9 · (1 − 0.4096)) = 3σ · 0.2561249695
    expect(c.points[1]!.ucl).toBeCloseTo(3 * 0.2561249695 * (2.5 / 1.128), 9);
    expect(c.points.every((p) => p.signal === 0)).toBe(true);
  });

  it('flags a step: [0,0,0,0,5] with σ = 1 crosses the UCL at t = 5 (z = 1 > 0.9448)', () => {
    const c = ewmaChart([0, 0, 0, 0, 5], { sigma: 1 });
    const last = c.points[4]!;
    expect(last.z).toBeCloseTo(1, 12);
    // 3·√(1/9 · (1 − 0.8¹⁰)) = 0.944789 (0.8¹⁰ = 0.1073741824)
    expect(last.ucl).toBeCloseTo(0.9447888, 6);
    expect(last.signal).toBe(1);
    expect(c.points.slice(0, 4).map((p) => p.signal)).toEqual([0, 0, 0, 0]);
    expect(ewmaChart([0, 0, 0, 0, -5], { sigma: 1 }).points[4]!.signal).toBe(-1);
  });

  it('centre from the mean of the first k points', () => {
    const c = ewmaChart([0.4, 0.6, 3, 3], { target: { firstK: 2 } });
    expect(c.centre).toBeCloseTo(0.5, 12);
    expect(c.points[0]!.z).toBeCloseTo(0.2 * 0.4 + 0.8 * 0.5, 12);
  });

  it('no limits with one point; σ̂ needs two', () => {
    expect(movingRangeSigma([1])).toBeNull();
    expect(movingRangeSigma([1, 2])).toBeCloseTo(1 / D2_FOR_TWO, 12);
    expect(ewmaChart([0.3]).points).toEqual([{ x: 0.3, z: expect.closeTo(0.06, 12), ucl: null, lcl: null, signal: 0 }]);
    expect(ewmaChart([]).points).toEqual([]);
    expect(ewmaChart([0.3]).noLimits).toBe('too-few');
    expect(ewmaChart([1, 2]).noLimits).toBeNull();
  });

  it('no limits and no signal when the observations do not vary (σ̂ = 0): limits on the centre line would flag every point', () => {
    // Two sessions of the same meters on a bench that repeats itself: −0.19, −0.19.
    const c = ewmaChart([-0.19, -0.19]);
    expect(c.sigma).toBe(0);
    expect(c.noLimits).toBe('no-spread');
    expect(c.points.map((p) => [p.ucl, p.lcl, p.signal])).toEqual([
      [null, null, 0],
      [null, null, 0],
    ]);
    // A σ given as 0 is no spread either; the smallest real spread is not.
    expect(ewmaChart([0, 5], { sigma: 0 }).points.every((p) => p.signal === 0 && p.ucl === null)).toBe(true);
    expect(ewmaChart([0.01, 0.02]).noLimits).toBeNull();
  });

  it('refuses NaN and a λ outside (0, 1]', () => {
    expect(() => ewmaChart([1, Number.NaN])).toThrow(/observation 1/);
    expect(() => ewmaChart([1], { lambda: 0 })).toThrow(/λ/);
    expect(() => ewmaChart([1], { lambda: 1.5 })).toThrow(/λ/);
  });

  const series = fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 2, maxLength: 60 });

  it('property: the limits are symmetric about the centre, widen with t and stay within the asymptote L·σ·√(λ/(2−λ))', () => {
    fc.assert(
      fc.property(series, fc.double({ min: 0.05, max: 1, noNaN: true }), (xs, lambda) => {
        const c = ewmaChart(xs, { lambda });
        fc.pre(c.noLimits === null);
        const asymptote = c.L * c.sigma! * Math.sqrt(lambda / (2 - lambda));
        let previous = -Infinity;
        for (const p of c.points) {
          const half = p.ucl! - c.centre;
          expect(c.centre - p.lcl!).toBeCloseTo(half, 9);
          expect(half).toBeGreaterThanOrEqual(previous - 1e-12);
          expect(half).toBeLessThanOrEqual(asymptote + 1e-12);
          previous = half;
        }
      }),
    );
  });

  it('property: z_t lies between z_{t−1} and x_t (a weighted mean), and λ = 1 gives z = x', () => {
    fc.assert(
      fc.property(series, (xs) => {
        const c = ewmaChart(xs);
        let prev = c.centre;
        for (const p of c.points) {
          expect(p.z).toBeGreaterThanOrEqual(Math.min(prev, p.x) - 1e-12);
          expect(p.z).toBeLessThanOrEqual(Math.max(prev, p.x) + 1e-12);
          prev = p.z;
        }
        expect(ewmaChart(xs, { lambda: 1 }).points.map((p) => p.z)).toEqual(xs.map((x) => expect.closeTo(x, 12)));
      }),
    );
  });
});
