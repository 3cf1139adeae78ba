/**
 * Exact percentiles p1, p5, p50, p95, p99 as numpy.percentile(method='linear'), which is
 * Hyndman & Fan (1996) type 7: virtual index h = (n − 1)·p/100, and between the order
 * statistics x(⌊h⌋) and x(⌊h⌋+1) numpy's `_lerp` (a + (b − a)·γ, or b − (b − a)·(1 − γ)
 * when γ ≥ ½); at h ≥ n − 1 the largest value.
 *
 * The order statistics come from selection, not a sort, and the column is left as it is:
 * 1. bucket pass — each value's bucket ⌊(x − min)·QBINS/(max − min)⌋ is counted; the
 *    mapping is monotone, so the prefix sums tell which bucket holds each wanted rank;
 * 2. gather pass — only the values of those few buckets are copied to scratch;
 * 3. introselect (select.ts) finds the ranks inside each small bucket.
 * Two streaming passes plus a selection over ~n/QBINS values per rank. If the values
 * crowd into one bucket (an extreme outlier stretches the range), step 3 works on that
 * crowd — still expected linear, just slower. Small columns are copied and selected directly.
 */
import { QBINS, qcountsPtr, qslotsPtr, scratchPtr } from './layout';
import { select } from './select';
import { bucketIndices, indexAt } from './simdIndex';

const PERCENT = memory.data<f64>([1, 5, 50, 95, 99]);
const MAX_RANKS = 10;
/** wanted ranks, ascending and unique; their values; bucket of each; first rank of that bucket */
const ranks = memory.data(MAX_RANKS * 4, 16);
const values = memory.data(MAX_RANKS * 8, 16);
const bucketOfRank = memory.data(MAX_RANKS * 4, 16);
const bucketBase = memory.data(MAX_RANKS * 4, 16);
let rankCount: i32 = 0;

/** Below this many values, copying and selecting directly is as fast as bucketing. */
const DIRECT_MAX: i32 = 16384;

@inline function rankAt(r: i32): i32 {
  return load<i32>(ranks + (<usize>r << 2));
}

function addRank(k: i32): void {
  if (rankCount > 0 && rankAt(rankCount - 1) == k) return;
  store<i32>(ranks + (<usize>rankCount << 2), k);
  rankCount++;
}

function valueOfRank(k: i32): f64 {
  for (let r = 0; r < rankCount; r++) {
    if (rankAt(r) == k) return load<f64>(values + (<usize>r << 3));
  }
  return NaN;
}

