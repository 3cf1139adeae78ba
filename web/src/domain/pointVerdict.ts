/**
 * The verdict at one flow point from its runs (spec domain.md §3.4): one valid run per
 * point; a failed point may be re-run once [confirm: `reruns.maxRerunsPerPoint`]; invalid
 * runs are repeated and do not count as attempts; every run stays in the record.
 *
 * The sequences of valid runs that decide a point are therefore [pass], [fail, pass]
 * (passed) and [fail], [fail, fail] (failed). Anything else — a re-run after a pass, or
 * more re-runs than allowed — is not a procedure the regulation knows, so the point is
 * not passed and a person must review it (`irregular-runs`): picking the best of many
 * runs would bias the verdict in the maker's favour.
 */
import type { RunEvaluation } from './evaluateRun.ts';
import type { RegulationProfile } from './profile/profileSchema.ts';
import type { TestPoint } from './types.ts';

export type PointReason = 'point-missing' | 'no-valid-run' | 'point-failed' | 'irregular-runs';

export interface PointVerdict {
  point: TestPoint;
  passed: boolean;
  /** indices into the record's runs of every run at this point */
  runIndices: number[];
  /** index of the run that decided the point, when one did */
  decidingRun?: number;
  reason?: PointReason;
}

/** The indication error of a valid run is within its MPE (scope is judged separately). */
function withinMpe(run: RunEvaluation): boolean {
  return run.valid && Math.abs(run.errorPct) <= run.mpePct;
}

export function judgePoint(
  point: TestPoint,
  runIndices: number[],
  runs: readonly RunEvaluation[],
  profile: RegulationProfile,
): PointVerdict {
  if (runIndices.length === 0) return { point, passed: false, runIndices, reason: 'point-missing' };
  const valid = runIndices.filter((i) => runs[i]?.valid === true);
  const last = valid[valid.length - 1];
  if (last === undefined) return { point, passed: false, runIndices, reason: 'no-valid-run' };
  const rule = profile.repeatRule.value;
  const allowed = 1 + (rule.rule === 'rerun-decides' ? rule.maxReruns : 2);
  const firstPass = valid.findIndex((i) => {
    const run = runs[i];
    return run !== undefined && withinMpe(run);
  });
  const irregular = valid.length > allowed || (firstPass !== -1 && firstPass !== valid.length - 1);
  if (irregular) return { point, passed: false, runIndices, reason: 'irregular-runs' };
  if (firstPass === -1) return { point, passed: false, runIndices, decidingRun: last, reason: 'point-failed' };
  return { point, passed: true, runIndices, decidingRun: last };
}
