/**
 * The result shape of batch error statistics (issue 3, point 1), shared by the WASM
 * kernel binding, the JS reference, the worker and the CLI. Keys are snake_case where the
 * JSON output of `npm run stats` fixes them, so the two never drift apart.
 *
 * A figure that is not defined for the column is `null`, never NaN (a NaN would slip
 * through arithmetic and JSON.stringify silently):
 * - n = 0: every location/spread figure, the quantiles and cpk are null; counts are 0.
 * - n = 1: mean, min, max and the quantiles are the value; sd, se, ci95 are null (n − 1 = 0).
 * - skewness needs n ≥ 3 and kurtosis n ≥ 4 (the bias adjustments divide by n − 2, n − 3);
 *   scipy returns the unadjusted figure instead, we return null.
 * - all values equal (sd = 0): skewness, kurtosis and cpk are null (0/0 and x/0).
 */

/** Percentiles of the column, numpy's default "linear" method (Hyndman & Fan 1996, type 7). */
export interface Quantiles {
  p1: number;
  p5: number;
  p50: number;
  p95: number;
  p99: number;
}

/**
 * Counts in bins [lo + k·width, lo + (k+1)·width), k = 0 … counts.length − 1 (half-open,
 * as numpy.histogram except for its closed last bin). Edges are the decimal numbers
 * lo + k·width rounded once to binary (see histogramEdges.ts), so an error of exactly
 * 0.30 % falls in [0.3, 0.4) as a person reading the chart expects.
 */
export interface Histogram {
  lo: number;
  width: number;
  counts: number[];
  /** values below lo */
  below: number;
  /** values at or above the last edge lo + counts.length·width */
  above: number;
}

export interface ColumnStatistics {
  n: number;
  mean: number | null;
  /** sample standard deviation (divisor n − 1) */
  sd: number | null;
  /** standard error of the mean, sd / √n */
  se: number | null;
  /** 95 % confidence interval of the mean, mean ± t(0.975, n − 1)·se */
  ci95: [number, number] | null;
  min: number | null;
  max: number | null;
  /** adjusted Fisher–Pearson G1, as scipy.stats.skew(bias=False) */
  skewness: number | null;
  /** excess kurtosis G2, as scipy.stats.kurtosis(fisher=True, bias=False) */
  kurtosis: number | null;
  /** count of |e| > MPE (a pass needs |E| ≤ MPE, JJG 162-2019; docs/rules.md R-ERROR) */
  beyond_mpe: number;
  /** count of |e| > MPE / 2 */
  beyond_half_mpe: number;
  /** process capability min(MPE − mean, mean + MPE) / (3·sd) against the limits ±MPE */
  cpk: number | null;
  quantiles: Quantiles | null;
  histogram: Histogram;
}

/** Keys of ColumnStatistics in the order the CLI prints them. */
export const STATISTICS_KEYS = [
  'n',
  'mean',
  'sd',
  'se',
  'ci95',
  'min',
  'max',
  'skewness',
  'kurtosis',
  'beyond_mpe',
  'beyond_half_mpe',
  'cpk',
  'quantiles',
  'histogram',
] as const satisfies readonly (keyof ColumnStatistics)[];

/** How the histogram is binned: a width and a range [lo, hi), both in % like the errors. */
export interface HistogramSpec {
  width: number;
  lo: number;
  hi: number;
}

export interface ColumnOptions {
  /** maximum permissible error of the flow point, in % (> 0) */
  mpe: number;
  histogram: HistogramSpec;
  /**
   * Leave the quantiles out (they cost a selection pass); `quantiles` is then null.
   * Used by the benchmark to time "everything but quantiles".
   */
  skipQuantiles?: boolean;
}

export type EngineName = 'wasm' | 'js';

/** Something that computes ColumnStatistics: the WASM kernel or the JS reference. */
export interface StatisticsEngine {
  readonly name: EngineName;
  describe(column: Float64Array, options: ColumnOptions): ColumnStatistics;
}
