/**
 * t(0.975, ν) for integer ν ≥ 1 — the same algorithm as web/src/stats/studentT.ts, which
 * documents it: closed forms for ν = 1, 2; Newton on the exact finite-sum CDF
 * (Abramowitz & Stegun 26.7.3/26.7.4) for ν ≤ 1000; the Cornish–Fisher expansion
 * (A&S 26.7.5) beyond.
 */

const Z975: f64 = 1.959963984540054;
const EXPANSION_MIN_DF: i32 = 1000;

function cornishFisher975(df: f64): f64 {
  const z = Z975;
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160;
  const v = 1 / df;
  return z + v * (g1 + v * (g2 + v * (g3 + v * g4)));
}

let cdfDerivative: f64 = 0;

/** A(t | ν) = P(|T| ≤ t); sets cdfDerivative = dA/dt. */
function twoSidedCdf(t: f64, df: i32): f64 {
  const theta = Math.atan(t / Math.sqrt(<f64>df));
  const s = Math.sin(theta);
  const c = Math.cos(theta);
  const c2 = c * c;
  let a: f64;
  let cnu: f64;
  if (df & 1) {
    let term = c;
    let sum: f64 = df > 1 ? c : 0;
    cnu = 1 / Math.PI;
    for (let k: i32 = 1; 2 * k + 1 <= df - 1; k++) {
      term *= (<f64>(2 * k) / <f64>(2 * k + 1)) * c2;
      sum += term;
    }
    for (let v: i32 = 1; v < df; v += 2) cnu *= <f64>(v + 1) / <f64>v;
    a = (2 / Math.PI) * (theta + s * sum);
  } else {
    let term: f64 = 1;
    let sum: f64 = 1;
    cnu = 0.5;
    for (let k: i32 = 1; 2 * k <= df - 2; k++) {
      term *= (<f64>(2 * k - 1) / <f64>(2 * k)) * c2;
      sum += term;
    }
    for (let v: i32 = 2; v < df; v += 2) cnu *= <f64>(v + 1) / <f64>v;
    a = s * sum;
  }
  cdfDerivative = (2 * cnu * Math.pow(c, <f64>(df + 1))) / Math.sqrt(<f64>df);
  return a;
}

export function tQuantile975(df: i32): f64 {
  if (df < 1) return NaN;
  if (df == 1) return 1 / Math.tan(Math.PI / 40);
  if (df == 2) return 0.95 / Math.sqrt(0.04875);
  if (df > EXPANSION_MIN_DF) return cornishFisher975(<f64>df);
  let t = cornishFisher975(<f64>df);
  for (let i = 0; i < 50; i++) {
    const a = twoSidedCdf(t, df);
    const step = (a - 0.95) / cdfDerivative;
    t -= step;
    if (Math.abs(step) <= 1e-15 * t) break;
  }
  return t;
}
