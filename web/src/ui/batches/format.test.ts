import { describe, expect, it } from 'vitest';
import { percent, signedPct } from './format.ts';

describe('batches screen formats', () => {
  it('errors with their sign written out, rounded half-even as reported', () => {
    expect(signedPct(0.125)).toBe('+0.12');
    expect(signedPct(0.135)).toBe('+0.14');
    expect(signedPct(-0.4)).toBe('−0.40');
    expect(signedPct(0.001)).toBe('0.00');
    expect(signedPct(Number.NaN)).toBe('—');
  });
  it('pass rates in percent with two decimals, — before any verification', () => {
    expect(percent(9895 / 10000)).toBe('98.95 %');
    expect(percent(1)).toBe('100.00 %');
    expect(percent(null)).toBe('—');
  });
});
