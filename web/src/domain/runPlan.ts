/**
 * How a verification session is set up for one meter type (docs/rules.md R-ITEMS,
 * R-VOLUME): the keys of the operator's external and function checklists, and the flow
 * points with their target volumes, in the order they are run; and which of a meter's
 * runs count and which points are still open (docs/rules.md R-REPEAT). One home for
 * these, so the bench screen, the headless runner and a resumed session run the same plan.
 */
import { evaluateRun } from './evaluateRun.ts';
import type { ChecklistItem } from './meterVerdict.ts';
import type { RegulationProfile } from './profile/profileSchema.ts';
import { repeatDecision } from './repeatRule.ts';
import { minimumVolumeL } from './runConditions.ts';
import type { Meter, Run, TestPoint } from './types.ts';

/**
 * 外观 / 标志 items the operator confirms per meter (docs/rules.md R-ITEMS 1). The keys are
 * stored in every record: they are never renamed, only added to.
 */
export const EXTERNAL_CHECKLIST_KEYS = ['markings', 'seals', 'register-legible'] as const;

/** 功能 items the operator confirms per meter (docs/rules.md R-ITEMS 2). */
export const FUNCTION_CHECKLIST_KEYS = ['register-advances'] as const;

export type ChecklistKind = 'external' | 'function';

/** Every item of one checklist with the same answer: "all OK" or "not OK" as the operator ticked it. */
export function checklistOf(kind: ChecklistKind, ok: boolean): ChecklistItem[] {
  const keys = kind === 'external' ? EXTERNAL_CHECKLIST_KEYS : FUNCTION_CHECKLIST_KEYS;
  return keys.map((key) => ({ key, ok }));
}

/** One flow point of the plan: its target reference volume (L). */
export interface PlannedRun {
  point: TestPoint;
  volumeL: number;
}

/**
 * Q3 runs at least this volume (L): at the highest flow a run of the bare minimum lasts a
 * few seconds, too short for the bench's flow to settle and for a stable start–stop reading.
 */
export const Q3_MIN_VOLUME_L = 100;

/**
 * Target volumes are this multiple of the minimum test volume (docs/rules.md R-VOLUME), so
 * the flow's noise never takes Va below the minimum and makes the run invalid.
 */
export const VOLUME_MARGIN = 1.5;

/**
 * Q3 → Q2 → Q1, high to low (JJG 162-2019 usual order; docs/rules.md R-ITEMS 4), each with
 * 1.5 × the minimum test volume, and Q3 at least 100 L.
 */
export function plannedRuns(meter: Pick<Meter, 'accuracyClass' | 'deltaL'>, profile: RegulationProfile): PlannedRun[] {
  const volume = VOLUME_MARGIN * minimumVolumeL(meter.accuracyClass, meter.deltaL, profile);
  return [
    { point: 'Q3', volumeL: Math.max(Q3_MIN_VOLUME_L, volume) },
    { point: 'Q2', volumeL: volume },
    { point: 'Q1', volumeL: volume },
  ];
}

/**
 * Whether the profile's repeat rule wants another run of this meter at `point`, over the
 * runs that counted for it so far (docs/rules.md R-REPEAT): invalid runs are no results,
 * so they never settle a point.
 */
export function wantsRun(meter: Meter, counted: readonly Run[], point: TestPoint, profile: RegulationProfile): boolean {
  const valid = counted.filter((r) => r.point === point).map((r) => evaluateRun(meter, r, profile)).filter((e) => e.valid);
  return repeatDecision(profile.repeatRule.value, valid).runAgain;
}

/**
 * A meter's runs in the order the bench made them, sorted into those that count for it
 * and those that do not: a run counts while the rule still wants one at its point; a run
 * after the meter settled the point was made for the other meters on the bench
 * (docs/bench-protocols.md WMB/1, Repeats) and stays in the record without counting.
 * What a live session decides run by run, this recomputes from the stored runs.
 */
export function countRuns(meter: Meter, runs: readonly Run[], profile: RegulationProfile): { counted: Run[]; notCounted: Run[] } {
  const counted: Run[] = [];
  const notCounted: Run[] = [];
  for (const run of runs) (wantsRun(meter, counted, run.point, profile) ? counted : notCounted).push(run);
  return { counted, notCounted };
}

/** The planned points at which the meter still needs a run, in plan order. */
export function openPoints(meter: Meter, counted: readonly Run[], plan: readonly PlannedRun[], profile: RegulationProfile): TestPoint[] {
  return plan.filter((p) => wantsRun(meter, counted, p.point, profile)).map((p) => p.point);
}
