/**
 * The error histogram: bins [e_k, e_(k+1)) over the edges e_0 … e_B the caller wrote
 * (decimal-exact edges, web/src/stats/histogramEdges.ts).
 *
 * Branch-free: the edges are framed by −∞ and +∞, so "below" and "above" are just buckets
 * 0 and B + 1 of an extended array. A value's bucket is estimated two at a time with SIMD
 * (simdIndex.ts) as ⌊(x − e_0)·B/(e_B − e_0)⌋ + 1, clamped, then corrected once against
 * the stored edges,
 * so the result is exactly "e_k ≤ x < e_(k+1)". One correction is enough because
 * histogramEdges.ts refuses widths finer than 2⁻⁴⁰ of the range's magnitude, which keeps
 * the estimate's rounding error far below one bin. Two interleaved count arrays (even /
 * odd index) keep neighbouring equal values from waiting on each other's increment.
 */
import { bucketIndices, indexAt } from './simdIndex';

export let below: i64 = 0;
export let above: i64 = 0;

@inline function bump(counts: usize, j: i32): void {
  const c = counts + (<usize>j << 2);
  store<u32>(c, load<u32>(c) + 1);
}

@inline function correct(x: f64, j: i32, ext: usize): i32 {
  const e = ext + (<usize>j << 3);
  return j - <i32>(x < load<f64>(e)) + <i32>(x >= load<f64>(e, 8));
}

/**
 * edges: address of e_0, with room for one f64 before it and one after e_B.
 * counts: address of the B counts, with room for one u32 before them and B + 3 after
 * (above, then the odd copy).
 */
export function histogram(p: usize, n: i32, edges: usize, bins: i32, counts: usize): void {
  const ext = edges - 8;
  store<f64>(ext, -Infinity);
  store<f64>(edges + (<usize>(bins + 1) << 3), Infinity);
  const buckets = bins + 2;
  const even = counts - 4;
  const odd = even + (<usize>buckets << 2);
  memory.fill(even, 0, <usize>buckets << 3);
  const first = load<f64>(edges);
  const vfirst = f64x2.splat(first);
  const vscale = f64x2.splat(<f64>bins / (load<f64>(edges + (<usize>bins << 3)) - first));
  const lo = f64x2.splat(-1);
  const hi = f64x2.splat(<f64>bins);
  let i: i32 = 0;
  while (i + 2 <= n) {
    const v = v128.load(p + (<usize>i << 3));
    let j = bucketIndices(v, vfirst, vscale, lo, hi, 1);
    // The correction, vectorised: [e, e_next] of each lane's bucket is one 16-byte load.
    const a = v128.load(ext + (<usize>indexAt(j, 0) << 3));
    const b = v128.load(ext + (<usize>indexAt(j, 1) << 3));
    const down = f64x2.lt(v, f64x2.shuffle(a, b, 0, 2));
    const up = f64x2.ge(v, f64x2.shuffle(a, b, 1, 3));
    // j holds each index in the low half of a 64-bit lane; a true mask is −1 in that lane.
    j = i64x2.sub(i64x2.add(j, down), up);
    bump(even, indexAt(j, 0));
    bump(odd, indexAt(j, 1));
    i += 2;
  }
  if (i < n) {
    const v = f64x2.splat(load<f64>(p + (<usize>i << 3)));
    const j = bucketIndices(v, vfirst, vscale, lo, hi, 1);
    bump(even, correct(f64x2.extract_lane(v, 0), indexAt(j, 0), ext));
  }
  for (let k: i32 = 0; k < buckets; k++) {
    const c = even + (<usize>k << 2);
    store<u32>(c, load<u32>(c) + load<u32>(odd + (<usize>k << 2)));
  }
  below = <i64>load<u32>(even);
  above = <i64>load<u32>(even + (<usize>(bins + 1) << 2));
}
