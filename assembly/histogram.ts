/**
 * The error histogram: bins [e_k, e_(k+1)) over the edges e_0 … e_B the caller wrote
 * (decimal-exact edges, web/src/stats/histogramEdges.ts).
 *
 * Branch-free: the edges are framed by −∞ and +∞, so "below" and "above" are just buckets
 * 0 and B + 1 of an extended array. A value's bucket is estimated two at a time with SIMD
 * (simdIndex.ts) as ⌊(x − e_0)·B/(e_B − e_0)⌋ + 1, clamped, then corrected once against
 * the stored edges, so the result is exactly "e_k ≤ x < e_(k+1)". One correction is
 * enough because histogramEdges.ts refuses widths finer than 2⁻⁴⁰ of the range's
 * magnitude, which keeps the estimate's rounding error far below one bin.
 * Four count arrays, one per lane of two consecutive pairs, keep neighbouring equal values
 * from waiting on each other's increment; they are added into the first at the end.
 */
import { bucketIndices, indexAt } from './simdIndex';

/** How many interleaved count arrays the caller must make room for (layout.ts). */
export const COUNT_COPIES: i32 = 4;

export let below: i64 = 0;
export let above: i64 = 0;

@inline function bump(counts: usize, j: i32): void {
  const c = counts + (<usize>j << 2);
  store<u32>(c, load<u32>(c) + 1);
}

/** Buckets of the two values in v, exact: the estimate corrected by one 16-byte edge load per lane. */
@inline function bucketsOf(v: v128, first: v128, scale: v128, lo: v128, hi: v128, ext: usize): v128 {
  const j = bucketIndices(v, first, scale, lo, hi, 1);
  const a = v128.load(ext + (<usize>indexAt(j, 0) << 3)); // [e, e_next] of lane 0's bucket
  const b = v128.load(ext + (<usize>indexAt(j, 1) << 3));
  const down = f64x2.lt(v, f64x2.shuffle(a, b, 0, 2));
  const up = f64x2.ge(v, f64x2.shuffle(a, b, 1, 3));
  // j holds each index in the low half of a 64-bit lane; a true mask is −1 in that lane.
  return i64x2.sub(i64x2.add(j, down), up);
}

/**
 * edges: address of e_0, with room for one f64 before it and one after e_B.
 * counts: address of the B counts, with room for one u32 before them (below) and, after
 * them, one (above) and COUNT_COPIES − 1 more arrays of B + 2.
 */
export function histogram(p: usize, n: i32, edges: usize, bins: i32, counts: usize): void {
  const ext = edges - 8;
  store<f64>(ext, -Infinity);
  store<f64>(edges + (<usize>(bins + 1) << 3), Infinity);
  const stride = <usize>(bins + 2) << 2;
  const c0 = counts - 4;
  const c1 = c0 + stride;
  const c2 = c1 + stride;
  const c3 = c2 + stride;
  memory.fill(c0, 0, stride * COUNT_COPIES);
  const e0 = load<f64>(edges);
  const first = f64x2.splat(e0);
  const scale = f64x2.splat(<f64>bins / (load<f64>(edges + (<usize>bins << 3)) - e0));
  const lo = f64x2.splat(-1);
  const hi = f64x2.splat(<f64>bins);
  let i: i32 = 0;
  while (i + 4 <= n) {
    const q = p + (<usize>i << 3);
    const j = bucketsOf(v128.load(q), first, scale, lo, hi, ext);
    const k = bucketsOf(v128.load(q, 16), first, scale, lo, hi, ext);
    bump(c0, indexAt(j, 0));
    bump(c1, indexAt(j, 1));
    bump(c2, indexAt(k, 0));
    bump(c3, indexAt(k, 1));
    i += 4;
  }
  while (i < n) {
    bump(c0, indexAt(bucketsOf(f64x2.splat(load<f64>(p + (<usize>i << 3))), first, scale, lo, hi, ext), 0));
    i++;
  }
  for (let b: usize = 0; b < stride; b += 4) {
    store<u32>(c0 + b, load<u32>(c0 + b) + load<u32>(c1 + b) + load<u32>(c2 + b) + load<u32>(c3 + b));
  }
  below = <i64>load<u32>(c0);
  above = <i64>load<u32>(c0 + (<usize>(bins + 1) << 2));
}
