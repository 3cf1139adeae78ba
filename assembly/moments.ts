/**
 * The two streaming passes over a column (f64x2 SIMD, four vectors per step).
 *
 * Pass 1: Σx (pairwise, cascade.ts), min, max, and the counts of |x| > MPE and
 * |x| > MPE/2. min/max use f64x2.pmin/pmax, which are one instruction on x86 (f64x2.min/max
 * are a sequence, for their NaN and ±0 rules) but may drop a NaN; a NaN still shows in
 * the sum, and ±Infinity in the sum and in min/max, so the caller looks for the first bad
 * index only when the sum is not finite or min/max exceed MAX_ABS_VALUE.
 *
 * Pass 2: Σd, Σd², Σd³, Σd⁴ of the deviations d = (x − m)·scale from the first-pass mean
 * m, scaled by a power of two (pairwise). Deviations first, powers after: the textbook
 * one-pass Σx² − (Σx)²/n loses every digit of a spread of 1e-3 around 1e9; the two-pass form does not (Chan, Golub &
 * LeVeque, "Algorithms for computing the sample variance", Am. Stat. 37 (1983)).
 */
import { BLOCK, cascadeFinish, cascadePush, cascadeReset, total0, total1, total2, total3 } from './cascade';

export let sumX: f64 = 0;
export let minX: f64 = 0;
export let maxX: f64 = 0;
export let beyondMpe: i64 = 0;
export let beyondHalfMpe: i64 = 0;

export let sumD1: f64 = 0;
export let sumD2: f64 = 0;
export let sumD3: f64 = 0;
export let sumD4: f64 = 0;

