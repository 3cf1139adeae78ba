/**
 * t(0.975, ν): the two-sided 95 % quantile of Student's t distribution, for the
 * confidence interval of a batch mean. ν = n − 1 is a positive integer here.
 *
 * - ν ≤ 1000: Newton's method on the exact finite-sum CDF for integer ν
 *   (Abramowitz & Stegun 26.7.3 odd ν, 26.7.4 even ν), started from the expansion below;
 *   converges to ~1e-15 relative in a handful of steps.
 * - ν > 1000: the Cornish–Fisher expansion in 1/ν (A&S 26.7.5, four terms), whose next
 *   term is below 1e-16 there.
 *
 * Checked against scipy.stats.t.ppf and mpmath (test/stats-studentT.test.ts). The same
 * algorithm is written in AssemblyScript in assembly/studentT.ts.
 */

/** Φ⁻¹(0.975), the limit for ν → ∞ (mpmath: 1.9599639845400542355). */
export const Z975 = 1.959963984540054;

/** Above this ν the expansion is used: its error there is far below double precision. */
export const EXPANSION_MIN_DF = 1000;

/** A&S 26.7.5: t ≈ z + g1/ν + g2/ν² + g3/ν³ + g4/ν⁴. */
export function cornishFisher975(df: number): number {
  const z = Z975;
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160;
  const v = 1 / df;
  return z + v * (g1 + v * (g2 + v * (g3 + v * g4)));
}

/**
 * A(t | ν) = P(|T| ≤ t) for integer ν ≥ 1 (A&S 26.7.3, 26.7.4), and its derivative
 * dA/dt = 2·f(t), with θ = atan(t/√ν) and f the t density written as
 * c_ν·cos^(ν+1)θ / √ν, c_ν = Γ((ν+1)/2) / (√π·Γ(ν/2)) by the recursion c_(ν+2) = c_ν·(ν+1)/ν.
 */
export function twoSidedCdf(t: number, df: number): { a: number; dadt: number } {
  const theta = Math.atan(t / Math.sqrt(df));
  const s = Math.sin(theta);
  const c = Math.cos(theta);
  const c2 = c * c;
  let a: number;
  let cnu: number;
  if (df % 2 === 1) {
    // odd: A = (2/π)·(θ + sinθ·(cosθ + (2/3)cos³θ + … + (2·4…(ν−3))/(1·3…(ν−2))·cos^(ν−2)θ))
    let term = c;
    let sum = df > 1 ? c : 0;
    cnu = 1 / Math.PI;
    for (let k = 1; 2 * k + 1 <= df - 1; k++) {
      term *= ((2 * k) / (2 * k + 1)) * c2;
      sum += term;
    }
    for (let v = 1; v < df; v += 2) cnu *= (v + 1) / v;
    a = (2 / Math.PI) * (theta + s * sum);
  } else {
    // even: A = sinθ·(1 + (1/2)cos²θ + (1·3)/(2·4)cos⁴θ + … + (1·3…(ν−3))/(2·4…(ν−2))·cos^(ν−2)θ)
    let term = 1;
    let sum = 1;
    cnu = 0.5;
    for (let k = 1; 2 * k <= df - 2; k++) {
      term *= ((2 * k - 1) / (2 * k)) * c2;
      sum += term;
    }
    for (let v = 2; v < df; v += 2) cnu *= (v + 1) / v;
    a = s * sum;
  }
  const density = (cnu * Math.pow(c, df + 1)) / Math.sqrt(df);
  return { a, dadt: 2 * density };
}

/** t(0.975, df) for a positive integer df. */
export function tQuantile975(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`degrees of freedom must be a positive integer, got ${df}`);
  // Closed forms (A&S 26.7.3 with ν = 1: t = tan(π(p − ½)); ν = 2: t = (2p − 1)/√(2p(1 − p))).
  if (df === 1) return 1 / Math.tan(Math.PI / 40);
  if (df === 2) return 0.95 / Math.sqrt(0.04875);
  if (df > EXPANSION_MIN_DF) return cornishFisher975(df);
  let t = cornishFisher975(df);
  for (let i = 0; i < 50; i++) {
    const { a, dadt } = twoSidedCdf(t, df);
    const step = (a - 0.95) / dadt;
    t -= step;
    if (Math.abs(step) <= 1e-15 * t) break;
  }
  return t;
}
