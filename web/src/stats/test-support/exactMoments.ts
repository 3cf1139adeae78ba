/**
 * A high-precision reference for the tests: the mean and central moments of a column
 * computed exactly in rational arithmetic (BigInt), each double being the exact dyadic
 * rational it stands for, and rounded to double only at the end. Independent of both
 * engines and of any summation order.
 */

function decompose(x: number): { m: bigint; e: number } {
  // x = m · 2^e with integer m; e ≥ −1074.
  if (x === 0) return { m: 0n, e: 0 };
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const sign = hi >>> 31 ? -1n : 1n;
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (biased === 0) {
    e = -1074;
  } else {
    mant |= 1n << 52n;
    e = biased - 1075;
  }
  return { m: sign * mant, e };
}

function bitLength(x: bigint): number {
  return x === 0n ? 0 : (x < 0n ? -x : x).toString(2).length;
}

/** p / q (q > 0) rounded to double, to ~64 bits before the final rounding. */
export function ratio(p: bigint, q: bigint): number {
  if (p === 0n) return 0;
  const shift = bitLength(q) - bitLength(p) + 66;
  const scaled = shift >= 0 ? (p << BigInt(shift)) / q : p / (q << BigInt(-shift));
  return Number(scaled) * 2 ** -shift;
}

export interface ExactMoments {
  n: number;
  mean: number;
  /** Σ(x − μ)^k / n for k = 2, 3, 4, rounded once */
  m2: number;
  m3: number;
  m4: number;
}

export function exactMoments(column: Float64Array): ExactMoments {
  const n = column.length;
  const parts = Array.from(column, decompose);
  const e0 = Math.min(...parts.map((p) => p.e));
  const ms = parts.map((p) => p.m << BigInt(p.e - e0));
  let s1 = 0n;
  let s2 = 0n;
  let s3 = 0n;
  let s4 = 0n;
  for (const m of ms) {
    const m2 = m * m;
    s1 += m;
    s2 += m2;
    s3 += m2 * m;
    s4 += m2 * m2;
  }
  const N = BigInt(n);
  // x = M·2^e0; sums of central powers, times n^(k−1), are integers in units of 2^(k·e0):
  const c2 = N * s2 - s1 * s1; // n·Σ(x−μ)²
  const c3 = N * N * s3 - 3n * N * s1 * s2 + 2n * s1 ** 3n; // n²·Σ(x−μ)³
  const c4 = N ** 3n * s4 - 4n * N * N * s1 * s3 + 6n * N * s1 * s1 * s2 - 3n * s1 ** 4n; // n³·Σ(x−μ)⁴
  const scaled = (num: bigint, den: bigint, k: number): number => {
    const ek = e0 * k;
    return ek >= 0 ? ratio(num << BigInt(ek), den) : ratio(num, den << BigInt(-ek));
  };
  return {
    n,
    mean: scaled(s1, N, 1),
    m2: scaled(c2, N * N, 2),
    m3: scaled(c3, N ** 3n, 3),
    m4: scaled(c4, N ** 4n, 4),
  };
}
