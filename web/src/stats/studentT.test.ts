/**
 * t(0.975, ν) of both implementations (web/src/stats/studentT.ts and the kernel's
 * assembly/studentT.ts) against 20-digit values from mpmath (findroot on the regularized
 * incomplete beta: ½·I_{ν/(ν+t²)}(ν/2, ½) = 0.025), which scipy.stats.t.ppf matches.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { WasmKernel } from './kernel.ts';
import { loadNodeKernel } from './loadKernel.node.ts';
import { cornishFisher975, tQuantile975, twoSidedCdf, Z975 } from './studentT.ts';

const MPMATH: [number, number][] = [
  [1, 12.706204736174704646],
  [2, 4.3026527297494638523],
  [3, 3.1824463052837095927],
  [4, 2.7764451051977943578],
  [5, 2.5705818356363155147],
  [6, 2.4469118511449699711],
  [7, 2.3646242515927853417],
  [8, 2.3060041352041666833],
  [9, 2.2621571627982055426],
  [10, 2.2281388519862747484],
  [15, 2.1314495455597756821],
  [20, 2.0859634472658648427],
  [29, 2.0452296421327042982],
  [30, 2.04227245630123831],
  [50, 2.0085591121007611055],
  [60, 2.0002978220142605045],
  [99, 1.9842169515864174951],
  [100, 1.9839715185235522866],
  [120, 1.9799304050824408467],
  [500, 1.9647198374673677934],
  [999, 1.9623414611334499787],
  [1000, 1.962339080826408485],
  [1001, 1.9623367052808799185],
  [1500, 1.9615467538950187008],
  [5000, 1.9604385517065079186],
  [100000, 1.9599877075346096386],
  [1000000, 1.9599663568141070353],
  [9999999, 1.9599642217672292131],
];

let kernel: WasmKernel;
beforeAll(async () => {
  kernel = await loadNodeKernel();
});

describe.each([
  ['TypeScript', (df: number) => tQuantile975(df)],
  ['kernel', (df: number) => kernel.tQuantile(df)],
] as const)('t(0.975, ν), %s', (_name, t) => {
  it.each(MPMATH)('ν = %i', (df, expected) => {
    expect(Math.abs(t(df) - expected) / expected).toBeLessThan(1e-13);
  });

  it('the brief’s check values to 4 decimals', () => {
    const four = (x: number): number => Math.round(x * 1e4) / 1e4;
    expect([1, 2, 10, 30, 120].map((df) => four(t(df)))).toEqual([12.7062, 4.3027, 2.2281, 2.0423, 1.9799]);
  });

  it('decreases with ν towards Φ⁻¹(0.975)', () => {
    let previous = Infinity;
    for (const df of [1, 2, 3, 5, 10, 100, 999, 1000, 1001, 1002, 10_000, 1e6, 2 ** 30]) {
      const x = t(df);
      expect(x).toBeLessThan(previous);
      expect(x).toBeGreaterThan(Z975);
      previous = x;
    }
  });
});

describe('the CDF the Newton steps solve', () => {
  it('is the two-sided probability: A(t | ν) = 0.95 at the quantile, and A(0) = 0', () => {
    for (const df of [3, 4, 17, 200]) {
      expect(twoSidedCdf(tQuantile975(df), df).a).toBeCloseTo(0.95, 14);
      expect(twoSidedCdf(0, df).a).toBe(0);
    }
  });

  it('its derivative is twice the t density (checked by a central difference)', () => {
    for (const df of [3, 8, 51]) {
      const h = 1e-5;
      const numeric = (twoSidedCdf(2 + h, df).a - twoSidedCdf(2 - h, df).a) / (2 * h);
      expect(twoSidedCdf(2, df).dadt).toBeCloseTo(numeric, 9);
    }
  });

  it('the Cornish–Fisher expansion is within 1e-15 of the exact value at the switch (ν = 1000)', () => {
    expect(Math.abs(cornishFisher975(1000) - 1.962339080826408485)).toBeLessThan(1e-15 * 2);
  });

  it('refuses ν that is not a positive integer', () => {
    expect(() => tQuantile975(0)).toThrow(RangeError);
    expect(() => tQuantile975(2.5)).toThrow(RangeError);
  });
});
