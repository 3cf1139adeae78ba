/**
 * A batch at a glance (docs/rules.md R-BIAS, batch bias commitment): the statistics of the
 * indication errors at Q3, Q2 and Q1, each with the batch-bias status of its mean —
 * ok / warn / alarm from the regulation profile's thresholds, and the sign (a positive
 * mean means the meters over-read, against consumers). The rule itself is the domain's
 * `biasStatus`; this module only feeds it.
 */
import { biasStatus, mpeFor, type AccuracyClass, type BatchBias, type FlowZone, type RegulationProfile, type TestPoint } from '../domain/index.ts';
import { StatisticsError } from './errors.ts';
import type { ColumnStatistics, EngineName, StatisticsEngine } from './types.ts';

/** The errors (%) of one batch, one value per meter, per flow point. */
export type BatchColumns = Record<TestPoint, Float64Array>;

export interface BatchRequest {
  columns: BatchColumns;
  profile: RegulationProfile;
  /** accuracy class of the batch's meters (household meters: 2) */
  accuracyClass: AccuracyClass;
  /** MPE (%) per point when the caller knows better than the nominal zone (see mpeOfPoint) */
  mpePct?: Partial<Record<TestPoint, number>>;
  /** histogram bin width in % (default 0.1) over ±2·MPE of each point */
  binWidthPct?: number;
}

export interface PointStatistics {
  point: TestPoint;
  /** the MPE (%) the figures were judged against */
  mpePct: number;
  statistics: ColumnStatistics;
  /** null for an empty column (no mean to judge) */
  bias: BatchBias | null;
}

export interface BatchStatistics {
  /** which engine computed the figures */
  engine: EngineName;
  /** why the JS engine ran instead of the WASM kernel, if it did */
  engineNote?: string;
  points: Record<TestPoint, PointStatistics>;
}

export const DEFAULT_BIN_WIDTH_PCT = 0.1;

/**
 * The zone of each nominal test point (JJG 162-2019; docs/rules.md R-MPE: lower zone
 * Q1 ≤ Q < Q2, upper zone Q2 ≤ Q ≤ Q4). A batch figure is judged against its point's
 * MPE; each run's own verdict uses the zone of its actual flow (domain `flowZone`).
 */
const NOMINAL_ZONE: Record<TestPoint, FlowZone> = { Q3: 'upper', Q2: 'upper', Q1: 'lower' };

/**
 * The MPE of a test point for the batch: the first-verification MPE of its zone for
 * water within the temperature class (a valid run's water is within it, docs/rules.md R-TEMP).
 */
export function mpeOfPoint(point: TestPoint, request: Pick<BatchRequest, 'profile' | 'accuracyClass' | 'mpePct'>): number {
  const given = request.mpePct?.[point];
  if (given !== undefined) return given;
  return mpeFor(request.accuracyClass, NOMINAL_ZONE[point], request.profile.temperatureClass.value.maxC, request.profile);
}

export function describeBatch(engine: StatisticsEngine, request: BatchRequest, engineNote?: string): BatchStatistics {
  const width = request.binWidthPct ?? DEFAULT_BIN_WIDTH_PCT;
  const describePoint = (point: TestPoint): PointStatistics => {
    const mpePct = mpeOfPoint(point, request);
    let statistics: ColumnStatistics;
    try {
      statistics = engine.describe(request.columns[point], { mpe: mpePct, histogram: { width, lo: -2 * mpePct, hi: 2 * mpePct } });
    } catch (err) {
      throw err instanceof StatisticsError ? err.atPoint(point) : err;
    }
    const bias = statistics.mean === null ? null : biasStatus(statistics.mean, mpePct, request.profile);
    return { point, mpePct, statistics, bias };
  };
  const result: BatchStatistics = { engine: engine.name, points: { Q3: describePoint('Q3'), Q2: describePoint('Q2'), Q1: describePoint('Q1') } };
  if (engineNote !== undefined) result.engineNote = engineNote;
  return result;
}
