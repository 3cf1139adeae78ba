/**
 * The verdict on a meter over every first-verification item (JJG 162-2019 检定项目 and
 * 检定结果的处理; docs/rules.md R-ITEMS): external examination, function, tightness and the
 * indication error at Q3, Q2 and Q1. The meter is 合格 only if every item passes; a
 * missing item is "not passed", with a reason, never assumed.
 *
 * This is conformity to JJG 162 alone. Whether the meter may be issued under the pilot
 * (DN15–DN40) is a separate result (docs/rules.md R-SCOPE): `isInPilotScope`, and the
 * `outside-pilot-scope` block of `canIssue` / `batchIssuance`. It is deliberately not a
 * field here: this verdict is stored in signed records and must recompute unchanged.
 */
import { evaluateRun, type RunEvaluation } from './evaluateRun.ts';
import type { RegulationProfile } from './profile/profileSchema.ts';
import { judgePoint, type PointVerdict } from './pointVerdict.ts';
import { judgeTightness, type TightnessTest } from './tightness.ts';
import { TEST_POINTS, type Meter, type Run, type TestPoint } from './types.ts';

/** One line of an operator checklist (外观 / 功能), recorded item by item. */
export interface ChecklistItem {
  key: string;
  ok: boolean;
  note?: string;
}

export interface Checklist {
  items: readonly ChecklistItem[];
}

/** Everything recorded for one meter. */
export interface MeterRecord {
  meter: Meter;
  externalExamination?: Checklist;
  functionCheck?: Checklist;
  tightness?: TightnessTest;
  /** every flow-test run, valid or not, in the order it was made */
  runs: readonly Run[];
}

export type VerificationItem = 'external-examination' | 'function' | 'tightness' | 'indication-error';

export interface VerdictReason {
  item: VerificationItem;
  /** stable code, e.g. `item-missing`, `checklist-item-failed`, `point-failed` */
  code: string;
  point?: TestPoint;
  /** the checklist key or the tightness figure concerned */
  detail?: string;
}

export interface MeterVerdict {
  /** 合格: every verification item passed (conformity to JJG 162, whatever the pilot's scope) */
  passed: boolean;
  reasons: VerdictReason[];
  points: Record<TestPoint, PointVerdict>;
  /** the evaluation of every run, index for index with `record.runs` */
  runs: RunEvaluation[];
}

function judgeChecklist(item: VerificationItem, list: Checklist | undefined): VerdictReason[] {
  if (list === undefined || list.items.length === 0) return [{ item, code: 'item-missing' }];
  return list.items.filter((i) => !i.ok).map((i) => ({ item, code: 'checklist-item-failed', detail: i.key }));
}

export function meterVerdict(record: MeterRecord, profile: RegulationProfile): MeterVerdict {
  const runs = record.runs.map((run) => evaluateRun(record.meter, run, profile));
  const reasons: VerdictReason[] = [
    ...judgeChecklist('external-examination', record.externalExamination),
    ...judgeChecklist('function', record.functionCheck),
    ...judgeTightness(record.tightness, record.meter, profile).map((r) => ({ item: 'tightness' as const, ...r })),
  ];
  const points = {} as Record<TestPoint, PointVerdict>;
  for (const point of TEST_POINTS) {
    const indices = record.runs.flatMap((run, i) => (run.point === point ? [i] : []));
    const verdict = judgePoint(point, indices, runs, profile);
    points[point] = verdict;
    if (verdict.reason !== undefined) {
      reasons.push({ item: 'indication-error', code: verdict.reason, point });
    }
  }
  return { passed: reasons.length === 0, reasons, points, runs };
}
