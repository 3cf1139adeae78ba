/**
 * A verification rate beyond what the bench can physically run (docs/risk.md
 * "rate-implausible"). A run at a point cannot be shorter than the point's minimum volume
 * (profile `minimumVolumeFactor` × δ, docs/rules.md R-VOLUME) at the flow the bench
 * reported; a session's runs follow each other on one bench, so the session lasts at least
 * their sum; a run's `RS` → `RE` lines are at least its `dur` apart; and one bench runs one
 * session at a time. A session that claims more meters per hour than that was not run.
 */
import type { RiskSettings } from './settings.ts';
import { capRefs, ms, r4, type RawRef, type RiskBenchRun, type RiskFinding, type RiskSession } from './types.ts';

interface SessionRuns {
  deviceId: string;
  sessionId: string;
  benchId: string;
  runs: RiskBenchRun[];
}

export function detectRate(runs: readonly RiskBenchRun[], sessions: readonly RiskSession[], s: RiskSettings): RiskFinding[] {
  const bySession = new Map<string, SessionRuns>();
  for (const r of runs) {
    const k = `${r.deviceId}\u0000${r.sessionId}`;
    const g = bySession.get(k) ?? { deviceId: r.deviceId, sessionId: r.sessionId, benchId: r.benchId, runs: [] };
    g.runs.push(r);
    bySession.set(k, g);
  }
  const positions = new Map(sessions.map((x) => [`${x.deviceId}\u0000${x.sessionId}`, x.positions]));
  const out: RiskFinding[] = [];
  const spans: Array<{ g: SessionRuns; start: number; end: number; startAt: string; endAt: string; ref: RawRef }> = [];
  for (const [k, g] of bySession) {
    const timed = g.runs.filter((r) => Number.isFinite(ms(r.startedAt ?? '')) && Number.isFinite(ms(r.endedAt ?? '')));
    if (timed.length === 0) continue;
    timed.sort((a, b) => ms(a.startedAt!) - ms(b.startedAt!));
    const start = ms(timed[0]!.startedAt!);
    const end = Math.max(...timed.map((r) => ms(r.endedAt!)));
    const allRefs = capRefs(timed.map((r) => r.ref), 1000);
    spans.push({ g, start, end, startAt: timed[0]!.startedAt!, endAt: new Date(end).toISOString(), ref: { deviceId: g.deviceId, fromSeq: Math.min(...allRefs.map((r) => r.fromSeq)), toSeq: Math.max(...allRefs.map((r) => r.toSeq)) } });
    let neededS = 0;
    const short: Array<Record<string, unknown>> = [];
    const shortRefs: RawRef[] = [];
    for (const r of timed) {
      if (r.minimumVolumeL !== null && r.flowLph !== null && r.flowLph > 0) neededS += (r.minimumVolumeL / r.flowLph) * 3600;
      const took = (ms(r.endedAt!) - ms(r.startedAt!)) / 1000;
      if (r.durationS !== null && took < r.durationS - s.runTimeSlackS) {
        short.push({ runId: r.runId, point: r.point, durationS: r.durationS, linesApartS: r4(took) });
        shortRefs.push(r.ref);
      }
    }
    const elapsedS = (end - start) / 1000;
    const tooFast = neededS > 0 && elapsedS < neededS * (1 - s.rateSlack);
    if (!tooFast && short.length === 0) continue;
    const meters = new Set(g.runs.flatMap((r) => r.meters.map((m) => m.serial))).size;
    const perHour = elapsedS > 0 ? (meters * 3600) / elapsedS : null;
    const capacity = neededS > 0 ? ((positions.get(k) ?? meters) * 3600) / neededS : null;
    out.push({
      kind: 'rate-implausible',
      key: `rate-implausible:${g.deviceId}:${g.sessionId}`,
      subject: `session ${g.sessionId}`,
      message: tooFast
        ? `Session ${g.sessionId} on bench ${g.benchId}: ${meters} meters in ${r4(elapsedS)} s, but its runs need at least ${r4(neededS)} s at the reported flows (${perHour === null ? '∞' : r4(perHour)} meters/h against at most ${capacity === null ? '?' : r4(capacity)}).`
        : `Session ${g.sessionId} on bench ${g.benchId}: ${short.length} run(s) ended sooner after they started than the duration the bench reported.`,
      evidence: { sessionId: g.sessionId, benchId: g.benchId, meters, elapsedS: r4(elapsedS), neededS: r4(neededS), metersPerHour: perHour === null ? null : r4(perHour), capacityPerHour: capacity === null ? null : r4(capacity), shortRuns: short.slice(0, 10) },
      rawRefs: tooFast ? capRefs(timed.map((r) => r.ref)) : capRefs(shortRefs),
    });
  }
  // One bench, one session at a time.
  const byBench = new Map<string, typeof spans>();
  for (const sp of spans) byBench.set(sp.g.benchId, [...(byBench.get(sp.g.benchId) ?? []), sp]);
  for (const [benchId, list] of byBench) {
    list.sort((a, b) => a.start - b.start);
    for (let i = 1; i < list.length; i++) {
      const a = list[i - 1]!;
      const b = list[i]!;
      if (b.start >= a.end) continue;
      out.push({
        kind: 'rate-implausible',
        key: `rate-implausible:overlap:${benchId}:${a.g.sessionId}:${b.g.sessionId}`,
        subject: `bench ${benchId}`,
        message: `Bench ${benchId}: session ${b.g.sessionId} ran from ${b.startAt} while session ${a.g.sessionId} was still running until ${a.endAt}.`,
        evidence: { benchId, first: { sessionId: a.g.sessionId, deviceId: a.g.deviceId, from: a.startAt, until: a.endAt }, second: { sessionId: b.g.sessionId, deviceId: b.g.deviceId, from: b.startAt }, overlapS: r4((a.end - b.start) / 1000) },
        rawRefs: [a.ref, b.ref],
      });
    }
  }
  return out;
}
