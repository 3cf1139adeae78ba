/**
 * Recomputing a verification record from what it was made of (docs/records.md "Per-meter
 * check", steps 4 and 5; docs/architecture.md invariant: everything derived recomputes to
 * the same answer): its verdict and 有效期 with the named profile, and its runs against the
 * runs rebuilt from the raw lines, counted as the session counts them. Pure, no storage: the
 * PC's per-meter check (recordIntegrity.ts) and the sync server's re-verification
 * (sync-server/src/sync/reverify.ts) both call it.
 *
 * Two ways to compare a verdict. `exact`: the whole verdict as JSON, unrounded — what one
 * engine must reproduce. `printed`: pass/fail, every reason, every point's decision, and
 * each run's figures as a person reads them (E rounded half-even to the 2 decimals the
 * record prints) — what must agree between engines, so that a last-digit difference of
 * `Math.exp` between JavaScript engines cannot refuse an honest record (issue 12).
 */
import { countRuns, meterVerdict, roundHalfEven, validUntil, type MeterVerdict, type RegulationProfile, type Run } from '../domain/index.ts';
import { canonicalJson } from './chain.ts';
import type { VerificationRecord } from './recordTypes.ts';

export type RecomputedVerdict =
  | { ok: true; verdict: MeterVerdict; validUntil: string | null }
  /** the rules cannot evaluate the record (a reading out of its physical range) */
  | { ok: false; error: string };

export function recomputeVerdict(record: Pick<VerificationRecord, 'record' | 'verificationDate'>, profile: RegulationProfile): RecomputedVerdict {
  let verdict: MeterVerdict;
  try {
    verdict = meterVerdict(record.record, profile);
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  return { ok: true, verdict, validUntil: verdict.passed ? validUntil(record.verificationDate, record.record.meter, profile) : null };
}

/** The verdict as printed: decisions exact, figures rounded as a person reads them. */
export function printedVerdict(v: MeterVerdict): string {
  return canonicalJson({
    passed: v.passed,
    reasons: v.reasons,
    points: v.points,
    runs: v.runs.map((r) => ({ errorPct: roundHalfEven(r.errorPct, 2), mpePct: r.mpePct, zone: r.zone, valid: r.valid, pass: r.pass, reasons: r.reasons })),
  });
}

export interface VerdictComparison {
  /** pass/fail, reasons, decisions and printed figures agree */
  printedEqual: boolean;
  /** the whole verdict agrees to the last bit */
  exactEqual: boolean;
}

export function compareVerdicts(recomputed: MeterVerdict, claimed: MeterVerdict): VerdictComparison {
  const exactEqual = canonicalJson(recomputed) === canonicalJson(claimed);
  return { exactEqual, printedEqual: exactEqual || printedVerdict(recomputed) === printedVerdict(claimed) };
}

export type RunsDifference =
  | { kind: 'missing-from-record'; runIndex: number; raw: Run }
  | { kind: 'not-in-raw-lines'; runIndex: number; mine: Run }
  | { kind: 'differs'; runIndex: number; mine: Run; raw: Run };

/** The record's runs, run for run, against the counted runs the raw text gives (null: they agree). */
export function compareRuns(record: Pick<VerificationRecord, 'record'>, rebuilt: readonly Run[], profile: RegulationProfile): RunsDifference | null {
  const counted = countRuns(record.record.meter, rebuilt, profile).counted;
  const runs = record.record.runs;
  for (let i = 0; i < Math.max(runs.length, counted.length); i++) {
    const mine = runs[i];
    const raw = counted[i];
    if (mine === undefined) return { kind: 'missing-from-record', runIndex: i, raw: raw! };
    if (raw === undefined) return { kind: 'not-in-raw-lines', runIndex: i, mine };
    if (canonicalJson(mine) !== canonicalJson(raw)) return { kind: 'differs', runIndex: i, mine, raw };
  }
  return null;
}
