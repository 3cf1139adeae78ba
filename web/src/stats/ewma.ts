/**
 * EWMA control chart (exponentially weighted moving average) of a sequence of run means,
 * for the pilot's commitment that a batch's mean error "tends towards zero" (docs/rules.md R-BIAS):
 * a slow drift of a bench is seen long before a single run mean crosses a limit.
 *
 * Montgomery, Introduction to Statistical Quality Control, 7th ed., §9.2; ISO 7870-6:2016
 * (EWMA control charts):
 *
 *   z_0 = target,  z_t = λ·x_t + (1 − λ)·z_{t−1}
 *   UCL/LCL_t = target ± L·σ·√( λ/(2 − λ) · (1 − (1 − λ)^{2t}) )
 *
 * with λ = 0.2 and L = 3 as the usual defaults (Montgomery Table 9.11 gives L = 2.962
 * for λ = 0.2 and ARL₀ ≈ 500; 3 is the round figure in ISO 7870-6 practice). σ, the
 * standard deviation of one run mean, is estimated from the average moving range of
 * consecutive run means, σ̂ = MR̄ / d₂ with d₂ = 1.128 for ranges of two (Montgomery §6.4).
 */

export interface EwmaOptions {
  /** smoothing weight λ, 0 < λ ≤ 1 (default 0.2) */
  lambda?: number;
  /** width of the limits in σ of the EWMA (default 3) */
  L?: number;
  /**
   * the centre line: a fixed target (default 0 %: the pilot wants the batch mean near
   * zero), or `{ firstK }` for the mean of the first k points (a chart of the process's own level)
   */
  target?: number | { firstK: number };
  /** σ of one observation when known; by default estimated from the moving range */
  sigma?: number;
}

export interface EwmaPoint {
  /** the observation x_t */
  x: number;
  /** the EWMA statistic z_t */
  z: number;
  /** control limits at t; null when the chart has none (see EwmaChart.noLimits) */
  ucl: number | null;
  lcl: number | null;
  /** +1 above the UCL, −1 below the LCL, 0 within the limits (or no limits) */
  signal: -1 | 0 | 1;
}

export interface EwmaChart {
  lambda: number;
  L: number;
  centre: number;
  /** σ̂ of one observation, null with fewer than two observations */
  sigma: number | null;
  /**
   * why the chart has no limits, or null when it has them: `too-few` observations to
   * estimate σ, or `no-spread` — the observations do not vary (σ̂ = 0), so limits would
   * collapse onto the centre line and flag every point off it
   */
  noLimits: 'too-few' | 'no-spread' | null;
  points: EwmaPoint[];
}

/**
 * σ at or below this (in the observations' unit, % here) is no spread: far below the
 * 0.01 % an error is shown with, and above the rounding noise of a mean of equal values.
 */
export const SIGMA_FLOOR = 1e-12;

/** d₂ for moving ranges of two consecutive observations (Montgomery, Appendix VI). */
export const D2_FOR_TWO = 1.128;

/** σ̂ = MR̄ / d₂ from consecutive observations; null with fewer than two. */
export function movingRangeSigma(xs: readonly number[]): number | null {
  if (xs.length < 2) return null;
  let sum = 0;
  for (let i = 1; i < xs.length; i++) sum += Math.abs(xs[i]! - xs[i - 1]!);
  return sum / (xs.length - 1) / D2_FOR_TWO;
}

function requireFiniteValues(xs: readonly number[]): void {
  const bad = xs.findIndex((x) => !Number.isFinite(x));
  if (bad !== -1) throw new RangeError(`ewma: observation ${bad} is ${String(xs[bad])}, not a finite number`);
}

export function ewmaChart(xs: readonly number[], options: EwmaOptions = {}): EwmaChart {
  const lambda = options.lambda ?? 0.2;
  const L = options.L ?? 3;
  if (!(lambda > 0 && lambda <= 1)) throw new RangeError(`ewma: λ must be in (0, 1], got ${lambda}`);
  if (!(L > 0)) throw new RangeError(`ewma: L must be > 0, got ${L}`);
  requireFiniteValues(xs);
  const t = options.target ?? 0;
  let centre: number;
  if (typeof t === 'number') centre = t;
  else {
    const k = Math.min(Math.max(1, Math.floor(t.firstK)), xs.length);
    centre = k === 0 ? 0 : xs.slice(0, k).reduce((a, b) => a + b, 0) / k;
  }
  const sigma = options.sigma ?? movingRangeSigma(xs);
  const noLimits = sigma === null ? 'too-few' : sigma <= SIGMA_FLOOR ? 'no-spread' : null;
  const points: EwmaPoint[] = [];
  let z = centre;
  let decay = 1; // (1 − λ)^{2t}, kept as a running product
  for (const x of xs) {
    z = lambda * x + (1 - lambda) * z;
    decay *= (1 - lambda) * (1 - lambda);
    if (sigma === null || noLimits !== null) {
      points.push({ x, z, ucl: null, lcl: null, signal: 0 });
      continue;
    }
    const half = L * sigma * Math.sqrt((lambda / (2 - lambda)) * (1 - decay));
    const ucl = centre + half;
    const lcl = centre - half;
    points.push({ x, z, ucl, lcl, signal: z > ucl ? 1 : z < lcl ? -1 : 0 });
  }
  return { lambda, L, centre, sigma, noLimits, points };
}
