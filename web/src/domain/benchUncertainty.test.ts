import { describe, expect, it } from 'vitest';
import { benchUncertaintyLimitPct, benchUncertaintyOk, judgeBenchUncertainty, smallestMpePct } from './benchUncertainty.ts';
import { InvalidInputError } from './errors.ts';
import { defaultProfile as profile } from './profile/defaultProfile.ts';

describe('bench expanded uncertainty ≤ MPE/5 (JJG 162-2019; docs/rules.md R-UNCERT)', () => {
  it('the profile carries the 1/5 rule with its source', () => {
    expect(profile.benchUncertainty.value.mpeDivisor).toBe(5);
    expect(profile.benchUncertainty.source).toMatch(/JJG 162-2019/);
  });

  it('judges against the smallest MPE of the meter points: class 2 → 2 %, class 1 → 1 %', () => {
    expect(smallestMpePct(2, profile)).toBe(2);
    expect(smallestMpePct(1, profile)).toBe(1);
  });

  it('check values: MPE 2 % → limit 0.4 %; MPE 1 % → 0.2 %', () => {
    expect(benchUncertaintyLimitPct(2, profile)).toBe(0.4);
    expect(benchUncertaintyLimitPct(1, profile)).toBe(0.2);
    expect(benchUncertaintyLimitPct(5, profile)).toBe(1);
  });

  it('accepts exactly the limit and refuses anything above it', () => {
    expect(benchUncertaintyOk(0.4, 2, profile)).toBe(true);
    expect(benchUncertaintyOk(0.40001, 2, profile)).toBe(false);
    expect(benchUncertaintyOk(0.2, 1, profile)).toBe(true);
    expect(benchUncertaintyOk(0.25, 1, profile)).toBe(false);
    expect(benchUncertaintyOk(-0.1, 2, profile)).toBe(false);
    expect(() => benchUncertaintyOk(Number.NaN, 2, profile)).toThrow(InvalidInputError);
  });

  it('a bench with no declared uncertainty does not meet the rule', () => {
    expect(judgeBenchUncertainty(undefined, 2, profile)).toEqual({ uRelPct: null, mpePct: 2, limitPct: 0.4, ok: false, reason: 'uncertainty-missing' });
    expect(judgeBenchUncertainty(0.2, 2, profile)).toEqual({ uRelPct: 0.2, mpePct: 2, limitPct: 0.4, ok: true });
    expect(judgeBenchUncertainty(0.3, 1, profile)).toMatchObject({ ok: false, limitPct: 0.2, reason: 'uncertainty-too-large' });
  });

  it('a corrected profile changes the limit without a release', () => {
    const corrected = { ...profile, benchUncertainty: { ...profile.benchUncertainty, value: { mpeDivisor: 3 } } };
    expect(benchUncertaintyOk(0.6, 2, corrected)).toBe(true);
    expect(benchUncertaintyOk(0.6, 2, profile)).toBe(false);
  });
});
