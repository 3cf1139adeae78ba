/**
 * Va inconsistent with flow × duration (docs/risk.md "volume-inconsistent"): a bench run's
 * reference volume must be what its mean flow delivers in its duration (`RE lph=` × `dur=`).
 * An honest run agrees to about 2 % (the bench's flow meter ±1 %, the start and stop);
 * a volume typed in, or a run cut short and reported whole, does not.
 */
import type { RiskSettings } from './settings.ts';
import { capRefs, r4, type RawRef, type RiskBenchRun, type RiskFinding } from './types.ts';

export function detectVolumeInconsistency(runs: readonly RiskBenchRun[], s: RiskSettings): RiskFinding[] {
  const sessions = new Map<string, { deviceId: string; sessionId: string; benchId: string; bad: Array<Record<string, unknown>>; refs: RawRef[]; worst: number }>();
  for (const r of runs) {
    if (r.flowLph === null || r.durationS === null || r.referenceL === null) continue;
    if (!(r.flowLph > 0 && r.durationS > 0 && r.referenceL > 0)) continue;
    const expectedL = (r.flowLph * r.durationS) / 3600;
    const rel = (r.referenceL - expectedL) / expectedL;
    if (Math.abs(rel) <= s.volumeTolerance) continue;
    const k = `${r.deviceId}\u0000${r.sessionId}`;
    const g = sessions.get(k) ?? { deviceId: r.deviceId, sessionId: r.sessionId, benchId: r.benchId, bad: [], refs: [], worst: 0 };
    g.bad.push({ runId: r.runId, point: r.point, flowLph: r.flowLph, durationS: r.durationS, expectedL: r4(expectedL), referenceL: r4(r.referenceL), differencePct: r4(rel * 100) });
    g.refs.push(r.ref);
    if (Math.abs(rel) > Math.abs(g.worst)) g.worst = rel;
    sessions.set(k, g);
  }
  return [...sessions.values()].map((g) => ({
    kind: 'volume-inconsistent' as const,
    key: `volume-inconsistent:${g.deviceId}:${g.sessionId}`,
    subject: `session ${g.sessionId}`,
    message: `Session ${g.sessionId} on bench ${g.benchId}: ${g.bad.length} run(s) whose reference volume differs from flow × duration by up to ${r4(g.worst * 100)} % (allowed ±${s.volumeTolerance * 100} %).`,
    evidence: { sessionId: g.sessionId, benchId: g.benchId, tolerancePct: s.volumeTolerance * 100, worstPct: r4(g.worst * 100), runs: g.bad.slice(0, 10) },
    rawRefs: capRefs(g.refs),
  }));
}
