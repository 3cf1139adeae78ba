/**
 * Indication error 示值误差 (JJG 162-2019 检定方法; docs/rules.md R-ERROR):
 * E = (Vi − Va) / Va × 100 %. The denominator is the actual volume Va, not Vi.
 * Positive E: the meter over-reads (the consumer pays for water not received).
 */
import { requireNonNegative, requirePositive } from './numeric.ts';

export function indicationError(indicatedL: number, actualL: number): number {
  requireNonNegative('indicatedL', indicatedL);
  requirePositive('actualL', actualL);
  return ((indicatedL - actualL) / actualL) * 100;
}
