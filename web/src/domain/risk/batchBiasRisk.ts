/**
 * Batch bias alarms (docs/risk.md "batch-bias"): the mean E of a batch's meters at each
 * point, judged by the domain's `biasStatus` (docs/rules.md R-BIAS, profile `batchBias`).
 * Only `alarm` raises a finding; `warn` is for the enterprise's own chart.
 */
import { biasStatus } from '../batchBias.ts';
import type { RegulationProfile } from '../profile/profileSchema.ts';
import type { RiskSettings } from './settings.ts';
import { countedRuns, mean } from './results.ts';
import { capRefs, r4, type RawRef, type RiskBenchRun, type RiskFinding } from './types.ts';

export function detectBatchBias(runs: readonly RiskBenchRun[], profile: RegulationProfile, s: RiskSettings): RiskFinding[] {
  const groups = new Map<string, { batchId: string; point: string; errors: number[]; mpes: number[]; refs: RawRef[] }>();
  for (const c of countedRuns(runs)) {
    for (const m of c.meters) {
      if (m.batchId === null) continue;
      const k = `${m.batchId}\u0000${c.run.point}`;
      const g = groups.get(k) ?? { batchId: m.batchId, point: c.run.point, errors: [], mpes: [], refs: [] };
      g.errors.push(m.errorPct);
      g.mpes.push(m.mpePct);
      if (g.refs.at(-1)?.fromSeq !== c.run.ref.fromSeq || g.refs.at(-1)?.deviceId !== c.run.ref.deviceId) g.refs.push(c.run.ref);
      groups.set(k, g);
    }
  }
  const out: RiskFinding[] = [];
  for (const g of groups.values()) {
    if (g.errors.length < s.biasMinMeters) continue;
    // float noise of the sum (30 × 0.8 / 30 = 0.8000000000000002) must not tip a mean over its limit
    const meanPct = Math.round(mean(g.errors) * 1e9) / 1e9;
    // The point's MPE is the smallest the batch's runs there had (one zone per point in practice).
    const mpePct = Math.min(...g.mpes);
    const b = biasStatus(meanPct, mpePct, profile);
    if (b.status !== 'alarm') continue;
    out.push({
      kind: 'batch-bias',
      key: `batch-bias:${g.batchId}:${g.point}`,
      subject: `batch ${g.batchId} ${g.point}`,
      message: `Batch ${g.batchId} at ${g.point}: mean error ${r4(meanPct)} % over ${g.errors.length} meters is ${r4(b.ratio)} × MPE ${mpePct} % (alarm above ${profile.batchBias.value.warnMaxRatio} × MPE).`,
      evidence: { batchId: g.batchId, point: g.point, meters: g.errors.length, meanPct: r4(meanPct), mpePct, ratio: r4(b.ratio), sign: b.sign, alarmRatio: profile.batchBias.value.warnMaxRatio },
      rawRefs: capRefs(g.refs),
    });
  }
  return out;
}
