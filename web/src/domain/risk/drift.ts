/**
 * Drift of a bench (docs/risk.md "drift-ewma", "drift-cusum"): the mean E of each bench run
 * (its counted meters together, as the client's control chart, web/src/store/controlChartData.ts),
 * per bench and point, watched by an EWMA and a two-sided CUSUM against a baseline.
 *
 * Baseline, not a target of 0: a line's meters have a small bias of their own, which is the
 * batch-bias detector's business; drift is the bench *changing*. The first
 * `driftBaselineRuns` run means give the centre μ0 and σ — the larger of (a) the pooled
 * within-run SD / √n (what a run mean varies by when only the meters differ) and (b) the
 * baseline's mean moving range / 1.128 (what it varies by with the bench's own run-to-run
 * noise). Taking the larger keeps false alarms rare when either is underestimated.
 */
import type { TestPoint } from '../types.ts';
import type { RiskSettings } from './settings.ts';
import { countedRuns, mean, POINT_ORDER } from './results.ts';
import { capRefs, r4, type RawRef, type RiskBenchRun, type RiskFinding } from './types.ts';

export interface RunMeanPoint {
  at: string;
  meanPct: number;
  n: number;
  ref: RawRef;
  sessionId: string;
  runId: string;
}

export interface DriftSeries {
  benchId: string;
  point: TestPoint;
  means: RunMeanPoint[];
  /** pooled within-run variance and its degrees of freedom, over the baseline */
  withinVar: number;
}

/** Run means per bench and point, oldest first. */
export function driftSeries(runs: readonly RiskBenchRun[], s: RiskSettings): DriftSeries[] {
  const map = new Map<string, DriftSeries & { ss: number; df: number }>();
  for (const c of countedRuns(runs)) {
    if (c.meters.length === 0) continue;
    const k = `${c.run.benchId}\u0000${c.run.point}`;
    const g = map.get(k) ?? { benchId: c.run.benchId, point: c.run.point, means: [], withinVar: 0, ss: 0, df: 0 };
    const errors = c.meters.map((m) => m.errorPct);
    const m = mean(errors);
    if (g.means.length < s.driftBaselineRuns && errors.length > 1) {
      g.ss += errors.reduce((a, e) => a + (e - m) ** 2, 0);
      g.df += errors.length - 1;
    }
    g.means.push({ at: c.run.endedAt ?? c.run.startedAt ?? '', meanPct: m, n: errors.length, ref: c.run.ref, sessionId: c.run.sessionId, runId: c.run.runId });
    map.set(k, g);
  }
  return [...map.values()]
    .map(({ ss, df, ...g }) => ({ ...g, withinVar: df > 0 ? ss / df : 0 }))
    .sort((a, b) => (a.benchId < b.benchId ? -1 : a.benchId > b.benchId ? 1 : POINT_ORDER.indexOf(a.point) - POINT_ORDER.indexOf(b.point)));
}

/** σ of a run mean below this (%) is taken as this: the reading resolution, so a flat baseline cannot make every wobble an alarm. */
const SIGMA_FLOOR_PCT = 0.01;

export interface Baseline {
  mu0: number;
  sigma: number;
}

export function baselineOf(series: DriftSeries, s: RiskSettings): Baseline | null {
  const base = series.means.slice(0, s.driftBaselineRuns);
  if (base.length < s.driftBaselineRuns || series.means.length <= s.driftBaselineRuns) return null;
  const mu0 = mean(base.map((p) => p.meanPct));
  const nBar = mean(base.map((p) => p.n));
  const within = Math.sqrt(series.withinVar / nBar);
  const mr = mean(base.slice(1).map((p, i) => Math.abs(p.meanPct - base[i]!.meanPct))) / 1.128;
  return { mu0, sigma: Math.max(within, mr, SIGMA_FLOOR_PCT) };
}

/** One watched point of a chart: the statistic and its limit (both in the units the chart draws). */
export interface ChartPoint {
  at: string;
  meanPct: number;
  stat: number;
  limit: number;
}

const CHART_POINTS = 60;