@inline function lanes(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

export function pass1(p: usize, n: i32, mpe: f64): void {
  const limit = f64x2.splat(mpe);
  const halfLimit = f64x2.splat(mpe * 0.5);
  let vmin = f64x2.splat(Infinity);
  let vmax = f64x2.splat(-Infinity);
  let beyond = i64x2.splat(0);
  let beyondHalf = i64x2.splat(0);
  let tailBeyond: i64 = 0;
  let tailBeyondHalf: i64 = 0;
  cascadeReset();
  let i: i32 = 0;
  while (i < n) {
    const end = min(i + BLOCK, n);
    let s0 = f64x2.splat(0);
    let s1 = f64x2.splat(0);
    let s2 = f64x2.splat(0);
    let s3 = f64x2.splat(0);
    while (i + 8 <= end) {
      const q = p + (<usize>i << 3);
      const v0 = v128.load(q);
      const v1 = v128.load(q, 16);
      const v2 = v128.load(q, 32);
      const v3 = v128.load(q, 48);
      s0 = f64x2.add(s0, v0);
      s1 = f64x2.add(s1, v1);
      s2 = f64x2.add(s2, v2);
      s3 = f64x2.add(s3, v3);
      vmin = f64x2.pmin(vmin, f64x2.pmin(f64x2.pmin(v0, v1), f64x2.pmin(v2, v3)));
      vmax = f64x2.pmax(vmax, f64x2.pmax(f64x2.pmax(v0, v1), f64x2.pmax(v2, v3)));
      const a0 = f64x2.abs(v0);
      const a1 = f64x2.abs(v1);
      const a2 = f64x2.abs(v2);
      const a3 = f64x2.abs(v3);
      // A true comparison is all ones (−1 as i64): subtracting it counts.
      beyond = i64x2.sub(beyond, i64x2.add(i64x2.add(f64x2.gt(a0, limit), f64x2.gt(a1, limit)), i64x2.add(f64x2.gt(a2, limit), f64x2.gt(a3, limit))));
      beyondHalf = i64x2.sub(
        beyondHalf,
        i64x2.add(i64x2.add(f64x2.gt(a0, halfLimit), f64x2.gt(a1, halfLimit)), i64x2.add(f64x2.gt(a2, halfLimit), f64x2.gt(a3, halfLimit))),
      );
      i += 8;
    }
    let tail: f64 = 0;
    while (i < end) {
      const x = load<f64>(p + (<usize>i << 3));
      tail += x;
      const v = f64x2.splat(x);
      vmin = f64x2.pmin(vmin, v);
      vmax = f64x2.pmax(vmax, v);
      const a = Math.abs(x);
      if (a > mpe) tailBeyond++;
      if (a > mpe * 0.5) tailBeyondHalf++;
      i++;
    }
    cascadePush(lanes(f64x2.add(f64x2.add(s0, s1), f64x2.add(s2, s3))) + tail, 0, 0, 0);
  }
  cascadeFinish();
  sumX = total0;
  minX = min(f64x2.extract_lane(vmin, 0), f64x2.extract_lane(vmin, 1));
  maxX = max(f64x2.extract_lane(vmax, 0), f64x2.extract_lane(vmax, 1));
  beyondMpe = i64x2.extract_lane(beyond, 0) + i64x2.extract_lane(beyond, 1) + tailBeyond;
  beyondHalfMpe = i64x2.extract_lane(beyondHalf, 0) + i64x2.extract_lane(beyondHalf, 1) + tailBeyondHalf;
}

export function pass2(p: usize, n: i32, m: f64, scale: f64): void {
  const mv = f64x2.splat(m);
  const sv = f64x2.splat(scale);
  cascadeReset();
  let i: i32 = 0;
  while (i < n) {
    const end = min(i + BLOCK, n);
    let a1 = f64x2.splat(0);
    let a2 = f64x2.splat(0);
    let a3 = f64x2.splat(0);
    let a4 = f64x2.splat(0);
    let b1 = f64x2.splat(0);
    let b2 = f64x2.splat(0);
    let b3 = f64x2.splat(0);
    let b4 = f64x2.splat(0);
    while (i + 4 <= end) {
      const q = p + (<usize>i << 3);
      const d = f64x2.mul(f64x2.sub(v128.load(q), mv), sv);
      const e = f64x2.mul(f64x2.sub(v128.load(q, 16), mv), sv);
      const d2 = f64x2.mul(d, d);
      const e2 = f64x2.mul(e, e);
      a1 = f64x2.add(a1, d);
      b1 = f64x2.add(b1, e);
      a2 = f64x2.add(a2, d2);
      b2 = f64x2.add(b2, e2);
      a3 = f64x2.add(a3, f64x2.mul(d2, d));
      b3 = f64x2.add(b3, f64x2.mul(e2, e));
      a4 = f64x2.add(a4, f64x2.mul(d2, d2));
      b4 = f64x2.add(b4, f64x2.mul(e2, e2));
      i += 4;
    }
    let t1: f64 = 0;
    let t2: f64 = 0;
    let t3: f64 = 0;
    let t4: f64 = 0;
    while (i < end) {
      const d = (load<f64>(p + (<usize>i << 3)) - m) * scale;
      const d2 = d * d;
      t1 += d;
      t2 += d2;
      t3 += d2 * d;
      t4 += d2 * d2;
      i++;
    }
    cascadePush(lanes(f64x2.add(a1, b1)) + t1, lanes(f64x2.add(a2, b2)) + t2, lanes(f64x2.add(a3, b3)) + t3, lanes(f64x2.add(a4, b4)) + t4);
  }
  cascadeFinish();
  sumD1 = total0;
  sumD2 = total1;
  sumD3 = total2;
  sumD4 = total3;
}

/** The benchmark's memory-bound floor: one plain f64x2 sum over the column. */
export function plainSum(p: usize, n: i32): f64 {
  let s0 = f64x2.splat(0);
  let s1 = f64x2.splat(0);
  let s2 = f64x2.splat(0);
  let s3 = f64x2.splat(0);
  let i: i32 = 0;
  while (i + 8 <= n) {
    const q = p + (<usize>i << 3);
    s0 = f64x2.add(s0, v128.load(q));
    s1 = f64x2.add(s1, v128.load(q, 16));
    s2 = f64x2.add(s2, v128.load(q, 32));
    s3 = f64x2.add(s3, v128.load(q, 48));
    i += 8;
  }
  let tail: f64 = 0;
  while (i < n) {
    tail += load<f64>(p + (<usize>i << 3));
    i++;
  }
  return lanes(f64x2.add(f64x2.add(s0, s1), f64x2.add(s2, s3))) + tail;
}
