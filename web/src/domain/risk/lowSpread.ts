/**
 * Implausibly low spread (docs/risk.md "low-spread"): meters made on one line differ; at a
 * point their errors spread by roughly 0.15–0.4 × MPE, and even perfect meters would show
 * the register's resolution. A session whose errors, pooled over its points as fractions of
 * the MPE, spread by less than `spreadMinRatio` was not measured but written.
 */
import type { RiskSettings } from './settings.ts';
import { countedRuns, sd } from './results.ts';
import { capRefs, r4, type RawRef, type RiskBenchRun, type RiskFinding } from './types.ts';

export function detectLowSpread(runs: readonly RiskBenchRun[], s: RiskSettings): RiskFinding[] {
  const sessions = new Map<string, { deviceId: string; sessionId: string; benchId: string; byPoint: Map<string, { errors: number[]; mpe: number }>; refs: RawRef[] }>();
  for (const c of countedRuns(runs)) {
    const k = `${c.run.deviceId}\u0000${c.run.sessionId}`;
    const g = sessions.get(k) ?? { deviceId: c.run.deviceId, sessionId: c.run.sessionId, benchId: c.run.benchId, byPoint: new Map(), refs: [] as RawRef[] };
    for (const m of c.meters) {
      const p = g.byPoint.get(c.run.point) ?? { errors: [], mpe: m.mpePct };
      p.errors.push(m.errorPct);
      p.mpe = Math.min(p.mpe, m.mpePct);
      g.byPoint.set(c.run.point, p);
    }
    g.refs.push(c.run.ref);
    sessions.set(k, g);
  }
  const out: RiskFinding[] = [];
  for (const g of sessions.values()) {
    let ss = 0;
    let df = 0;
    const perPoint: Record<string, { meters: number; sdPct: number; mpePct: number }> = {};
    for (const [point, p] of g.byPoint) {
      if (p.errors.length < s.spreadMinMeters) continue;
      const sdPct = sd(p.errors);
      ss += (p.errors.length - 1) * (sdPct / p.mpe) ** 2;
      df += p.errors.length - 1;
      perPoint[point] = { meters: p.errors.length, sdPct: r4(sdPct), mpePct: p.mpe };
    }
    if (df === 0) continue;
    const ratio = Math.sqrt(ss / df);
    if (ratio >= s.spreadMinRatio) continue;
    out.push({
      kind: 'low-spread',
      key: `low-spread:${g.deviceId}:${g.sessionId}`,
      subject: `session ${g.sessionId}`,
      message: `Session ${g.sessionId} on bench ${g.benchId}: the errors spread by ${r4(ratio)} × MPE, below the plausible ${s.spreadMinRatio} × MPE.`,
      evidence: { sessionId: g.sessionId, benchId: g.benchId, spreadRatio: r4(ratio), minRatio: s.spreadMinRatio, points: perPoint },
      rawRefs: capRefs(g.refs),
    });
  }
  return out;
}
