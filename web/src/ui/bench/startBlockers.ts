/**
 * What still keeps the bench from starting Q3 → Q2 → Q1 (docs/rules.md R-ITEMS: every item
 * of every meter, a missing one is "not passed"). A flow run with an item unrecorded would
 * store 不合格 for that meter for good; so the start waits until each mounted meter's
 * external and function checks are recorded and its leak / damage is confirmed on a valid
 * tightness test (R-TIGHT) — whatever was recorded, pass or fail.
 */
import type { BenchState } from './benchController.ts';

export type StartBlocker =
  | { code: 'no-meter' }
  | { code: 'checks-missing'; positions: number[] }
  | { code: 'tightness-not-run' }
  | { code: 'tightness-unconfirmed'; positions: number[] };

export type StartBlockerCode = StartBlocker['code'];

export function startBlockers(state: Pick<BenchState, 'positions' | 'tightness'>): StartBlocker[] {
  const mounted = state.positions.filter((p) => p.serial !== null);
  if (mounted.length === 0) return [{ code: 'no-meter' }];
  const out: StartBlocker[] = [];
  const checks = mounted.filter((p) => p.externalOk === null || p.functionOk === null).map((p) => p.pos);
  if (checks.length > 0) out.push({ code: 'checks-missing', positions: checks });
  if (state.tightness?.valid !== true) out.push({ code: 'tightness-not-run' });
  else {
    const unconfirmed = mounted.filter((p) => p.leak === null).map((p) => p.pos);
    if (unconfirmed.length > 0) out.push({ code: 'tightness-unconfirmed', positions: unconfirmed });
  }
  return out;
}

/** Positions as a person reads them: runs of three or more as "1–4", the rest listed. */
export function positionRuns(positions: readonly number[], separator: string): string {
  const sorted = [...new Set(positions)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    if (j - i >= 2) parts.push(`${sorted[i]}–${sorted[j]}`);
    else for (let k = i; k <= j; k++) parts.push(String(sorted[k]));
    i = j + 1;
  }
  return parts.join(separator);
}
