/**
 * Rounding for reporting (GB/T 8170-2008 数值修约规则): round half to even ("四舍六入五成双").
 * E is reported to 0.01 %, while pass/fail compares the unrounded values.
 *
 * The tie is decided on the value's 15-significant-digit decimal form, which is what a
 * person reading the number sees: 2.675 is stored as 2.67499999… in binary, but it is the
 * decimal 2.675 that the rule is about, so it rounds to 2.68 (8 is even), not 2.67.
 */
import { InvalidInputError } from './errors.ts';
import { requireFinite } from './numeric.ts';

export function roundHalfEven(x: number, decimals: number): number {
  requireFinite('x', x);
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 15) {
    throw new InvalidInputError('decimals', `must be an integer from 0 to 15, got ${decimals}`);
  }
  if (x === 0) return 0;
  const [mantissa = '0', exponent = '0'] = Math.abs(x).toExponential(14).split('e');
  const digits = mantissa.replace('.', '');
  // digits d0 d1 … d14 stand for 0.d0d1…d14 × 10^(exponent + 1)
  const keep = Number(exponent) + 1 + decimals;
  if (keep >= digits.length) return x;
  if (keep < 0) return 0;
  const kept = digits.slice(0, keep);
  const first = digits.charAt(keep);
  const tail = digits.slice(keep + 1);
  const lastKeptOdd = kept !== '' && Number(kept.charAt(kept.length - 1)) % 2 === 1;
  const up = first > '5' || (first === '5' && (/[1-9]/.test(tail) || lastKeptOdd));
  // n ≤ 10^15 is exact in binary, and n / 10^d is the correctly rounded double of the decimal
  const n = Number(kept === '' ? '0' : kept) + (up ? 1 : 0);
  const magnitude = n / 10 ** decimals;
  if (magnitude === 0) return 0;
  return x < 0 ? -magnitude : magnitude;
}
