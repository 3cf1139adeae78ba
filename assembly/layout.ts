/**
 * The kernel's memory map. The runtime is the stub (nothing is ever freed) and the kernel
 * allocates nothing itself: `reserve` lays out every region once per column size and is
 * the only function that may grow memory. `memory.grow` detaches every typed-array view
 * of the old buffer in JS, so the binding (web/src/stats/kernel.ts) re-creates its views
 * after `reserve` and never holds one across it.
 *
 *   results   RESULT_SLOTS f64         (see abi.ts)
 *   qcounts   4 × QBINS u32            quantile bucket counts, four interleaved copies
 *   qslots    QBINS i32                quantile rounds: which buckets are kept (one byte each)
 *   edges     −∞, (bins + 1) f64, +∞   histogram edges, written by the caller between ±∞
 *   hcounts   4 × (bins + 2) u32       below, bin counts, above; then three more copies
 *   column    n f64                    the column, written by the caller
 *   scratch   n f64                    quantile candidates
 */
import { RESULT_SLOTS } from './abi';
import { COUNT_COPIES } from './histogram';

/** Number of buckets the quantile pre-pass sorts values into (see quantiles.ts). */
export const QBINS: i32 = 4096;

export let resultsPtr: usize = 0;
export let qcountsPtr: usize = 0;
export let qslotsPtr: usize = 0;
export let edgesPtr: usize = 0;
export let hcountsPtr: usize = 0;
export let columnPtr: usize = 0;
export let scratchPtr: usize = 0;
export let capacityN: i32 = 0;
export let capacityBins: i32 = 0;

@inline function align64(p: usize): usize {
  return (p + 63) & ~(<usize>63);
}

/**
 * Makes room for a column of n values and a histogram of `bins` bins; returns the
 * column's address, or 0 when memory cannot grow that far.
 */
export function reserve(n: i32, bins: i32): usize {
  if (n < 0 || bins < 1) return 0;
  const base = align64(__heap_base);
  const results = base;
  const qcounts = align64(results + <usize>RESULT_SLOTS * 8);
  const qslots = align64(qcounts + <usize>QBINS * 16);
  const edges = align64(qslots + <usize>QBINS * 4) + 8;
  const hcounts = align64(edges + (<usize>bins + 2) * 8) + 4;
  const column = align64(hcounts + (<usize>bins + 2) * 4 * <usize>COUNT_COPIES);
  const scratch = align64(column + <usize>n * 8);
  const end: u64 = <u64>scratch + <u64>n * 8;
  if (end > 0xffff_0000) return 0;
  const have = <u64>memory.size() << 16;
  if (end > have) {
    const pages = <i32>((end - have + 0xffff) >> 16);
    if (memory.grow(pages) < 0) return 0;
  }
  resultsPtr = results;
  qcountsPtr = qcounts;
  qslotsPtr = qslots;
  edgesPtr = edges;
  hcountsPtr = hcounts;
  columnPtr = column;
  scratchPtr = scratch;
  capacityN = n;
  capacityBins = bins;
  return column;
}
