/**
 * Differential property tests: the WASM kernel and the JS reference — different
 * algorithms (pairwise vs compensated sums, estimate-and-correct vs binary-search binning,
 * bucket selection vs full sort) — must agree on any column:
 * - order statistics, extremes, counts and the histogram exactly;
 * - every other figure within 1e-9 relative, against a floor that is the figure's own
 *   condition (a mean of 0 ± 1e-4 over values of 1e12 is "equal" to another such mean).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WasmKernel } from './kernel.ts';
import { loadNodeKernel } from './loadKernel.node.ts';
import { describeColumnJs } from './reference.ts';
import type { ColumnOptions, ColumnStatistics } from './types.ts';

const REL = 1e-9;

let kernel: WasmKernel;
beforeAll(async () => {
  kernel = await loadNodeKernel();
});

function near(label: string, a: number | null, b: number | null, floor: number): void {
  if (a === null || b === null) {
    expect(a, label).toBe(b);
    return;
  }
  const tol = REL * Math.max(Math.abs(b), floor);
  expect(Math.abs(a - b), `${label}: wasm ${a} vs js ${b} (tolerance ${tol})`).toBeLessThanOrEqual(tol);
}

/** Scales against which a figure's difference is judged (see the file comment). */
function floors(column: Float64Array, js: ColumnStatistics, mpe: number): { location: number; shape3: number; shape4: number; cpk: number } {
  let maxAbs = 0;
  for (const x of column) maxAbs = Math.max(maxAbs, Math.abs(x));
  const mean = js.mean ?? 0;
  let span = 0;
  for (const x of column) span = Math.max(span, Math.abs(x - mean));
  // scaled deviations: the floors are ratios, and d⁴ of 1e-162 would underflow
  const scale = span > 0 ? 2 ** Math.min(1000, -Math.ceil(Math.log2(span))) : 1;
  let a3 = 0;
  let m2 = 0;
  let m4 = 0;
  for (const x of column) {
    const d = (x - mean) * scale;
    m2 += d * d;
    a3 += Math.abs(d) ** 3;
    m4 += d ** 4;
  }
  const n = column.length || 1;
  m2 /= n;
  const location = 1e-4 * maxAbs;
  const sd = js.sd ?? 0;
  return {
    location,
    shape3: m2 > 0 ? (1e-3 * (a3 / n)) / m2 ** 1.5 : 0,
    shape4: m2 > 0 ? (1e-3 * (m4 / n)) / (m2 * m2) : 0,
    cpk: sd > 0 ? (mpe + Math.abs(mean) + location) / (3 * sd) : 0,
  };
}

