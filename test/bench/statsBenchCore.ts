/**
 * The timings of `npm run bench:stats`, shared by the Node half and the headless-Chromium
 * page (statsBenchPage.ts): the same code measures both, so the two halves compare.
 *
 * Per column size n, medians of:
 *   (a) the WASM kernel on a column already in its memory — all figures, and everything
 *       but the quantiles; also the kernel including the copy into its memory;
 *   (b) the JS reference (web/src/stats/reference.ts);
 *   (c) simple-statistics for the same figures: mean, sampleStandardDeviation,
 *       sampleSkewness, sampleKurtosis, min, max, quantile(x, [p…]) — plus plain loops for
 *       the beyond-MPE counts and the histogram, which it does not have; its input is a
 *       number[], converted once outside the timing;
 *   (d) the floor: one plain f64x2 sum over the column in WASM.
 */
import { max, mean, min, quantile, sampleKurtosis, sampleSkewness, sampleStandardDeviation } from 'simple-statistics';
import type { WasmKernel } from '../../web/src/stats/kernel.ts';
import { describeColumnJs } from '../../web/src/stats/reference.ts';
import { tQuantile975 } from '../../web/src/stats/studentT.ts';
import type { ColumnOptions } from '../../web/src/stats/types.ts';

export interface BenchRow {
  n: number;
  /** milliseconds per call, medians */
  kernelAll: number;
  kernelNoQuantiles: number;
  kernelAllWithCopy: number;
  jsAll: number;
  jsNoQuantiles: number;
  ssAll: number;
  ssNoQuantiles: number;
  floor: number;
}

const MPE = 2;
const options: ColumnOptions = { mpe: MPE, histogram: { width: 0.1, lo: -2 * MPE, hi: 2 * MPE } };
const noQuantiles: ColumnOptions = { ...options, skipQuantiles: true };

/** Indication errors (%) of a plausible batch: N(0.1, 0.6²), 0.1 % outliers up to ±8 %. */
export function batchColumn(n: number, seed = 12345): Float64Array {
  let s = seed;
  const u = (): number => (s = (s * 48271) % 2147483647) / 2147483647;
  const c = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const z = Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
    c[i] = u() < 0.001 ? (u() - 0.5) * 16 : 0.1 + 0.6 * z;
  }
  return c;
}

let sink = 0;

/** Median ms per call: repeated so that each sample lasts ≥ minSampleMs (timer resolution). */
function median(fn: () => number, minSampleMs = 30): number {
  sink += fn(); // warm-up (and WASM tier-up)
  let reps = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) sink += fn();
    const dt = performance.now() - t0;
    if (dt >= minSampleMs || reps >= 1 << 20) break;
    reps *= dt < minSampleMs / 8 ? 8 : 2;
  }
  const once = (): number => {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) sink += fn();
    return (performance.now() - t0) / reps;
  };
  const first = once();
  const samples = [first];
  const count = first * reps > 500 ? 3 : 7;
  while (samples.length < count) samples.push(once());
  samples.sort((a, b) => a - b);
  return samples[samples.length >> 1] as number;
}

/** The figures simple-statistics has, and plain loops for those it has not. */
function simpleStatistics(x: readonly number[], withQuantiles: boolean): number {
  const n = x.length;
  const m = mean(x);
  const sd = sampleStandardDeviation(x);
  const half = tQuantile975(n - 1) * (sd / Math.sqrt(n));
  let acc = m + half + sampleSkewness(x) + sampleKurtosis(x) + min(x) + max(x) + (MPE - Math.abs(m)) / (3 * sd);
  let beyond = 0;
  let beyondHalf = 0;
  const counts = new Array<number>(80).fill(0);
  for (let i = 0; i < n; i++) {
    const e = x[i] as number;
    if (Math.abs(e) > MPE) beyond++;
    if (Math.abs(e) > MPE / 2) beyondHalf++;
    const k = Math.floor((e + 2 * MPE) / 0.1);
    if (k >= 0 && k < 80) counts[k] = (counts[k] as number) + 1;
  }
  acc += beyond + beyondHalf + (counts[40] as number);
  if (withQuantiles) for (const q of quantile(x, [0.01, 0.05, 0.5, 0.95, 0.99])) acc += q;
  return acc;
}

let warm = false;

/**
 * V8 first runs WebAssembly with its baseline compiler and swaps in optimised code from a
 * background thread later ("dynamic tiering"); a one-call warm-up would time the baseline.
 * So every kernel path runs for half a second before anything is measured.
 */
function warmUp(kernel: WasmKernel): void {
  if (warm) return;
  warm = true;
  const column = batchColumn(200_000, 99);
  const started = performance.now();
  while (performance.now() - started < 500) {
    sink += kernel.describe(column, options).n + kernel.describe(column, noQuantiles).n + kernel.sumFloor(column.length);
    sink += describeColumnJs(column.subarray(0, 10_000), options).n;
  }
}

export function benchSize(kernel: WasmKernel, n: number): BenchRow {
  warmUp(kernel);
  const column = batchColumn(n);
  const asArray = Array.from(column);
  const all = kernel.load(column, options);
  const kernelAll = median(() => all.describe().n);
  const kernelAllWithCopy = median(() => kernel.describe(column, options).n);
  const noq = kernel.load(column, noQuantiles);
  const kernelNoQuantiles = median(() => noq.describe().n);
  const floor = median(() => kernel.sumFloor(n));
  const jsAll = median(() => describeColumnJs(column, options).n);
  const jsNoQuantiles = median(() => describeColumnJs(column, noQuantiles).n);
  const ssAll = median(() => simpleStatistics(asArray, true));
  const ssNoQuantiles = median(() => simpleStatistics(asArray, false));
  return { n, kernelAll, kernelNoQuantiles, kernelAllWithCopy, jsAll, jsNoQuantiles, ssAll, ssNoQuantiles, floor };
}

/** Keeps the optimiser from dropping the timed work. */
export function benchSink(): number {
  return sink;
}
