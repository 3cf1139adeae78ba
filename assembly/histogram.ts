/**
 * The error histogram: bins [e_k, e_(k+1)) over edges the caller wrote (decimal-exact
 * edges, web/src/stats/histogramEdges.ts). The bin is estimated as ⌊(x − e_0)·bins/(e_B − e_0)⌋
 * and then corrected against the stored edges, so the result is exactly "e_k ≤ x < e_(k+1)"
 * whatever the rounding of the estimate. Two interleaved count arrays (even / odd index)
 * keep neighbouring equal values from waiting on each other's increment; they are merged
 * into the first at the end.
 */

export let below: i64 = 0;
export let above: i64 = 0;

@inline function binOf(x: f64, edges: usize, bins: i32, first: f64, scale: f64): i32 {
  let k = <i32>((x - first) * scale);
  if (k >= bins) k = bins - 1;
  while (k > 0 && x < load<f64>(edges + (<usize>k << 3))) k--;
  while (k < bins - 1 && x >= load<f64>(edges + (<usize>(k + 1) << 3))) k++;
  return k;
}

export function histogram(p: usize, n: i32, edges: usize, bins: i32, counts: usize): void {
  const first = load<f64>(edges);
  const last = load<f64>(edges + (<usize>bins << 3));
  const scale = <f64>bins / (last - first);
  const odd = counts + (<usize>bins << 2);
  memory.fill(counts, 0, <usize>bins << 3);
  let lo: i64 = 0;
  let hi: i64 = 0;
  let i: i32 = 0;
  while (i + 2 <= n) {
    const x = load<f64>(p + (<usize>i << 3));
    const y = load<f64>(p + (<usize>i << 3), 8);
    if (x < first) lo++;
    else if (x >= last) hi++;
    else {
      const c = counts + (<usize>binOf(x, edges, bins, first, scale) << 2);
      store<u32>(c, load<u32>(c) + 1);
    }
    if (y < first) lo++;
    else if (y >= last) hi++;
    else {
      const c = odd + (<usize>binOf(y, edges, bins, first, scale) << 2);
      store<u32>(c, load<u32>(c) + 1);
    }
    i += 2;
  }
  if (i < n) {
    const x = load<f64>(p + (<usize>i << 3));
    if (x < first) lo++;
    else if (x >= last) hi++;
    else {
      const c = counts + (<usize>binOf(x, edges, bins, first, scale) << 2);
      store<u32>(c, load<u32>(c) + 1);
    }
  }
  for (let k: i32 = 0; k < bins; k++) {
    const c = counts + (<usize>k << 2);
    store<u32>(c, load<u32>(c) + load<u32>(odd + (<usize>k << 2)));
  }
  below = lo;
  above = hi;
}
