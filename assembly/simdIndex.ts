/**
 * Bucket indices of two f64 values at once: ⌊(x − origin)·scale⌋ clamped to [lo, hi],
 * plus `shift`. Written without i32x4.trunc_sat_f64x2_s_zero, which V8 lowers to a
 * sequence of x86 instructions: f64x2.floor is one instruction (roundpd), pmin/pmax are
 * one each, and adding 1.5·2⁵² to an integer-valued double leaves that integer in the
 * low 32 bits of the sum (the classic "magic number" conversion) — exact, as the value
 * is already an integer well below 2³¹. Read the indices with `indexAt(r, 0)` and `indexAt(r, 1)`.
 */

const MAGIC: f64 = 6755399441055744.0;

@inline export function bucketIndices(v: v128, origin: v128, scale: v128, lo: v128, hi: v128, shift: f64): v128 {
  const t = f64x2.pmin(f64x2.pmax(f64x2.floor(f64x2.mul(f64x2.sub(v, origin), scale)), lo), hi);
  return f64x2.add(t, f64x2.splat(MAGIC + shift));
}

@inline export function indexAt(r: v128, lane: u8): i32 {
  return lane == 0 ? i32x4.extract_lane(r, 0) : i32x4.extract_lane(r, 2);
}
