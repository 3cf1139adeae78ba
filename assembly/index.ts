/**
 * The batch error statistics kernel (issue 3; docs/rules.md R-BIAS, batch bias): for one
 * column of indication errors (%) and its MPE, every figure of
 * web/src/stats/types.ts ColumnStatistics in one call, in a few streaming passes.
 *
 * Protocol (web/src/stats/kernel.ts is the binding):
 *   1. reserve(n, bins) → address of the column (0: out of memory). May grow memory.
 *   2. write the n values at that address and the bins + 1 edges at edges().
 *   3. describe(n, mpe, bins, flags) → status (abi.ts); results at results(),
 *      histogram counts (u32) at histogramCounts(). Never grows memory, and leaves the
 *      column unchanged, so it can be described again.
 */
import {
  ABI_VERSION,
  FLAG_QUANTILES,
  MAX_ABS_VALUE,
  RESULT_SLOTS,
  SLOT_ABOVE,
  SLOT_BAD_INDEX,
  SLOT_BELOW,
  SLOT_BEYOND_HALF_MPE,
  SLOT_BEYOND_MPE,
  SLOT_CI_HI,
  SLOT_CI_LO,
  SLOT_CPK,
  SLOT_KURTOSIS,
  SLOT_MAX,
  SLOT_MEAN,
  SLOT_MIN,
  SLOT_N,
  SLOT_QUANTILES,
  SLOT_SD,
  SLOT_SE,
  SLOT_SKEWNESS,
  STATUS_BAD_VALUE,
  STATUS_NOT_RESERVED,
  STATUS_OK,
} from './abi';
import { histogram, below, above } from './histogram';
import { capacityBins, capacityN, columnPtr, edgesPtr, hcountsPtr, resultsPtr } from './layout';
import { beyondHalfMpe, beyondMpe, maxX, minX, pass1, pass2, plainSum, sumD1, sumD2, sumD3, sumD4, sumX } from './moments';
import { quantiles } from './quantiles';
import { tQuantile975 } from './studentT';

export { reserve } from './layout';

export function abiVersion(): i32 {
  return ABI_VERSION;
}
export function results(): usize {
  return resultsPtr;
}
export function edges(): usize {
  return edgesPtr;
}
export function histogramCounts(): usize {
  return hcountsPtr;
}
export function column(): usize {
  return columnPtr;
}

/** t(0.975, df), exported for its tests. */
export function tQuantile(df: i32): f64 {
  return tQuantile975(df);
}

/** The benchmark's memory-bound floor over the reserved column. */
export function sumFloor(n: i32): f64 {
  return plainSum(columnPtr, n);
}

/** 2^k for −1022 ≤ k ≤ 1023, built from its bits (exact). */
@inline function pow2(k: i32): f64 {
  return reinterpret<f64>(<u64>(k + 1023) << 52);
}

/** e with span ≤ 2^e, clamped to ±1000 so that 2^±e stays a normal number. */
function scaleExponent(span: f64): i32 {
  const bits = reinterpret<u64>(span);
  let e = <i32>((bits >> 52) & 0x7ff) - 1022; // span < 2^e for normal span
  if (((bits >> 52) & 0x7ff) == 0) e = -1022;
  return min(1000, max(-1000, e));
}

@inline function slot(s: i32, x: f64): void {
  store<f64>(resultsPtr + (<usize>s << 3), x);
}

function firstBadIndex(p: usize, n: i32): i32 {
  for (let i: i32 = 0; i < n; i++) {
    // written so that NaN fails too
    if (!(Math.abs(load<f64>(p + (<usize>i << 3))) <= MAX_ABS_VALUE)) return i;
  }
  return -1;
}