function finding(kind: 'drift-ewma' | 'drift-cusum', series: DriftSeries, base: Baseline, chart: ChartPoint[], first: number, params: Record<string, number>, s: RiskSettings): RiskFinding {
  const watched = series.means.slice(s.driftBaselineRuns);
  const at = watched[first]!;
  const name = kind === 'drift-ewma' ? 'EWMA' : 'CUSUM';
  return {
    kind,
    key: `${kind}:${series.benchId}:${series.point}:${at.ref.deviceId}:${at.sessionId}:${at.runId}`,
    subject: `bench ${series.benchId} ${series.point}`,
    message: `Bench ${series.benchId} at ${series.point}: the ${name} of the run means left its limit at run ${at.runId} (session ${at.sessionId}); baseline ${r4(base.mu0)} % ± ${r4(base.sigma)} %, run mean ${r4(at.meanPct)} %.`,
    evidence: {
      benchId: series.benchId,
      point: series.point,
      baselineMeanPct: r4(base.mu0),
      sigmaPct: r4(base.sigma),
      baselineRuns: s.driftBaselineRuns,
      ...params,
      firstAlarm: { at: at.at, runId: at.runId, sessionId: at.sessionId, meanPct: r4(at.meanPct), stat: chart[first]!.stat, limit: chart[first]!.limit },
      // the chart: the last watched points up to and a little past the first alarm
      chart: chart.slice(Math.max(0, first - CHART_POINTS + 10), first + 10),
    },
    rawRefs: capRefs(watched.slice(first, first + 5).map((p) => p.ref)),
  };
}

export function detectEwma(runs: readonly RiskBenchRun[], s: RiskSettings): RiskFinding[] {
  const out: RiskFinding[] = [];
  const lambda = s.ewmaLambda;
  for (const series of driftSeries(runs, s)) {
    const base = baselineOf(series, s);
    if (base === null) continue;
    let z = base.mu0;
    let first = -1;
    let run = 0;
    const chart: ChartPoint[] = series.means.slice(s.driftBaselineRuns).map((p, i) => {
      z = lambda * p.meanPct + (1 - lambda) * z;
      // the EWMA's own variance plus the baseline mean's (μ0 is estimated from m runs, not known)
      const limit = s.ewmaL * base.sigma * Math.sqrt((lambda / (2 - lambda)) * (1 - (1 - lambda) ** (2 * (i + 1))) + 1 / s.driftBaselineRuns);
      run = Math.abs(z - base.mu0) > limit ? run + 1 : 0;
      if (first < 0 && run >= s.driftPersist) first = i;
      return { at: p.at, meanPct: r4(p.meanPct), stat: r4(z - base.mu0), limit: r4(limit) };
    });
    if (first >= 0) out.push(finding('drift-ewma', series, base, chart, first, { lambda, L: s.ewmaL }, s));
  }
  return out;
}

export function detectCusum(runs: readonly RiskBenchRun[], s: RiskSettings): RiskFinding[] {
  const out: RiskFinding[] = [];
  for (const series of driftSeries(runs, s)) {
    const base = baselineOf(series, s);
    if (base === null) continue;
    let hi = 0;
    let lo = 0;
    let first = -1;
    let run = 0;
    const chart: ChartPoint[] = series.means.slice(s.driftBaselineRuns).map((p, i) => {
      // standardised against the deviation from an estimated μ0: σ·√(1 + 1/m)
      const y = (p.meanPct - base.mu0) / (base.sigma * Math.sqrt(1 + 1 / s.driftBaselineRuns));
      hi = Math.max(0, hi + y - s.cusumK);
      lo = Math.max(0, lo - y - s.cusumK);
      run = hi > s.cusumH || lo > s.cusumH ? run + 1 : 0;
      if (first < 0 && run >= s.driftPersist) first = i;
      // upward drift drawn above the axis, downward below; the limit is ±h
      return { at: p.at, meanPct: r4(p.meanPct), stat: r4(hi >= lo ? hi : -lo), limit: s.cusumH };
    });
    if (first >= 0) out.push(finding('drift-cusum', series, base, chart, first, { k: s.cusumK, h: s.cusumH }, s));
  }
  return out;
}
