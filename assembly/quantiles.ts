/**
 * Exact percentiles p1, p5, p50, p95, p99 as numpy.percentile(method='linear'), which is
 * Hyndman & Fan (1996) type 7: virtual index h = (n − 1)·p/100, and between the order
 * statistics x(⌊h⌋) and x(⌊h⌋+1) numpy's `_lerp` (a + (b − a)·γ, or b − (b − a)·(1 − γ)
 * when γ ≥ ½); at h ≥ n − 1 the largest value.
 *
 * The order statistics come from selection, not a sort, and the column is left as it is.
 * Distribution-based selection, a round at a time:
 * 1. count pass — each value's bucket ⌊(x − min)·QBINS/(max − min)⌋ is counted; the
 *    mapping is monotone in x, so prefix sums tell which bucket holds each wanted rank;
 * 2. filter pass — only the values of those few buckets are kept (copied to scratch in
 *    the first round, compacted in place after), and each rank becomes its rank among them.
 * Rounds repeat on the kept values with their own min and max — so one extreme outlier,
 * which crowds everything into one bucket of the first round, costs one more round, not a
 * selection over the whole column — until few values remain or a round stops shrinking
 * them; then introselect (select.ts) finishes. Each round streams once over what is left.
 */
import { QBINS, qcountsPtr, qslotsPtr, scratchPtr } from './layout';
import { select } from './select';
import { bucketIndices, indexAt } from './simdIndex';

const PERCENT = memory.data<f64>([1, 5, 50, 95, 99]);
const MAX_RANKS = 10;
/** wanted ranks, ascending and unique, in the current set; their values at the end */
const ranks = memory.data(MAX_RANKS * 4, 16);
const values = memory.data(MAX_RANKS * 8, 16);
let rankCount: i32 = 0;

/** Below this many values, introselect directly. */
const DIRECT_MAX: i32 = 16384;
/** Rounds of bucketing before introselect takes whatever is left. */
const MAX_ROUNDS: i32 = 4;

@inline function rankAt(r: i32): i32 {
  return load<i32>(ranks + (<usize>r << 2));
}

@inline function setRank(r: i32, k: i32): void {
  store<i32>(ranks + (<usize>r << 2), k);
}

function addRank(k: i32): void {
  if (rankCount > 0 && rankAt(rankCount - 1) == k) return;
  setRank(rankCount, k);
  rankCount++;
}

