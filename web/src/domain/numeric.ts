/**
 * Small numeric guards shared by the rules. Each rule checks what it is defined for and
 * throws an `InvalidInputError` naming the argument, so a wrong bench reading is reported
 * as such instead of producing a plausible-looking NaN verdict.
 */
import { InvalidInputError } from './errors.ts';

export function requireFinite(field: string, x: number): number {
  if (!Number.isFinite(x)) throw new InvalidInputError(field, `must be a finite number, got ${String(x)}`);
  return x;
}

export function requirePositive(field: string, x: number): number {
  requireFinite(field, x);
  if (x <= 0) throw new InvalidInputError(field, `must be greater than 0, got ${x}`);
  return x;
}

export function requireNonNegative(field: string, x: number): number {
  requireFinite(field, x);
  if (x < 0) throw new InvalidInputError(field, `must not be negative, got ${x}`);
  return x;
}

/**
 * A limit derived from defined quantities (1.6·Q1, 1.1·Q2, 200·δ) is a decimal number
 * by definition; binary floating point gives e.g. 1.6 × 63 = 100.80000000000001 L/h.
 * Rounding such a product to 12 significant digits removes that artefact, so that an
 * actual flow of exactly 100.8 L/h is in the upper zone as the regulation intends.
 */
export function definedQuantity(x: number): number {
  return Number(x.toPrecision(12));
}
