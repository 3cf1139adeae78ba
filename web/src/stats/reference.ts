/**
 * The JS reference engine: the same statistics as the WASM kernel (assembly/), written
 * the plain way so that each figure can be read against its definition. It is the
 * worker's fallback when WebAssembly cannot be instantiated, and the other side of the
 * differential tests (reference.differential.test.ts).
 *
 * Deliberately different algorithms from the kernel, so an agreement means something:
 * Neumaier-compensated sums (the kernel: pairwise), binary search for the histogram bin
 * (the kernel: an estimate corrected against the edges), and a full sort for the
 * quantiles (the kernel: selection).
 */
import { prepareOptions, PERCENTILES } from './columnOptions.ts';
import { badValueError, firstBadIndex } from './errors.ts';
import { tQuantile975 } from './studentT.ts';
import type { ColumnOptions, ColumnStatistics, Histogram, Quantiles, StatisticsEngine } from './types.ts';

/** Σx with Neumaier's compensation (Neumaier 1974, improved Kahan–Babuška). */
export function compensatedSum(values: Float64Array, f: (x: number) => number = (x) => x): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < values.length; i++) {
    const x = f(values[i] as number);
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return s + c;
}

/**
 * Numpy's linear interpolation between order statistics (numpy.lib._function_base_impl
 * `_lerp`): a + (b − a)·γ, or b − (b − a)·(1 − γ) when γ ≥ ½, which is exact at γ = 1.
 */
export function lerp(a: number, b: number, gamma: number): number {
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

/**
 * Percentile p of ascending `sorted`, numpy.percentile(method='linear') = Hyndman & Fan
 * (1996) type 7: virtual index h = (n − 1)·p/100, interpolated between ⌊h⌋ and ⌊h⌋ + 1;
 * at h ≥ n − 1 the largest value.
 */
export function percentileOfSorted(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  const h = (n - 1) * (p / 100);
  if (h >= n - 1) return sorted[n - 1] as number;
  const lo = Math.floor(h);
  return lerp(sorted[lo] as number, sorted[lo + 1] as number, h - lo);
}

/** 2^k for −1022 ≤ k ≤ 1023, built from its bits (exact, unlike a library pow). */
export function pow2(k: number): number {
  const bits = new DataView(new ArrayBuffer(8));
  bits.setUint32(0, (k + 1023) << 20);
  return bits.getFloat64(0);
}

/** e with span < 2^e (from span's binary exponent), clamped to ±1000 so 2^±e stays normal. */
export function scaleExponent(span: number): number {
  const bits = new DataView(new ArrayBuffer(8));
  bits.setFloat64(0, span);
  const biased = (bits.getUint32(0) >>> 20) & 0x7ff;
  const e = biased === 0 ? -1022 : biased - 1022;
  return Math.min(1000, Math.max(-1000, e));
}

/** The bin of x among strictly increasing edges: k with edges[k] ≤ x < edges[k+1], or −1 / bins. */
function binOf(edges: Float64Array, x: number): number {
  const bins = edges.length - 1;
  if (x < (edges[0] as number)) return -1;
  if (x >= (edges[bins] as number)) return bins;
  let lo = 0;
  let hi = bins;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (x >= (edges[mid] as number)) lo = mid;
    else hi = mid;
  }
  return lo;
}

