/**
 * Known results from numpy 2.4 / scipy 1.17, computed once with:
 *
 *   a = np.array(column); n = len(a)
 *   np.mean(a), np.std(a, ddof=1), st.sem(a),
 *   st.t.interval(0.95, n-1, loc=np.mean(a), scale=st.sem(a)),
 *   st.skew(a, bias=False), st.kurtosis(a, bias=False),
 *   np.percentile(a, [1, 5, 50, 95, 99])
 *
 * `docs` is scipy's own skew() docstring example.
 */
import type { ColumnStatistics } from '../types.ts';

type Known = Pick<ColumnStatistics, 'n' | 'mean' | 'sd' | 'se' | 'ci95' | 'min' | 'max' | 'skewness' | 'kurtosis' | 'quantiles'>;

export const SCIPY_COLUMNS: Record<string, { column: number[]; expected: Known }> = {
  docs: {
    column: [2, 8, 0, 4, 1, 9, 9, 0],
    expected: {
      n: 8,
      mean: 4.125,
      sd: 3.9798600118956085,
      se: 1.407093001292279,
      ci95: [0.7977537648978004, 7.4522462351022],
      min: 0,
      max: 9,
      skewness: 0.3305821804079746,
      kurtosis: -2.098602258096087,
      quantiles: { p1: 0, p5: 0, p50: 3, p95: 9, p99: 9 },
    },
  },
  errors: {
    column: [0.12, -0.35, 0.48, 0.3, 0.05, -0.1, 0.22, 0.91, -1.24, 0.3, 0.07, 0.15, -0.02, 0.4, 1.95, -0.6, 0.33, 0.18, 2.05, -2.01],
    expected: {
      n: 20,
      mean: 0.15949999999999998,
      sd: 0.8944064482867071,
      se: 0.19999536178832272,
      ci95: [-0.2590951029930518, 0.5780951029930517],
      min: -2.01,
      max: 2.05,
      skewness: -0.04666760347667658,
      kurtosis: 2.080095038404238,
      quantiles: { p1: -1.8637, p5: -1.2785, p50: 0.16499999999999998, p95: 1.955, p99: 2.0309999999999997 },
    },
  },
  heavy: {
    column: [0.01, -0.02, 0.03, 0.0, 0.02, -0.01, 15.0, 0.01, -0.03, 0.02, -40.0, 0.0],
    expected: {
      n: 12,
      mean: -2.080833333333333,
      sd: 12.695900883451488,
      se: 3.664990896332762,
      ci95: [-10.147423908032696, 5.985757241366031],
      min: -40,
      max: 15,
      skewness: -2.636042662221117,
      kurtosis: 9.023292317416503,
      quantiles: { p1: -35.6033, p5: -18.0165, p50: 0.005, p95: 6.76649999999999, p99: 13.353300000000008 },
    },
  },
};

/**
 * `errors` binned by width 0.1 over [−2, 2) with decimal edges (Python: edges =
 * [float(Decimal('-2') + k*Decimal('0.1'))], bisect). numpy.histogram over np.arange
 * edges puts 0.30 and −0.60 one bin lower.
 */
export const ERRORS_HISTOGRAM = {
  counts: [0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 3, 1, 3, 2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
  below: 1,
  above: 1,
};
