/**
 * The rows of the meter record's run table: every run of the record (counted) and every
 * other run the bench stored for the meter in that session (not counted: the meter had
 * already settled the point and ran along with the other positions). Each figure is
 * recomputed here by the domain from the run and the record's profile — never read back
 * from the stored verdict (docs/architecture.md invariant: derived data recomputes).
 */
import {
  TEST_POINTS,
  decidingRunsOf,
  evaluateRun,
  meterVerdict,
  type MeterVerdict,
  type RegulationProfile,
  type Run,
  type RunEvaluation,
  type TestPoint,
} from '../../domain/index.ts';
import { matchRuns } from '../../store/meterRecordView.ts';
import type { StoredRun, VerificationRecord } from '../../store/recordTypes.ts';

export interface RunRow {
  point: TestPoint;
  run: Run;
  evaluation: RunEvaluation;
  /** the run is in the signed record, so the verdict counts it */
  counted: boolean;
  /** a run that decided its point: the one deciding run, or each of three decided together (docs/rules.md R-REPEAT) */
  deciding: boolean;
  /** index in the record's runs, when counted */
  recordIndex: number | null;
  stored: StoredRun | null;
}

export interface RunTable {
  /** the verdict recomputed from the record with its profile */
  verdict: MeterVerdict;
  rows: Record<TestPoint, RunRow[]>;
}

/** The table for `record`, or null when the record's profile is not known to this build. */
export function runTable(record: VerificationRecord, stored: readonly StoredRun[], profile: RegulationProfile | null): RunTable | null {
  if (profile === null) return null;
  const verdict = meterVerdict(record.record, profile);
  const ofSession = stored.filter((s) => s.sessionId === record.sessionId);
  const matched = matchRuns(record.record.runs, ofSession);
  const recordIndexOf = new Map<StoredRun, number>();
  matched.forEach((s, i) => s && recordIndexOf.set(s, i));
  const counted = (i: number): RunRow => {
    const run = record.record.runs[i]!;
    return { point: run.point, run, evaluation: verdict.runs[i]!, counted: true, deciding: decidingRunsOf(verdict.points[run.point]).includes(i), recordIndex: i, stored: matched[i] ?? null };
  };
  const rows = {} as Record<TestPoint, RunRow[]>;
  for (const point of TEST_POINTS) {
    // In the order the bench completed them; record runs the bench did not store (older
    // records) follow in the record's order.
    const fromBench = ofSession
      .filter((s) => s.point === point)
      .map((s): RunRow => {
        const i = recordIndexOf.get(s);
        if (i !== undefined) return counted(i);
        return { point, run: s.run, evaluation: evaluateRun(record.record.meter, s.run, profile), counted: false, deciding: false, recordIndex: null, stored: s };
      })
      // Runs stored in one transaction share a time: then the record's order decides.
      .sort((a, b) => (a.stored!.completedAt < b.stored!.completedAt ? -1 : a.stored!.completedAt > b.stored!.completedAt ? 1 : (a.recordIndex ?? Infinity) - (b.recordIndex ?? Infinity)));
    const notStored = record.record.runs.flatMap((run, i) => (run.point === point && matched[i] === null ? [counted(i)] : []));
    rows[point] = [...fromBench, ...notStored];
  }
  return { verdict, rows };
}
