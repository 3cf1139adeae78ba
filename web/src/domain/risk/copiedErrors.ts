/**
 * Identical or copied errors across meters (docs/risk.md "copied-errors"): two different
 * meters whose counted errors agree at every point to `copiedDecimals` decimals of a per
 * cent. Honest meters' errors are continuous (Va differs from run to run, Vi has three
 * decimals of a litre): two that agree to 0.0001 % at two or three points are one meter's
 * readings written down twice, or errors typed in from another record.
 */
import type { RiskSettings } from './settings.ts';
import { countedRuns, POINT_ORDER } from './results.ts';
import { type RawRef, type RiskBenchRun, type RiskFinding } from './types.ts';

interface MeterVector {
  serial: string;
  sessionId: string;
  deviceId: string;
  errors: Map<string, number>;
  refs: RawRef[];
}

export function detectCopiedErrors(runs: readonly RiskBenchRun[], s: RiskSettings): RiskFinding[] {
  const meters = new Map<string, MeterVector>();
  for (const c of countedRuns(runs)) {
    for (const m of c.meters) {
      const k = `${c.run.deviceId}\u0000${c.run.sessionId}\u0000${m.serial}`;
      const v = meters.get(k) ?? { serial: m.serial, sessionId: c.run.sessionId, deviceId: c.run.deviceId, errors: new Map(), refs: [] as RawRef[] };
      v.errors.set(c.run.point, m.errorPct);
      v.refs.push(m.ref);
      meters.set(k, v);
    }
  }
  const byVector = new Map<string, MeterVector[]>();
  for (const v of meters.values()) {
    if (v.errors.size < s.copiedMinPoints) continue;
    const key = POINT_ORDER.filter((p) => v.errors.has(p))
      .map((p) => `${p}=${v.errors.get(p)!.toFixed(s.copiedDecimals)}`)
      .join(' ');
    const list = byVector.get(key) ?? [];
    list.push(v);
    byVector.set(key, list);
  }
  // One finding per set of sessions the copies span: a PC that copied ten meters is one alert, not ten.
  const bySessions = new Map<string, { sessions: string[]; groups: Array<{ vector: string; list: MeterVector[] }> }>();
  for (const [vector, list] of byVector) {
    if (new Set(list.map((v) => v.serial)).size < 2) continue;
    const sessions = [...new Set(list.map((v) => `${v.deviceId}:${v.sessionId}`))].sort();
    const k = sessions.join(',');
    const g = bySessions.get(k) ?? { sessions, groups: [] };
    g.groups.push({ vector, list });
    bySessions.set(k, g);
  }
  const out: RiskFinding[] = [];
  for (const { sessions, groups } of bySessions.values()) {
    const serials = [...new Set(groups.flatMap((g) => g.list.map((v) => v.serial)))].sort();
    // per device, the span of the cited readings (the raw lines the copies are in)
    const spans = new Map<string, RawRef>();
    for (const ref of groups.flatMap((g) => g.list.flatMap((v) => v.refs))) {
      const sp = spans.get(ref.deviceId);
      if (!sp) spans.set(ref.deviceId, { ...ref });
      else {
        sp.fromSeq = Math.min(sp.fromSeq, ref.fromSeq);
        sp.toSeq = Math.max(sp.toSeq, ref.toSeq);
      }
    }
    out.push({
      kind: 'copied-errors',
      key: `copied-errors:${sessions.slice(0, 6).join(',')}`,
      subject: `meters ${serials.slice(0, 3).join(', ')}${serials.length > 3 ? ' …' : ''}`,
      message: `${serials.length} meters in ${groups.length} group(s) have the same errors at every point: ${groups
        .slice(0, 3)
        .map((g) => `${[...new Set(g.list.map((v) => v.serial))].sort().join(' = ')} (${g.vector} %)`)
        .join('; ')}.`,
      evidence: {
        meters: serials.length,
        sessions: sessions.map((x) => x.slice(x.indexOf(':') + 1)).slice(0, 10),
        decimals: s.copiedDecimals,
        groups: groups.slice(0, 20).map((g) => ({
          serials: [...new Set(g.list.map((v) => v.serial))].sort(),
          errorsPct: Object.fromEntries(POINT_ORDER.filter((p) => g.list[0]!.errors.has(p)).map((p) => [p, Number(g.list[0]!.errors.get(p)!.toFixed(s.copiedDecimals))])),
        })),
      },
      rawRefs: [...spans.values()].slice(0, 6),
    });
  }
  return out;
}
