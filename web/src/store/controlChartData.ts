/**
 * The data of a batch's control chart: the mean indication error of each bench run, over
 * time, per bench and flow point. A bench run tests all its mounted meters together, so
 * its mean shows the bench and the line drifting (the pilot's "batch mean near zero",
 * domain.md §6) — where the per-meter histogram cannot show time.
 *
 * E is computed by the domain's `evaluateRun` on each stored Run with the meter of the
 * batch's meter type (the nameplate, domain.md §1), never re-derived here. A run counts if
 * it is valid (flow in band, temperature in class, volume large enough) and was not
 * interrupted; invalid runs are repeated and never count (domain.md §3.4).
 *
 * Only a meter's first valid run at a point in a session counts. A re-run tests the meters
 * that failed, so its bench run is a sample chosen for being off: charted, it would show
 * the meters' defects as a jump of the line (a rational subgroup is the process as it
 * runs — Montgomery §5.3.4). The re-runs stay in the meters' records and verdicts.
 */
import { TEST_POINTS, evaluateRun, type Meter, type RegulationProfile, type TestPoint } from '../domain/index.ts';
import type { BatchSummary } from './batchSummary.ts';
import type { ErjianDb } from './db.ts';
import { toStorageError } from './errors.ts';
import type { StoredRun } from './recordTypes.ts';
import { meterOfType } from './referenceData.ts';

export interface RunMean {
  /** the bench run: `<sessionId>/<benchRunId>`, or session + point + completion time for older runs */
  key: string;
  sessionId: string;
  /** when the bench run completed (its last run's completion, ISO instant) */
  at: string;
  /** mean E (%) of the counted runs */
  meanPct: number;
  /** how many runs counted */
  runs: number;
}

export interface ControlSeries {
  benchId: string;
  point: TestPoint;
  /** oldest first */
  means: RunMean[];
}


/** Runs that completed together without a bench run id are taken as one bench run. */
function benchRunKey(run: StoredRun): string {
  return run.benchRunId !== undefined ? `${run.sessionId}/${run.benchRunId}/${run.point}` : `${run.sessionId}/${run.point}/${run.completedAt}`;
}

interface Accumulator {
  benchId: string;
  point: TestPoint;
  sessionId: string;
  at: string;
  sum: number;
  runs: number;
}

/**
 * Groups stored runs into bench runs and averages their E, a batch of runs at a time (so a
 * caller can feed it session by session and never hold every run of a big batch at once).
 */
export class RunMeanAccumulator {
  private readonly groups = new Map<string, Accumulator>();
  /** `<sessionId>/<serial>/<point>` of meters whose first valid run is already counted */
  private readonly counted = new Set<string>();

  constructor(
    private readonly meter: Meter,
    private readonly benchOfSession: ReadonlyMap<string, string>,
    private readonly isInBatch: (serial: string) => boolean,
    private readonly profile: RegulationProfile,
  ) {}

  /** Adds runs; within a session they must come in the order they completed (re-runs after first runs). */
  add(runs: readonly StoredRun[]): void {
    for (const r of runs) {
      if (r.interrupted || !this.isInBatch(r.serial)) continue;
      const benchId = this.benchOfSession.get(r.sessionId);
      if (benchId === undefined) continue;
      let e;
      try {
        e = evaluateRun(this.meter, r.run, this.profile);
      } catch {
        // A reading that is not physically meaningful has no E; the meter's verdict already says so.
        continue;
      }
      if (!e.valid) continue;
      const firstRun = `${r.sessionId}/${r.serial}/${r.point}`;
      if (this.counted.has(firstRun)) continue;
      this.counted.add(firstRun);
      const key = benchRunKey(r);
      const g = this.groups.get(key) ?? { benchId, point: r.point, sessionId: r.sessionId, at: r.completedAt, sum: 0, runs: 0 };
      g.sum += e.errorPct;
      g.runs++;
      if (r.completedAt > g.at) g.at = r.completedAt;
      this.groups.set(key, g);
    }
  }

  /** The series, by bench then Q3, Q2, Q1; each oldest first. */
  series(): ControlSeries[] {
    const series = new Map<string, ControlSeries>();
    for (const [key, g] of this.groups) {
      const id = `${g.benchId}\u0000${g.point}`;
      const s = series.get(id) ?? { benchId: g.benchId, point: g.point, means: [] };
      s.means.push({ key, sessionId: g.sessionId, at: g.at, meanPct: g.sum / g.runs, runs: g.runs });
      series.set(id, s);
    }
    const out = [...series.values()];
    for (const s of out) s.means.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.key < b.key ? -1 : 1));
    return out.sort((a, b) => (a.benchId !== b.benchId ? (a.benchId < b.benchId ? -1 : 1) : TEST_POINTS.indexOf(a.point) - TEST_POINTS.indexOf(b.point)));
  }
}

/**
 * The run means of a batch's bench runs, per bench and point. Reads the runs of the
 * batch's sessions (by the `sessionId` index) one session at a time and keeps those of the
 * batch's meters: each read and its evaluation is a short task, so the page stays
 * responsive while a 10,000-meter batch's 30,000 runs go through.
 * Empty when the batch's meter type is not in the reference data (E needs the nameplate).
 */
export async function controlChartData(db: ErjianDb, summary: BatchSummary, profile: RegulationProfile): Promise<ControlSeries[]> {
  if (!summary.meterType || summary.sessions.length === 0) return [];
  try {
    const serials = new Set((await db.meters.where('batchId').equals(summary.batch.id).primaryKeys()) as string[]);
    const benchOfSession = new Map(summary.sessions.map((s) => [s.id, s.bench.id]));
    const means = new RunMeanAccumulator(meterOfType(summary.meterType), benchOfSession, (serial) => serials.has(serial), profile);
    // Runs are append-only: a read per session (not one transaction) sees every run stored before it.
    for (const s of summary.sessions) {
      const runs = await db.runs.where('sessionId').equals(s.id).toArray();
      // The index hands them back in id order; first runs must come before re-runs.
      means.add(runs.sort((a, b) => (a.completedAt < b.completedAt ? -1 : a.completedAt > b.completedAt ? 1 : 0)));
    }
    return means.series();
  } catch (err) {
    throw toStorageError(err);
  }
}
