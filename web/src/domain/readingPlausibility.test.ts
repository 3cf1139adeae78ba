import { describe, expect, it } from 'vitest';
import { readingPlausibility } from './readingPlausibility.ts';

describe('readingPlausibility (a typed pair of readings questioned before it is accepted)', () => {
  it('accepts a change near the run’s volume, and one a failing meter gives', () => {
    expect(readingPlausibility(1000, 1010.02, 10)).toEqual({ plausible: true });
    expect(readingPlausibility(1000, 1013, 10)).toEqual({ plausible: true });
    expect(readingPlausibility(0, 2, 10)).toEqual({ plausible: true });
    expect(readingPlausibility(0, 50, 10)).toEqual({ plausible: true });
  });

  it('questions an end below the start', () => {
    expect(readingPlausibility(1000, 999.9, 10)).toMatchObject({ plausible: false, code: 'end-before-start' });
  });

  it('questions a change of more than 5 × the volume (a digit too many)', () => {
    expect(readingPlausibility(1000, 1100.2, 10)).toMatchObject({ plausible: false, code: 'change-too-large', volL: 10 });
    expect(readingPlausibility(1000, 1050.01, 10)).toMatchObject({ plausible: false, code: 'change-too-large' });
  });

  it('questions a change of less than 0.2 × the volume (a digit too few, or the start typed twice)', () => {
    expect(readingPlausibility(1000, 1000, 10)).toMatchObject({ plausible: false, code: 'change-too-small', changeL: 0 });
    expect(readingPlausibility(1000, 1001.99, 10)).toMatchObject({ plausible: false, code: 'change-too-small' });
  });
});
