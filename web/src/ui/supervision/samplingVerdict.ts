/**
 * The verdict on a sampled meter (docs/sampling.md "Results"): the indication error at
 * Q3, Q2 and Q1 judged by the domain's `meterVerdict` — the same rules as the benches
 * (docs/rules.md R-ITEMS) — restricted to the item the institute records here. External
 * examination, function and tightness are not recorded by this screen (an open question
 * in docs/sampling.md), so their "item-missing" reasons are left out, never counted as passed
 * by assumption elsewhere: the stored verdict says `scope: 'indication-error'`.
 *
 * Pure: the bench PC's browser shows it live while the institute types, the server stores
 * it; both call this one function.
 */
import { meterVerdict, type MeterVerdict } from '../../domain/meterVerdict.ts';
import type { RegulationProfile } from '../../domain/profile/profileSchema.ts';
import type { Meter, Run } from '../../domain/types.ts';

export interface SamplingVerdict {
  scope: 'indication-error';
  /** every point Q3, Q2, Q1 passed */
  passed: boolean;
  reasons: MeterVerdict['reasons'];
  points: MeterVerdict['points'];
  runs: MeterVerdict['runs'];
}

export function samplingVerdict(meter: Meter, runs: readonly Run[], profile: RegulationProfile): SamplingVerdict {
  const v = meterVerdict({ meter, runs }, profile);
  const reasons = v.reasons.filter((r) => r.item === 'indication-error');
  return { scope: 'indication-error', passed: reasons.length === 0, reasons, points: v.points, runs: v.runs };
}
