/**
 * Each engine (JS reference, WASM kernel) against results that do not come from our code:
 * numpy/scipy figures, an exact rational (BigInt) reference, and the documented answers
 * for n = 0, 1, 2, 3 and constant columns.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { StatisticsError } from './errors.ts';
import { bothEngines } from './test-support/engines.ts';
import { exactMoments } from './test-support/exactMoments.ts';
import { ERRORS_HISTOGRAM, SCIPY_COLUMNS } from './test-support/scipyColumns.ts';
import type { ColumnOptions, ColumnStatistics, StatisticsEngine } from './types.ts';

const options: ColumnOptions = { mpe: 2, histogram: { width: 0.1, lo: -2, hi: 2 } };

function close(actual: number | null | undefined, expected: number, rel: number): void {
  expect(actual).not.toBeNull();
  const a = actual as number;
  expect(Math.abs(a - expected), `${a} vs ${expected}`).toBeLessThanOrEqual(rel * Math.max(Math.abs(expected), 1e-300));
}

/** scipy's G1 and G2 from exact central moments (see types.ts). */
function g1g2(n: number, m2: number, m3: number, m4: number): { g1: number; g2: number } {
  return {
    g1: ((Math.sqrt(n * (n - 1)) / (n - 2)) * m3) / m2 ** 1.5,
    g2: ((n * n - 1) * (m4 / (m2 * m2)) - 3 * (n - 1) ** 2) / ((n - 2) * (n - 3)),
  };
}

let engines: StatisticsEngine[] = [];
beforeAll(async () => {
  engines = await bothEngines();
});