export function describe(n: i32, mpe: f64, bins: i32, flags: i32): i32 {
  if (n < 0 || n > capacityN || bins < 1 || bins > capacityBins) return STATUS_NOT_RESERVED;
  for (let s: i32 = 0; s < RESULT_SLOTS; s++) slot(s, NaN);
  slot(SLOT_N, <f64>n);
  const p = columnPtr;
  if (n == 0) {
    memory.fill(hcountsPtr, 0, <usize>bins << 2);
    slot(SLOT_BEYOND_MPE, 0);
    slot(SLOT_BEYOND_HALF_MPE, 0);
    slot(SLOT_BELOW, 0);
    slot(SLOT_ABOVE, 0);
    return STATUS_OK;
  }

  pass1(p, n, mpe);
  const lo = minX;
  const hi = maxX;
  if (!(isFinite(sumX) && lo >= -MAX_ABS_VALUE && hi <= MAX_ABS_VALUE)) {
    slot(SLOT_BAD_INDEX, <f64>firstBadIndex(p, n));
    return STATUS_BAD_VALUE;
  }
  slot(SLOT_MIN, lo);
  slot(SLOT_MAX, hi);
  slot(SLOT_BEYOND_MPE, <f64>beyondMpe);
  slot(SLOT_BEYOND_HALF_MPE, <f64>beyondHalfMpe);

  // Corrected two-pass (Chan, Golub & LeVeque 1983): the deviations' own sum corrects the
  // mean, and the central moments about the corrected mean follow by the binomial shift.
  // Deviations are scaled by a power of two 2^−e to |d| ≤ 1 (exact), so d⁴ neither
  // underflows for spreads of 1e-100 nor overflows for 1e60; G1 and G2 are scale-free.
  const spread = lo != hi;
  const nf = <f64>n;
  const m1 = spread ? sumX / nf : lo;
  const e = spread ? scaleExponent(Math.max(hi - m1, m1 - lo)) : 0;
  let s1: f64 = 0;
  let s2: f64 = 0;
  let s3: f64 = 0;
  let s4: f64 = 0;
  if (spread) {
    pass2(p, n, m1, pow2(-e));
    s1 = sumD1;
    s2 = sumD2;
    s3 = sumD3;
    s4 = sumD4;
  }
  const c = s1 / nf;
  const mean = m1 + c * pow2(e);
  const m2 = Math.max(0, s2 - nf * c * c) / nf;
  const m3 = (s3 - 3 * c * s2 + 2 * nf * c * c * c) / nf;
  const m4 = (s4 - 4 * c * s3 + 6 * c * c * s2 - 3 * nf * c * c * c * c) / nf;
  slot(SLOT_MEAN, mean);
  if (n >= 2) {
    const sd = spread ? Math.sqrt((m2 * nf) / (nf - 1)) * pow2(e) : 0;
    const se = sd / Math.sqrt(nf);
    const half = tQuantile975(n - 1) * se;
    slot(SLOT_SD, sd);
    slot(SLOT_SE, se);
    slot(SLOT_CI_LO, mean - half);
    slot(SLOT_CI_HI, mean + half);
    const cpk = Math.min(mpe - mean, mean + mpe) / (3 * sd);
    if (sd > 0 && isFinite(cpk)) slot(SLOT_CPK, cpk);
  }
  if (spread && n >= 3) {
    // scipy.stats.skew(bias=False): G1 = √(n(n−1))/(n−2) · m3/m2^1.5
    slot(SLOT_SKEWNESS, ((Math.sqrt((nf - 1) * nf) / (nf - 2)) * m3) / (m2 * Math.sqrt(m2)));
  }
  if (spread && n >= 4) {
    // scipy.stats.kurtosis(bias=False): G2 = ((n²−1)·m4/m2² − 3(n−1)²) / ((n−2)(n−3))
    slot(SLOT_KURTOSIS, ((nf * nf - 1) * (m4 / (m2 * m2)) - 3 * (nf - 1) * (nf - 1)) / ((nf - 2) * (nf - 3)));
  }

  histogram(p, n, edgesPtr, bins, hcountsPtr);
  slot(SLOT_BELOW, <f64>below);
  slot(SLOT_ABOVE, <f64>above);

  if (flags & FLAG_QUANTILES) quantiles(p, n, lo, hi, resultsPtr + (<usize>SLOT_QUANTILES << 3));
  return STATUS_OK;
}