/** numpy `_lerp` */
@inline function lerp(a: f64, b: f64, gamma: f64): f64 {
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

/** Selects every wanted rank in r0 … r1−1, which all lie in a[L..R] (a is scratch). */
function selectRanks(a: usize, L: i32, R: i32, r0: i32, r1: i32, offset: i32): void {
  let left = L;
  for (let r = r0; r < r1; r++) {
    const k = rankAt(r) - offset;
    select(a, left, R, k);
    store<f64>(values + (<usize>r << 3), load<f64>(a + (<usize>k << 3)));
    left = k + 1;
  }
}

@inline function bump(counts: usize, j: i32): void {
  const c = counts + (<usize>j << 2);
  store<u32>(c, load<u32>(c) + 1);
}

/** Bucket indices of two values at once (the same arithmetic in both passes; monotone in x). */
@inline function buckets(v: v128, lo: v128, scale: v128): v128 {
  return bucketIndices(v, lo, scale, f64x2.splat(0), f64x2.splat(<f64>(QBINS - 1)), 0);
}

@inline function bucketOf(x: f64, lo: f64, scale: f64): i32 {
  return indexAt(buckets(f64x2.splat(x), f64x2.splat(lo), f64x2.splat(scale)), 0);
}

function selectByBuckets(p: usize, n: i32, lo: f64, scale: f64): void {
  const counts = qcountsPtr;
  const odd = counts + (<usize>QBINS << 2);
  const slots = qslotsPtr;
  const scratch = scratchPtr;
  const vlo = f64x2.splat(lo);
  const vscale = f64x2.splat(scale);
  memory.fill(counts, 0, <usize>QBINS << 4);

  // 1. bucket pass, into four interleaved count arrays (see histogram.ts)
  const c2 = odd + (<usize>QBINS << 2);
  const c3 = c2 + (<usize>QBINS << 2);
  let i: i32 = 0;
  while (i + 4 <= n) {
    const q = p + (<usize>i << 3);
    const b = buckets(v128.load(q), vlo, vscale);
    const d = buckets(v128.load(q, 16), vlo, vscale);
    bump(counts, indexAt(b, 0));
    bump(odd, indexAt(b, 1));
    bump(c2, indexAt(d, 0));
    bump(c3, indexAt(d, 1));
    i += 4;
  }
  while (i < n) {
    bump(counts, bucketOf(load<f64>(p + (<usize>i << 3)), lo, scale));
    i++;
  }

  // Which bucket holds each rank; a write cursor into scratch for each such bucket.
  memory.fill(slots, 0xff, <usize>QBINS << 2);
  let cum: i32 = 0;
  let r: i32 = 0;
  let offset: i32 = 0;
  for (let b: i32 = 0; b < QBINS && r < rankCount; b++) {
    const c = counts + (<usize>b << 2);
    const o = <usize>b << 2;
    const count = <i32>(load<u32>(c) + load<u32>(odd + o) + load<u32>(c2 + o) + load<u32>(c3 + o));
    store<u32>(c, count);
    let target = false;
    while (r < rankCount && rankAt(r) < cum + count) {
      store<i32>(bucketOfRank + (<usize>r << 2), b);
      store<i32>(bucketBase + (<usize>r << 2), cum);
      target = true;
      r++;
    }
    if (target) {
      store<i32>(slots + (<usize>b << 2), offset);
      offset += count;
    }
    cum += count;
  }

  // 2. gather pass
  i = 0;
  while (i + 2 <= n) {
    const v = v128.load(p + (<usize>i << 3));
    const b = buckets(v, vlo, vscale);
    const s0 = slots + (<usize>indexAt(b, 0) << 2);
    const w0 = load<i32>(s0);
    if (w0 >= 0) {
      store<f64>(scratch + (<usize>w0 << 3), f64x2.extract_lane(v, 0));
      store<i32>(s0, w0 + 1);
    }
    const s1 = slots + (<usize>indexAt(b, 1) << 2);
    const w1 = load<i32>(s1);
    if (w1 >= 0) {
      store<f64>(scratch + (<usize>w1 << 3), f64x2.extract_lane(v, 1));
      store<i32>(s1, w1 + 1);
    }
    i += 2;
  }
  if (i < n) {
    const x = load<f64>(p + (<usize>i << 3));
    const s = slots + (<usize>bucketOf(x, lo, scale) << 2);
    const w = load<i32>(s);
    if (w >= 0) {
      store<f64>(scratch + (<usize>w << 3), x);
      store<i32>(s, w + 1);
    }
  }

  // 3. select inside each target bucket; its values now end at its cursor.
  let r0: i32 = 0;
  while (r0 < rankCount) {
    const b = load<i32>(bucketOfRank + (<usize>r0 << 2));
    let r1 = r0 + 1;
    while (r1 < rankCount && load<i32>(bucketOfRank + (<usize>r1 << 2)) == b) r1++;
    const count = <i32>load<u32>(counts + (<usize>b << 2));
    const end = load<i32>(slots + (<usize>b << 2));
    const start = end - count;
    const base = load<i32>(bucketBase + (<usize>r0 << 2));
    // rank k of the column is local rank k − base of the bucket, at scratch[start + k − base]
    selectRanks(scratch, start, end - 1, r0, r1, base - start);
    r0 = r1;
  }
}

/** Writes p1, p5, p50, p95, p99 to out[0..5). n ≥ 1; min and max from pass 1. */
export function quantiles(p: usize, n: i32, minX: f64, maxX: f64, out: usize): void {
  rankCount = 0;
  for (let q = 0; q < 5; q++) {
    const h = <f64>(n - 1) * (load<f64>(PERCENT + (<usize>q << 3)) / 100);
    if (h >= <f64>(n - 1)) {
      addRank(n - 1);
    } else {
      const k = <i32>Math.floor(h);
      addRank(k);
      addRank(k + 1);
    }
  }
  if (minX == maxX) {
    for (let r = 0; r < rankCount; r++) store<f64>(values + (<usize>r << 3), minX);
  } else {
    const scale = <f64>QBINS / (maxX - minX);
    if (n <= DIRECT_MAX || !isFinite(scale)) {
      memory.copy(scratchPtr, p, <usize>n << 3);
      selectRanks(scratchPtr, 0, n - 1, 0, rankCount, 0);
    } else {
      selectByBuckets(p, n, minX, scale);
    }
  }
  for (let q = 0; q < 5; q++) {
    const h = <f64>(n - 1) * (load<f64>(PERCENT + (<usize>q << 3)) / 100);
    let x: f64;
    if (h >= <f64>(n - 1)) {
      x = valueOfRank(n - 1);
    } else {
      const k = Math.floor(h);
      x = lerp(valueOfRank(<i32>k), valueOfRank(<i32>k + 1), h - k);
    }
    store<f64>(out + (<usize>q << 3), x);
  }
}
