/**
 * The data of a batch's control chart: the mean indication error of each bench run, over
 * time, per bench and flow point. A bench run tests all its mounted meters together, so
 * its mean shows the bench and the line drifting (the pilot's "batch mean near zero",
 * docs/rules.md R-BIAS) — where the per-meter histogram cannot show time.
 *
 * E is computed by the domain's `evaluateRun` on each stored Run with the meter of the
 * batch's meter type (the nameplate, docs/rules.md R-METER), never re-derived here. A run counts if
 * it is valid (flow in band, temperature in class, volume large enough) and was not
 * interrupted; invalid runs are repeated and never count (docs/rules.md R-REPEAT).
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

/** What the chart needs of one valid run: small, so a session's worth is cheap to hold and sort. */
interface ChartedRun {
  key: string;
  sessionId: string;
  serial: string;
  point: TestPoint;
  completedAt: string;
  errorPct: number;
}

/** E of a stored run, or null when it does not count (interrupted, invalid, not evaluable). */
function chartedRun(r: StoredRun, meter: Meter, profile: RegulationProfile): ChartedRun | null {
  if (r.interrupted) return null;
  let e;
  try {
    e = evaluateRun(meter, r.run, profile);
  } catch {
    // A reading that is not physically meaningful has no E; the meter's verdict already says so.
    return null;
  }
  if (!e.valid) return null;
  return { key: benchRunKey(r), sessionId: r.sessionId, serial: r.serial, point: r.point, completedAt: r.completedAt, errorPct: e.errorPct };
}

interface Accumulator {
  benchId: string;
  point: TestPoint;
  sessionId: string;
  at: string;
  sum: number;
  runs: number;
}

/** Groups a batch's charted runs into bench runs and averages their E, session by session. */
class RunMeanAccumulator {
  private readonly groups = new Map<string, Accumulator>();
  /** `<sessionId>/<serial>/<point>` of meters whose first valid run is already counted */
  private readonly counted = new Set<string>();

  constructor(private readonly benchOfSession: ReadonlyMap<string, string>) {}

  /** One session's runs, in any order: they are put in the order they completed (first runs before re-runs). */
  addSession(runs: ChartedRun[]): void {
    runs.sort((a, b) => (a.completedAt < b.completedAt ? -1 : a.completedAt > b.completedAt ? 1 : 0));
    for (const r of runs) {
      const benchId = this.benchOfSession.get(r.sessionId);
      if (benchId === undefined) continue;
      const firstRun = `${r.sessionId}/${r.serial}/${r.point}`;
      if (this.counted.has(firstRun)) continue;
      this.counted.add(firstRun);
      const g = this.groups.get(r.key) ?? { benchId, point: r.point, sessionId: r.sessionId, at: r.completedAt, sum: 0, runs: 0 };
      g.sum += r.errorPct;
      g.runs++;
      if (r.completedAt > g.at) g.at = r.completedAt;
      this.groups.set(r.key, g);
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

/** Runs read per request: a read and its evaluation stay a short task whatever a session's size. */
const RUNS_PER_READ = 2000;

/**
 * The run means of a batch's bench runs, per bench and point. Reads the runs of the
 * batch's sessions by the `sessionId` index in pages of RUNS_PER_READ and keeps only a
 * small record of each valid run of the batch's meters, so however big a session, no
 * single read (and the deserialising that comes with it) is a long main-thread task.
 * Empty when the batch's meter type is not in the reference data (E needs the nameplate).
 */
export async function controlChartData(
  db: ErjianDb,
  summary: BatchSummary,
  profile: RegulationProfile,
  options: { runsPerRead?: number } = {},
): Promise<ControlSeries[]> {
  const perRead = options.runsPerRead ?? RUNS_PER_READ;
  if (!summary.meterType || summary.sessions.length === 0) return [];
  try {
    const meter = meterOfType(summary.meterType);
    const serials = new Set((await db.meters.where('batchId').equals(summary.batch.id).primaryKeys()) as string[]);
    const means = new RunMeanAccumulator(new Map(summary.sessions.map((s) => [s.id, s.bench.id])));
    for (const s of summary.sessions) {
      const charted: ChartedRun[] = [];
      // One read transaction per session: its pages see one state of a session that may still be running.
      await db.transaction('r', db.runs, async () => {
        for (let offset = 0; ; offset += perRead) {
          const runs = await db.runs.where('sessionId').equals(s.id).offset(offset).limit(perRead).toArray();
          for (const r of runs) {
            if (!serials.has(r.serial)) continue;
            const c = chartedRun(r, meter, profile);
            if (c !== null) charted.push(c);
          }
          if (runs.length < perRead) break;
        }
      });
      means.addSession(charted);
    }
    return means.series();
  } catch (err) {
    throw toStorageError(err);
  }
}
