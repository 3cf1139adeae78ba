/**
 * The results that count for supervision, as in the client's control chart
 * (web/src/store/controlChartData.ts): a meter's first valid run at a point in a session.
 * A re-run is chosen for being off; counting it would show a defect as a shift.
 */
import type { TestPoint } from '../types.ts';
import type { RiskBenchRun, RiskMeterResult } from './types.ts';
import { ms } from './types.ts';

export interface CountedRun {
  run: RiskBenchRun;
  /** the meters whose result counts, each with a finite E and MPE */
  meters: Array<RiskMeterResult & { errorPct: number; mpePct: number }>;
}

function timeOf(r: RiskBenchRun): number {
  const t = ms(r.endedAt ?? r.startedAt ?? '');
  return Number.isFinite(t) ? t : 0;
}

/** Bench runs oldest first (by device end time, then device and first line), with their counted meters. */
export function countedRuns(runs: readonly RiskBenchRun[]): CountedRun[] {
  const sorted = [...runs].sort((a, b) => timeOf(a) - timeOf(b) || (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : a.ref.fromSeq - b.ref.fromSeq));
  const seen = new Set<string>();
  return sorted.map((run) => {
    const meters: CountedRun['meters'] = [];
    for (const m of run.meters) {
      if (m.errorPct === null || m.mpePct === null || !Number.isFinite(m.errorPct)) continue;
      const key = `${run.deviceId}\u0000${run.sessionId}\u0000${m.serial}\u0000${run.point}`;
      if (seen.has(key)) continue;
      seen.add(key);
      meters.push({ ...m, errorPct: m.errorPct, mpePct: m.mpePct });
    }
    return { run, meters };
  });
}

export function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** sample standard deviation (n − 1); 0 for fewer than two values */
export function sd(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
}

export const POINT_ORDER: readonly TestPoint[] = ['Q3', 'Q2', 'Q1'];