function agree(column: Float64Array, options: ColumnOptions): void {
  const w = kernel.describe(column, options);
  const j = describeColumnJs(column, options);
  // exact parts (=== so that −0 and +0 agree)
  const exact = (label: string, a: unknown, b: unknown): void => {
    expect(a === b || JSON.stringify(a) === JSON.stringify(b), `${label}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(true);
  };
  exact('n', w.n, j.n);
  exact('min', w.min, j.min);
  exact('max', w.max, j.max);
  exact('beyond_mpe', w.beyond_mpe, j.beyond_mpe);
  exact('beyond_half_mpe', w.beyond_half_mpe, j.beyond_half_mpe);
  exact('histogram', w.histogram, j.histogram);
  if (w.quantiles === null || j.quantiles === null) exact('quantiles', w.quantiles, j.quantiles);
  else for (const k of ['p1', 'p5', 'p50', 'p95', 'p99'] as const) exact(`quantiles.${k}`, w.quantiles[k], j.quantiles[k]);

  const f = floors(column, j, options.mpe);
  const t = j.se !== null && j.ci95 !== null ? j.ci95[1] - (j.mean as number) : 0;
  near('mean', w.mean, j.mean, f.location);
  near('sd', w.sd, j.sd, 0);
  near('se', w.se, j.se, 0);
  near('ci95[0]', w.ci95?.[0] ?? null, j.ci95?.[0] ?? null, f.location + t);
  near('ci95[1]', w.ci95?.[1] ?? null, j.ci95?.[1] ?? null, f.location + t);
  near('skewness', w.skewness, j.skewness, f.shape3);
  near('kurtosis', w.kurtosis, j.kurtosis, f.shape4);
  near('cpk', w.cpk, j.cpk, f.cpk);
}

const finite = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
const col = (values: number[]): Float64Array => Float64Array.from(values);

const columns = {
  plain: fc.array(finite(-10, 10), { maxLength: 300 }).map(col),
  rounded: fc.array(fc.integer({ min: -500, max: 500 }), { minLength: 1, maxLength: 400 }).map((xs) => col(xs.map((x) => x / 100))),
  allEqual: fc.tuple(finite(-1e12, 1e12), fc.integer({ min: 1, max: 300 })).map(([x, n]) => new Float64Array(n).fill(x)),
  tiny: fc.array(finite(-1, 1), { minLength: 1, maxLength: 200 }).map((xs) => col(xs.map((x) => x * 1e-12))),
  huge: fc.array(finite(-1, 1), { minLength: 1, maxLength: 200 }).map((xs) => col(xs.map((x) => x * 1e12))),
  offset: fc.tuple(finite(-1e9, 1e9), fc.array(finite(-1, 1), { minLength: 1, maxLength: 200 })).map(([c, xs]) => col(xs.map((x) => c + x * 1e-3))),
  small: fc.array(finite(-5, 5), { minLength: 1, maxLength: 3 }).map(col),
  // Cauchy-like: tan of a uniform angle, bounded to keep within MAX_ABS_VALUE
  heavy: fc.array(finite(-0.4999, 0.4999), { minLength: 4, maxLength: 300 }).map((xs) => col(xs.map((u) => Math.tan(Math.PI * u)))),
  mixed: fc.array(fc.oneof(finite(-1e-12, 1e-12), finite(-1e12, 1e12), finite(-3, 3)), { minLength: 1, maxLength: 200 }).map(col),
};

const histogramFor = (column: Float64Array) =>
  fc.oneof(
    fc.constantFrom({ width: 0.1, lo: -4, hi: 4 }, { width: 0.05, lo: -2, hi: 2 }, { width: 0.25, lo: -10, hi: 10 }, { width: 0.3, lo: -1, hi: 1 }),
    // a range that covers the data, so values land in bins at any scale
    fc.integer({ min: 1, max: 500 }).map((bins) => {
      let lo = Infinity;
      let hi = -Infinity;
      for (const x of column) {
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
      }
      const width = (hi - lo) / bins;
      // keep to what histogramEdges accepts: a width of at least 1e-300 and 2^-40 of the range's magnitude
      if (!(lo < hi) || !(width >= Math.max(1e-300, 2 ** -40 * Math.max(Math.abs(lo), Math.abs(hi))))) return { width: 1, lo: -1, hi: 1 };
      return { width, lo, hi };
    }),
  );

const optionsFor = (column: Float64Array) =>
  fc.record({ mpe: fc.oneof(fc.constantFrom(1, 2, 3, 5), finite(1e-6, 1e6)), histogram: histogramFor(column) });

describe('WASM kernel and JS reference agree', () => {
  for (const [name, arb] of Object.entries(columns)) {
    it(`on ${name} columns`, () => {
      fc.assert(
        fc.property(arb.chain((c) => fc.tuple(fc.constant(c), optionsFor(c))), ([c, o]) => agree(c, o)),
        { numRuns: 200 },
      );
    });
  }

  it('on long columns (the kernel selects through rounds of buckets above 16384 values)', () => {
    const long = fc
      .tuple(fc.integer({ min: 16_385, max: 60_000 }), fc.integer({ min: 1, max: 2 ** 31 - 2 }), fc.constantFrom('normal', 'rounded', 'outlier', 'outliers', 'steps', 'cluster'))
      .map(([n, seed, kind]) => {
        let s = seed;
        const u = (): number => (s = (s * 48271) % 2147483647) / 2147483647;
        const normal = (): number => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
        const c = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const x = 0.1 + 0.6 * normal();
          c[i] = kind === 'rounded' ? Math.round(x * 100) / 100 : kind === 'steps' ? Math.floor(u() * 3) : kind === 'cluster' && u() < 0.98 ? 0.5 : x;
        }
        // one extreme value crowds all others into one bucket of the first round
        if (kind === 'outlier') c[Math.floor(u() * n)] = 1e12;
        if (kind === 'outliers') for (let k = 0; k < 300; k++) c[Math.floor(u() * n)] = (u() - 0.5) * 10 ** Math.floor(u() * 40);
        return c;
      });
    fc.assert(fc.property(long, (c) => agree(c, { mpe: 2, histogram: { width: 0.1, lo: -4, hi: 4 } })), { numRuns: 25 });
  });

  it('on values exactly at and next to the bin edges', () => {
    const edges = fc.array(fc.tuple(fc.integer({ min: -45, max: 45 }), fc.constantFrom(-1, 0, 1)), { minLength: 1, maxLength: 300 }).map((xs) =>
      col(
        xs.map(([k, step]) => {
          const e = k / 10;
          const buf = new Float64Array([e]);
          const bits = new BigInt64Array(buf.buffer);
          if (e !== 0 && step !== 0) bits[0] = (bits[0] as bigint) + BigInt(step * Math.sign(e));
          return buf[0] as number;
        }),
      ),
    );
    fc.assert(fc.property(edges, (c) => agree(c, { mpe: 2, histogram: { width: 0.1, lo: -4, hi: 4 } })), { numRuns: 300 });
  });
});
