/**
 * The error reported for a flow point — on the certificate, in the CSV, in the batch
 * statistics — as the repeat rule decided the point (docs/rules.md R-REPEAT): the deciding
 * run's E and MPE; for a point three runs decided together (two-of-three-mean), their
 * mean E against the smallest of their MPEs (`meanOfRuns`). A point no run decided
 * (irregular runs) reports its last valid run, so the batch statistics still see the
 * meter; a point without a valid run reports nothing. Unrounded: round to report.
 */
import type { RunEvaluation } from './evaluateRun.ts';
import { decidingRunsOf, type PointVerdict } from './pointVerdict.ts';
import { meanOfRuns, type RunResult } from './repeatRule.ts';
import type { TestPoint } from './types.ts';

export interface PointVerdicts {
  points: Partial<Record<TestPoint, PointVerdict>>;
  /** the evaluation of every run, index for index with the record's runs */
  runs: readonly RunEvaluation[];
}

export function pointError(verdict: PointVerdicts, point: TestPoint): RunResult | null {
  const p = verdict.points[point];
  if (p === undefined) return null;
  const validAt = (i: number) => {
    const run = verdict.runs[i];
    return run?.valid === true ? run : undefined;
  };
  let deciding = decidingRunsOf(p);
  if (deciding.length === 0) deciding = p.runIndices.filter((i) => validAt(i) !== undefined).slice(-1);
  const runs = deciding.flatMap((i) => validAt(i) ?? []);
  if (runs.length === 0 || runs.length !== deciding.length) return null;
  if (runs.length === 1) return { errorPct: runs[0]!.errorPct, mpePct: runs[0]!.mpePct };
  return meanOfRuns(runs);
}