export function describeColumnJs(column: Float64Array, options: ColumnOptions): ColumnStatistics {
  const { mpe, edges, quantiles: wantQuantiles } = prepareOptions(options);
  const bad = firstBadIndex(column);
  if (bad >= 0) throw badValueError(bad, column[bad] as number);
  const n = column.length;

  const histogram: Histogram = { lo: edges.lo, width: edges.width, counts: new Array<number>(edges.bins).fill(0), below: 0, above: 0 };
  let beyond = 0;
  let beyondHalf = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = column[i] as number;
    if (x < min) min = x;
    if (x > max) max = x;
    if (Math.abs(x) > mpe) beyond++;
    if (Math.abs(x) > mpe / 2) beyondHalf++;
    const k = binOf(edges.edges, x);
    if (k < 0) histogram.below++;
    else if (k >= edges.bins) histogram.above++;
    else histogram.counts[k] = (histogram.counts[k] as number) + 1;
  }
  const empty: ColumnStatistics = {
    n,
    mean: null,
    sd: null,
    se: null,
    ci95: null,
    min: null,
    max: null,
    skewness: null,
    kurtosis: null,
    beyond_mpe: beyond,
    beyond_half_mpe: beyondHalf,
    cpk: null,
    quantiles: null,
    histogram,
  };
  if (n === 0) return empty;

  // Two passes: a first mean, then sums of powers of the deviations d = x − m1. The
  // deviations' own sum S1 corrects the mean (Chan, Golub & LeVeque 1983, "corrected
  // two-pass"); the central moments about the corrected mean follow by the binomial shift.
  // Deviations are scaled by 2^−e to |d| ≤ 1 (exact), so d⁴ neither underflows for tiny
  // spreads nor overflows for huge ones; G1 and G2 do not depend on the scale.
  const spread = min !== max;
  const m1 = spread ? compensatedSum(column) / n : min;
  const e = spread ? scaleExponent(Math.max(max - m1, m1 - min)) : 0;
  const scale = pow2(-e);
  const s1 = spread ? compensatedSum(column, (x) => (x - m1) * scale) : 0;
  const s2 = spread ? compensatedSum(column, (x) => ((x - m1) * scale) ** 2) : 0;
  const s3 = spread ? compensatedSum(column, (x) => ((x - m1) * scale) ** 3) : 0;
  const s4 = spread ? compensatedSum(column, (x) => ((x - m1) * scale) ** 4) : 0;
  const c = s1 / n;
  const mean = m1 + c * pow2(e);
  const m2 = Math.max(0, s2 - n * c * c) / n;
  const m3 = (s3 - 3 * c * s2 + 2 * n * c ** 3) / n;
  const m4 = (s4 - 4 * c * s3 + 6 * c * c * s2 - 3 * n * c ** 4) / n;

  const sd = n >= 2 ? (spread ? Math.sqrt((m2 * n) / (n - 1)) * pow2(e) : 0) : null;
  const se = sd === null ? null : sd / Math.sqrt(n);
  const half = se === null ? null : tQuantile975(n - 1) * se;
  const m2Root = Math.sqrt(m2);
  // scipy.stats.skew(bias=False): G1 = √(n(n−1))/(n−2) · m3/m2^1.5
  const skewness = spread && n >= 3 ? ((Math.sqrt((n - 1) * n) / (n - 2)) * m3) / (m2 * m2Root) : null;
  // scipy.stats.kurtosis(bias=False): G2 = ((n²−1)·m4/m2² − 3(n−1)²) / ((n−2)(n−3))
  const kurtosis = spread && n >= 4 ? ((n * n - 1) * (m4 / (m2 * m2)) - 3 * (n - 1) ** 2) / ((n - 2) * (n - 3)) : null;
  // Undefined for sd = 0; null too if the ratio overflows (sd below ~1e-300).
  const cpkValue = sd !== null && sd > 0 ? Math.min(mpe - mean, mean + mpe) / (3 * sd) : Number.NaN;
  const cpk = Number.isFinite(cpkValue) ? cpkValue : null;

  let quantiles: Quantiles | null = null;
  if (wantQuantiles) {
    const sorted = Float64Array.from(column).sort();
    const [p1, p5, p50, p95, p99] = PERCENTILES.map((p) => percentileOfSorted(sorted, p)) as [number, number, number, number, number];
    quantiles = { p1, p5, p50, p95, p99 };
  }
  return {
    ...empty,
    mean,
    sd,
    se,
    ci95: half === null ? null : [mean - half, mean + half],
    min,
    max,
    skewness,
    kurtosis,
    cpk,
    quantiles,
  };
}

export const jsEngine: StatisticsEngine = { name: 'js', describe: describeColumnJs };
