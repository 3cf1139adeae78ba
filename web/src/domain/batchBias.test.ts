import { describe, expect, it } from 'vitest';
import { biasStatus } from './batchBias.ts';
import { InvalidInputError } from './errors.ts';
import { defaultProfile as profile } from './profile/defaultProfile.ts';

describe('biasStatus', () => {
  it.each([
    [0, 2, 'ok', 0],
    [0.4, 2, 'ok', 1],
    [-0.4, 2, 'ok', -1],
    [0.41, 2, 'warn', 1],
    [0.8, 2, 'warn', 1],
    [-0.81, 2, 'alarm', -1],
    [0.6, 3, 'ok', 1],
    [1.2, 3, 'warn', 1],
    [1.0, 5, 'ok', 1],
    [2.5, 5, 'alarm', 1],
  ])('mean %d %% against MPE %d %% → %s, sign %d', (mean, mpe, status, sign) => {
    const b = biasStatus(mean, mpe, profile);
    expect(b.status).toBe(status);
    expect(b.sign).toBe(sign);
    expect(b.ratio).toBeCloseTo(Math.abs(mean) / mpe, 12);
  });

  it('refuses an MPE ≤ 0 and a mean that is not a number', () => {
    expect(() => biasStatus(0.1, 0, profile)).toThrow(InvalidInputError);
    expect(() => biasStatus(Number.NaN, 2, profile)).toThrow(/meanPct/);
  });

  it('follows a corrected profile', () => {
    const strict = { ...profile, batchBias: { ...profile.batchBias, value: { okMaxRatio: 0.1, warnMaxRatio: 0.2 } } };
    expect(biasStatus(0.3, 2, strict).status).toBe('warn');
  });
});