describe.each(['js', 'wasm'] as const)('%s engine', (name) => {
  const engine = (): StatisticsEngine => {
    const e = engines.find((x) => x.name === name);
    if (!e) throw new Error(`no ${name} engine`);
    return e;
  };
  const run = (column: number[] | Float64Array, o: ColumnOptions = options): ColumnStatistics =>
    engine().describe(column instanceof Float64Array ? column : Float64Array.from(column), o);

  describe.each(Object.entries(SCIPY_COLUMNS))('matches numpy/scipy on %s', (_label, { column, expected }) => {
    it('every figure', () => {
      const s = run(column);
      expect(s.n).toBe(expected.n);
      close(s.mean, expected.mean as number, 1e-14);
      close(s.sd, expected.sd as number, 1e-14);
      close(s.se, expected.se as number, 1e-14);
      close(s.ci95?.[0], (expected.ci95 as [number, number])[0], 1e-13);
      close(s.ci95?.[1], (expected.ci95 as [number, number])[1], 1e-13);
      expect(s.min).toBe(expected.min);
      expect(s.max).toBe(expected.max);
      close(s.skewness, expected.skewness as number, 1e-12);
      close(s.kurtosis, expected.kurtosis as number, 1e-12);
      // Quantiles are order statistics and numpy's own interpolation: to the last bit.
      expect(s.quantiles).toEqual(expected.quantiles);
    });
  });

  it('bins with decimal edges: 0.30 % is in [0.3, 0.4), −0.60 % in [−0.6, −0.5)', () => {
    const s = run(SCIPY_COLUMNS.errors?.column ?? []);
    expect(s.histogram).toEqual({ lo: -2, width: 0.1, ...ERRORS_HISTOGRAM });
  });

  it('counts |e| > MPE and |e| > MPE/2 strictly (|E| = MPE passes, JJG 162-2019)', () => {
    const s = run([2, -2, 2.0000000000000004, -1, 1, 1.0000000000000002, -3, 0]);
    expect(s.beyond_mpe).toBe(2);
    expect(s.beyond_half_mpe).toBe(5);
  });

  it('cpk = min(MPE − mean, mean + MPE) / (3·sd)', () => {
    const s = run([0.5, 1.5, 1.0, 1.0]); // mean 1, sd √(1/6)
    close(s.cpk, (2 - 1) / (3 * Math.sqrt(0.5 / 3)), 1e-14);
    const t = run([-0.5, -1.5, -1.0, -1.0]);
    close(t.cpk, (2 - 1) / (3 * Math.sqrt(0.5 / 3)), 1e-14);
  });

  describe('defined answers for small and degenerate columns', () => {
    it('n = 0: counts are zero, every other figure is null', () => {
      const s = run([]);
      expect(s).toEqual({
        n: 0,
        mean: null,
        sd: null,
        se: null,
        ci95: null,
        min: null,
        max: null,
        skewness: null,
        kurtosis: null,
        beyond_mpe: 0,
        beyond_half_mpe: 0,
        cpk: null,
        quantiles: null,
        histogram: { lo: -2, width: 0.1, counts: new Array<number>(40).fill(0), below: 0, above: 0 },
      });
    });

    it('n = 1: the value is mean, min, max and every quantile; sd, se, ci95, cpk are null', () => {
      const s = run([-0.37]);
      expect(s).toMatchObject({ n: 1, mean: -0.37, sd: null, se: null, ci95: null, min: -0.37, max: -0.37, skewness: null, kurtosis: null, cpk: null });
      expect(s.quantiles).toEqual({ p1: -0.37, p5: -0.37, p50: -0.37, p95: -0.37, p99: -0.37 });
      expect(s.histogram.counts[16]).toBe(1);
    });

    it('n = 2: t(0.975, 1) = 12.7062…; no skewness (needs n ≥ 3)', () => {
      const s = run([1, 2]);
      close(s.sd, Math.SQRT1_2, 1e-15);
      close(s.ci95?.[1], 1.5 + 12.706204736174707 * 0.5, 1e-14);
      expect(s.skewness).toBeNull();
      expect(s.kurtosis).toBeNull();
      expect(s.quantiles).toEqual({ p1: 1.01, p5: 1.05, p50: 1.5, p95: 1.95, p99: 1.99 });
    });

    it('n = 3: skewness defined, kurtosis null (needs n ≥ 4)', () => {
      const s = run([0, 0, 3]);
      // scipy.stats.skew([0, 0, 3], bias=False) = 1.7320508075688774
      close(s.skewness, 1.7320508075688774, 1e-14);
      expect(s.kurtosis).toBeNull();
    });

    it('all values equal: sd = 0, ci95 = [mean, mean]; skewness, kurtosis and cpk null', () => {
      const s = run(new Array<number>(1000).fill(0.7));
      expect(s).toMatchObject({ mean: 0.7, sd: 0, se: 0, ci95: [0.7, 0.7], skewness: null, kurtosis: null, cpk: null, min: 0.7, max: 0.7 });
      expect(s.quantiles).toEqual({ p1: 0.7, p5: 0.7, p50: 0.7, p95: 0.7, p99: 0.7 });
    });
  });

  describe('refuses bad values, naming the first', () => {
    it.each([
      ['NaN', Number.NaN, 'not-finite'],
      ['+Infinity', Infinity, 'not-finite'],
      ['-Infinity', -Infinity, 'not-finite'],
      ['1e61', 1e61, 'out-of-range'],
    ] as const)('%s', (_label, bad, code) => {
      const column = new Float64Array(50_000).fill(0.1);
      column[31_337] = bad;
      column[40_000] = Number.NaN;
      try {
        run(column);
        expect.unreachable('must throw');
      } catch (err) {
        expect(err).toBeInstanceOf(StatisticsError);
        expect((err as StatisticsError).code).toBe(code);
        expect((err as StatisticsError).index).toBe(31_337);
        expect((err as StatisticsError).message).toContain('31337');
      }
    });

    it('+Infinity and −Infinity together (their sum is NaN)', () => {
      expect(() => run([1, Infinity, -Infinity])).toThrow(/index 1/);
    });

    it.each([
      [{ ...options, mpe: 0 }, 'mpe'],
      [{ ...options, mpe: Number.NaN }, 'mpe'],
      [{ ...options, histogram: { width: 0, lo: -1, hi: 1 } }, 'histogram.width'],
      [{ ...options, histogram: { width: 0.1, lo: 1, hi: 1 } }, 'histogram.range'],
      [{ ...options, histogram: { width: 1e-9, lo: -1, hi: 1 } }, 'histogram.width'],
    ] as const)('invalid options %#', (o, field) => {
      expect(() => run([1], o)).toThrow(expect.objectContaining({ code: 'invalid-argument', field }));
    });
  });

  describe('numerically sound against an exact (BigInt) reference', () => {
    function check(column: Float64Array, relMoments: number): void {
      const exact = exactMoments(column);
      const n = column.length;
      const s = run(column, { mpe: 2, histogram: { width: 0.1, lo: -2, hi: 2 }, skipQuantiles: true });
      // The mean's condition number is Σ|x| / |Σx|: judge its error against the mean of |x|.
      const meanAbs = column.reduce((acc, x) => acc + Math.abs(x), 0) / n;
      expect(Math.abs((s.mean as number) - exact.mean)).toBeLessThanOrEqual(1e-15 * meanAbs);
      close(s.sd, Math.sqrt((exact.m2 * n) / (n - 1)), relMoments);
      const { g1, g2 } = g1g2(n, exact.m2, exact.m3, exact.m4);
      close(s.skewness, g1, 1e3 * relMoments);
      close(s.kurtosis, g2, 1e3 * relMoments);
    }

    it('1e9 + noise of 1e-3 (catastrophic for Σx² − (Σx)²/n)', () => {
      let seed = 7;
      const rnd = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
      const column = Float64Array.from({ length: 20_000 }, () => 1e9 + 1e-3 * (rnd() + rnd() ** 3));
      check(column, 1e-12);
    });

    it('1e-12 magnitudes', () => {
      const column = Float64Array.from({ length: 5_000 }, (_, i) => 1e-12 * Math.sin(i * 1.7) + 3e-12);
      check(column, 1e-12);
    });

    it('mixed signs at 1e12', () => {
      const column = Float64Array.from({ length: 5_000 }, (_, i) => 1e12 * Math.cos(i * 0.37) ** 3);
      check(column, 1e-12);
    });
  });

  it('leaves the caller’s column unchanged', () => {
    const column = Float64Array.from({ length: 30_000 }, (_, i) => Math.sin(i));
    const copy = column.slice();
    run(column);
    expect(column).toEqual(copy);
  });
});
