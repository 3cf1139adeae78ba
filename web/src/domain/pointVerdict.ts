/**
 * The verdict at one flow point from its runs, by the profile's repeat rule
 * (docs/rules.md R-REPEAT; the rule itself is `repeatDecision` in repeatRule.ts, which the
 * bench session asks too). Invalid runs are repeated and do not count as attempts, so
 * only the valid runs are handed to the rule; every run stays in the record and in
 * `runIndices`.
 *
 * The shape is the one stored in signed records, which must recompute unchanged
 * (docs/rules.md R-ITEMS): a point decided by one run names it in `decidingRun`, exactly
 * as before the repeat rule became a setting; only a point decided by three runs together
 * (two-of-three-mean) has `decidingRuns`, and its reported error is their mean
 * (`pointError`).
 */
import type { RunEvaluation } from './evaluateRun.ts';
import type { RegulationProfile } from './profile/profileSchema.ts';
import { repeatDecision, type RepeatReason } from './repeatRule.ts';
import type { TestPoint } from './types.ts';

export type PointReason = 'point-missing' | RepeatReason;

export interface PointVerdict {
  point: TestPoint;
  passed: boolean;
  /** indices into the record's runs of every run at this point */
  runIndices: number[];
  /** index of the run that decided the point, when one run did */
  decidingRun?: number;
  /** indices of the runs that decided the point together (two-of-three-mean after a failure) */
  decidingRuns?: number[];
  reason?: PointReason;
}

/** The indices of the run(s) that decided the point; empty when none did. */
export function decidingRunsOf(p: PointVerdict): number[] {
  if (p.decidingRuns !== undefined) return p.decidingRuns;
  return p.decidingRun === undefined ? [] : [p.decidingRun];
}

export function judgePoint(
  point: TestPoint,
  runIndices: number[],
  runs: readonly RunEvaluation[],
  profile: RegulationProfile,
): PointVerdict {
  if (runIndices.length === 0) return { point, passed: false, runIndices, reason: 'point-missing' };
  const valid = runIndices.filter((i) => runs[i]?.valid === true);
  const decision = repeatDecision(profile.repeatRule.value, valid.map((i) => runs[i]!));
  const deciding = decision.deciding.map((k) => valid[k]!);
  const verdict: PointVerdict = { point, passed: decision.passed, runIndices };
  if (deciding.length === 1) verdict.decidingRun = deciding[0]!;
  else if (deciding.length > 1) verdict.decidingRuns = deciding;
  if (decision.reason !== undefined) verdict.reason = decision.reason;
  return verdict;
}
