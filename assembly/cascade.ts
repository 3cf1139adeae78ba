/**
 * Pairwise summation over blocks (Higham, "The accuracy of floating point summation",
 * SIAM J. Sci. Comput. 14 (1993); the scheme numpy's `pairwise_sum` uses): each block of
 * BLOCK values is summed by SIMD lanes, and the block sums are combined as the leaves of
 * a balanced binary tree, kept as a binary counter of partial sums — one per level, so
 * no recursion and no buffer of block sums. The error grows with log₂(n / BLOCK) instead
 * of n. Four sums travel together (Σd, Σd², Σd³, Σd⁴ in the second pass).
 */

/** Values per leaf: 32 sequential adds per lane with 8 lanes (4 × f64x2). */
export const BLOCK: i32 = 256;

const LEVELS: usize = 40;
const stack = memory.data(<i32>(LEVELS * 32), 16);
let leaves: u32 = 0;

export let total0: f64 = 0;
export let total1: f64 = 0;
export let total2: f64 = 0;
export let total3: f64 = 0;

export function cascadeReset(): void {
  leaves = 0;
}

/** Adds one leaf (a block's four sums); equal-sized subtrees merge like binary carries. */
export function cascadePush(a: f64, b: f64, c: f64, d: f64): void {
  let level: usize = 0;
  let k = leaves;
  while (k & 1) {
    const p = stack + level * 32;
    a = load<f64>(p) + a;
    b = load<f64>(p, 8) + b;
    c = load<f64>(p, 16) + c;
    d = load<f64>(p, 24) + d;
    k >>= 1;
    level++;
  }
  const q = stack + level * 32;
  store<f64>(q, a);
  store<f64>(q, b, 8);
  store<f64>(q, c, 16);
  store<f64>(q, d, 24);
  leaves++;
}

/** Combines the partial sums still on the stack (the set bits of the leaf count), smallest first. */
export function cascadeFinish(): void {
  let a: f64 = 0;
  let b: f64 = 0;
  let c: f64 = 0;
  let d: f64 = 0;
  let k = leaves;
  let level: usize = 0;
  while (k != 0) {
    if (k & 1) {
      const p = stack + level * 32;
      a += load<f64>(p);
      b += load<f64>(p, 8);
      c += load<f64>(p, 16);
      d += load<f64>(p, 24);
    }
    k >>= 1;
    level++;
  }
  total0 = a;
  total1 = b;
  total2 = c;
  total3 = d;
}