/** numpy `_lerp` */
@inline function lerp(a: f64, b: f64, gamma: f64): f64 {
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

@inline function bump(counts: usize, j: i32): void {
  const c = counts + (<usize>j << 2);
  store<u32>(c, load<u32>(c) + 1);
}

/** Bucket indices of two values at once (the same arithmetic in both passes; monotone in x). */
@inline function buckets(v: v128, lo: v128, scale: v128): v128 {
  return bucketIndices(v, lo, scale, f64x2.splat(0), f64x2.splat(<f64>(QBINS - 1)), 0);
}

/** Selects every wanted rank of a[0..size) in place and stores its value. */
function selectRanks(a: usize, size: i32): void {
  let left: i32 = 0;
  for (let r: i32 = 0; r < rankCount; r++) {
    const k = rankAt(r);
    select(a, left, size - 1, k);
    store<f64>(values + (<usize>r << 3), load<f64>(a + (<usize>k << 3)));
    left = k + 1;
  }
}

/**
 * One round over src[0..size) with values in [lo, hi], lo < hi: keeps the values of the
 * buckets that hold a wanted rank, in dst (which may be src: the write index never
 * passes the read index), re-ranks, and returns how many were kept.
 */
function round(src: usize, size: i32, lo: f64, hi: f64, dst: usize): i32 {
  const c0 = qcountsPtr;
  const stride = <usize>QBINS << 2;
  const c1 = c0 + stride;
  const c2 = c1 + stride;
  const c3 = c2 + stride;
  const keep = qslotsPtr; // one byte per bucket: 1 if it holds a wanted rank
  const vlo = f64x2.splat(lo);
  const vscale = f64x2.splat(<f64>QBINS / (hi - lo));
  memory.fill(c0, 0, stride * 4);

  // 1. count pass, into four interleaved count arrays (see histogram.ts)
  let i: i32 = 0;
  while (i + 4 <= size) {
    const q = src + (<usize>i << 3);
    const b = buckets(v128.load(q), vlo, vscale);
    const d = buckets(v128.load(q, 16), vlo, vscale);
    bump(c0, indexAt(b, 0));
    bump(c1, indexAt(b, 1));
    bump(c2, indexAt(d, 0));
    bump(c3, indexAt(d, 1));
    i += 4;
  }
  while (i < size) {
    bump(c0, indexAt(buckets(f64x2.splat(load<f64>(src + (<usize>i << 3))), vlo, vscale), 0));
    i++;
  }

  // Prefix walk: a rank r in bucket b becomes r − (values in lower buckets not kept).
  memory.fill(keep, 0, <usize>QBINS);
  let below: i32 = 0;
  let keptBelow: i32 = 0;
  let r: i32 = 0;
  for (let b: i32 = 0; b < QBINS && r < rankCount; b++) {
    const o = <usize>b << 2;
    const count = <i32>(load<u32>(c0 + o) + load<u32>(c1 + o) + load<u32>(c2 + o) + load<u32>(c3 + o));
    let kept = false;
    while (r < rankCount && rankAt(r) < below + count) {
      setRank(r, rankAt(r) - (below - keptBelow));
      kept = true;
      r++;
    }
    if (kept) {
      store<u8>(keep + <usize>b, 1);
      keptBelow += count;
    }
    below += count;
  }

  // 2. filter pass. A branch per value: kept values are few (well predicted) except in a
  // crowded round, where nearly all are kept (well predicted too).
  let w: i32 = 0;
  i = 0;
  while (i + 2 <= size) {
    const v = v128.load(src + (<usize>i << 3));
    const b = buckets(v, vlo, vscale);
    if (load<u8>(keep + <usize>indexAt(b, 0))) {
      store<f64>(dst + (<usize>w << 3), f64x2.extract_lane(v, 0));
      w++;
    }
    if (load<u8>(keep + <usize>indexAt(b, 1))) {
      store<f64>(dst + (<usize>w << 3), f64x2.extract_lane(v, 1));
      w++;
    }
    i += 2;
  }
  if (i < size) {
    const x = load<f64>(src + (<usize>i << 3));
    if (load<u8>(keep + <usize>indexAt(buckets(f64x2.splat(x), vlo, vscale), 0))) {
      store<f64>(dst + (<usize>w << 3), x);
      w++;
    }
  }
  return w;
}

/** min and max of a[0..size) into rangeLo / rangeHi. */
let rangeLo: f64 = 0;
let rangeHi: f64 = 0;
function range(a: usize, size: i32): void {
  let mn = f64x2.splat(Infinity);
  let mx = f64x2.splat(-Infinity);
  let i: i32 = 0;
  while (i + 2 <= size) {
    const v = v128.load(a + (<usize>i << 3));
    mn = f64x2.pmin(mn, v);
    mx = f64x2.pmax(mx, v);
    i += 2;
  }
  if (i < size) {
    const v = f64x2.splat(load<f64>(a + (<usize>i << 3)));
    mn = f64x2.pmin(mn, v);
    mx = f64x2.pmax(mx, v);
  }
  rangeLo = min(f64x2.extract_lane(mn, 0), f64x2.extract_lane(mn, 1));
  rangeHi = max(f64x2.extract_lane(mx, 0), f64x2.extract_lane(mx, 1));
}

/** Fills `values` for the wanted ranks of column p[0..n), n ≥ 1, min and max from pass 1. */
function orderStatistics(p: usize, n: i32, minX: f64, maxX: f64): void {
  const scratch = scratchPtr;
  let lo = minX;
  let hi = maxX;
  let size = n;
  let src = p;
  for (let k: i32 = 0; k < MAX_ROUNDS && size > DIRECT_MAX; k++) {
    if (lo == hi) break;
    if (!isFinite(<f64>QBINS / (hi - lo))) break;
    const kept = round(src, size, lo, hi, scratch);
    const progress = kept < size;
    src = scratch;
    size = kept;
    if (!progress) break;
    range(scratch, size);
    lo = rangeLo;
    hi = rangeHi;
  }
  if (lo == hi) {
    // every value left is the same: it is every wanted order statistic
    for (let r: i32 = 0; r < rankCount; r++) store<f64>(values + (<usize>r << 3), lo);
    return;
  }
  if (src != scratch) memory.copy(scratch, src, <usize>size << 3);
  selectRanks(scratch, size);
}

function valueOfRank(k: i32, wanted: usize): f64 {
  // `wanted` keeps the original ranks, in the order of `values`
  for (let r: i32 = 0; r < rankCount; r++) {
    if (load<i32>(wanted + (<usize>r << 2)) == k) return load<f64>(values + (<usize>r << 3));
  }
  return NaN;
}

const original = memory.data(MAX_RANKS * 4, 16);

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
  memory.copy(original, ranks, <usize>rankCount << 2);
  orderStatistics(p, n, minX, maxX);
  for (let q = 0; q < 5; q++) {
    const h = <f64>(n - 1) * (load<f64>(PERCENT + (<usize>q << 3)) / 100);
    let x: f64;
    if (h >= <f64>(n - 1)) {
      x = valueOfRank(n - 1, original);
    } else {
      const k = Math.floor(h);
      x = lerp(valueOfRank(<i32>k, original), valueOfRank(<i32>k + 1, original), h - k);
    }
    store<f64>(out + (<usize>q << 3), x);
  }
}
