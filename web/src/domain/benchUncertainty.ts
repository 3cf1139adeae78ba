/**
 * The verification bench's expanded uncertainty against the meter's MPE (JJG 162-2019
 * 检定条件 · 检定装置; docs/rules.md R-UNCERT: "the bench's expanded uncertainty must be ≤ 1/5
 * of the meter's MPE (first verification); show it on the certificate").
 *
 * The bench declares one relative expanded uncertainty of Va for all flows (WMB/1
 * `u_rel=`), so it is judged against the smallest first-verification MPE among the
 * meter's test points: for a class 2 meter the upper zone's 2 % (Q3, Q2), giving 0.4 %;
 * for class 1, 1 % → 0.2 %. The "> 30 °C" column does not count: a T30 meter is never
 * verified with hotter water (docs/rules.md R-TEMP).
 */
import { requireFinite } from './numeric.ts';
import type { RegulationProfile } from './profile/profileSchema.ts';
import type { AccuracyClass } from './types.ts';

/** The smallest first-verification MPE (%) at the meter's test points Q1, Q2, Q3 (cold water). */
export function smallestMpePct(accuracyClass: AccuracyClass, profile: RegulationProfile): number {
  const row = accuracyClass === 1 ? profile.mpe.value.class1 : profile.mpe.value.class2;
  return Math.min(row.lower, row.upper);
}

/** The largest bench expanded uncertainty (%) allowed for an MPE (%): MPE / 5. */
export function benchUncertaintyLimitPct(mpePct: number, profile: RegulationProfile): number {
  requireFinite('mpePct', mpePct);
  return mpePct / profile.benchUncertainty.value.mpeDivisor;
}

/** u_rel ≤ MPE / 5, compared unrounded (a u_rel of exactly the limit passes). */
export function benchUncertaintyOk(uRelPct: number, mpePct: number, profile: RegulationProfile): boolean {
  requireFinite('uRelPct', uRelPct);
  return uRelPct >= 0 && uRelPct <= benchUncertaintyLimitPct(mpePct, profile);
}

export type BenchUncertaintyReason = 'uncertainty-missing' | 'uncertainty-too-large';

export interface BenchUncertaintyJudgement {
  /** the bench's declared expanded uncertainty (%), null when it declared none */
  uRelPct: number | null;
  /** the smallest MPE of the meter's points (%) */
  mpePct: number;
  /** MPE / 5 (%) */
  limitPct: number;
  ok: boolean;
  reason?: BenchUncertaintyReason;
}

/**
 * The judgement printed on the certificate for one bench and one meter type. A bench
 * that declared no uncertainty cannot be shown to meet the rule, so it does not.
 */
export function judgeBenchUncertainty(
  uRelPct: number | null | undefined,
  accuracyClass: AccuracyClass,
  profile: RegulationProfile,
): BenchUncertaintyJudgement {
  const mpePct = smallestMpePct(accuracyClass, profile);
  const limitPct = benchUncertaintyLimitPct(mpePct, profile);
  if (uRelPct === null || uRelPct === undefined || !Number.isFinite(uRelPct)) {
    return { uRelPct: null, mpePct, limitPct, ok: false, reason: 'uncertainty-missing' };
  }
  const ok = benchUncertaintyOk(uRelPct, mpePct, profile);
  return ok ? { uRelPct, mpePct, limitPct, ok } : { uRelPct, mpePct, limitPct, ok, reason: 'uncertainty-too-large' };
}
