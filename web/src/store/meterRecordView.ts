/**
 * One meter's full record, as the verifier reviews it and the legal metrology institute
 * audits it: every verification of the meter (the current one and those it superseded,
 * with the reasons — docs/rules.md R-RECORD: "corrections are new records that reference
 * the old one"), the runs the bench reported, the sessions with the bench's identity, and the raw
 * lines the record cites, read a page at a time (a session's range can hold thousands).
 *
 * `checkRecordIntegrity` (recordIntegrity.ts, re-exported here) answers "can this record be
 * trusted?" for ONE record; `verifyIntegrity` (integrity.ts) does the whole device chain.
 */
import { TEST_POINTS, type Run } from '../domain/index.ts';
import { canonicalJson } from './chain.ts';
import type { ErjianDb } from './db.ts';
import { toStorageError } from './errors.ts';
import { verificationHistory } from './latestVerifications.ts';
import type { RawLineRange, SessionRecord, StoredRun, VerificationRecord } from './recordTypes.ts';
import type { Batch, MeterType } from './referenceTypes.ts';
import type { RawLineRecord } from './types.ts';

export interface RawLinesPage {
  range: RawLineRange;
  /** index of the first line of the page within the range (0-based) */
  offset: number;
  lines: RawLineRecord[];
  /** lines the range names (toSeq − fromSeq + 1); fewer may be stored if lines are missing */
  total: number;
}

export interface SupersededRecord {
  record: VerificationRecord;
  /** the record that replaced it; its `reason` says why */
  replacedBy: VerificationRecord;
}

export interface MeterRecordView {
  serial: string;
  /** the meter's verification in force: the newest that no other record supersedes */
  current: VerificationRecord;
  /** the records it replaced, newest first */
  superseded: SupersededRecord[];
  /** every stored run of the meter, in the order the bench completed them */
  runs: StoredRun[];
  /** the session of each of the meter's records, with the bench identity */
  sessions: SessionRecord[];
  batch: Batch | null;
  meterType: MeterType | null;
  /** the first page of each raw-line range the current record cites */
  rawLines: RawLinesPage[];
}

export const DEFAULT_PAGE_SIZE = 200;

/** The stored lines of a range, `limit` of them from `offset` (ranges are contiguous seq numbers). */
export async function rawLinesPage(db: ErjianDb, range: RawLineRange, offset = 0, limit = DEFAULT_PAGE_SIZE): Promise<RawLinesPage> {
  const from = range.fromSeq + Math.max(0, offset);
  const to = Math.min(range.toSeq, from + limit - 1);
  try {
    const lines = from > to ? [] : await db.rawLines.where('[deviceId+seq]').between([range.deviceId, from], [range.deviceId, to], true, true).toArray();
    return { range, offset: from - range.fromSeq, lines, total: range.toSeq - range.fromSeq + 1 };
  } catch (err) {
    throw toStorageError(err);
  }
}

/** Completion order; runs stored in one transaction share a time, so then Q3, Q2, Q1 (the usual order). */
function byCompletion(a: StoredRun, b: StoredRun): number {
  if (a.completedAt !== b.completedAt) return a.completedAt < b.completedAt ? -1 : 1;
  return TEST_POINTS.indexOf(a.point) - TEST_POINTS.indexOf(b.point);
}

/** The meter's record, or null when this PC holds no verification of the serial. */
export async function meterRecordView(db: ErjianDb, serial: string, options: { pageSize?: number } = {}): Promise<MeterRecordView | null> {
  const history = await verificationHistory(db, serial);
  if (history.length === 0) return null;
  const byId = new Map(history.map((r) => [r.id, r]));
  const replacedBy = new Map<string, VerificationRecord>();
  for (const r of history) if (r.supersedes !== null) replacedBy.set(r.supersedes, r);
  // History is oldest first: the newest record nobody replaced is in force.
  const current = [...history].reverse().find((r) => !replacedBy.has(r.id)) ?? history[history.length - 1]!;
  const superseded: SupersededRecord[] = [];
  for (let r = byId.get(current.supersedes ?? ''); r !== undefined; r = byId.get(r.supersedes ?? '')) {
    superseded.push({ record: r, replacedBy: replacedBy.get(r.id)! });
    if (superseded.length > history.length) break; // a cycle cannot be signed twice, but never loop
  }
  // Records outside the chain (two records superseding nothing, say) are still shown.
  for (const r of [...history].reverse()) {
    if (r !== current && !superseded.some((s) => s.record === r)) superseded.push({ record: r, replacedBy: replacedBy.get(r.id) ?? current });
  }
  try {
    const runs = (await db.runs.where('serial').equals(serial).toArray()).sort(byCompletion);
    const sessionIds = [...new Set(history.map((r) => r.sessionId))];
    const sessions = (await db.sessions.bulkGet(sessionIds)).filter((s): s is SessionRecord => s !== undefined);
    const batch = (await db.batches.get(current.batchId)) ?? null;
    const meterType = batch ? ((await db.meterTypes.get(batch.meterTypeModel)) ?? null) : null;
    const rawLines = await Promise.all(current.rawLines.map((range) => rawLinesPage(db, range, 0, options.pageSize ?? DEFAULT_PAGE_SIZE)));
    return { serial, current, superseded, runs, sessions, batch, meterType, rawLines };
  } catch (err) {
    throw toStorageError(err);
  }
}

/**
 * Which stored run each of the record's runs is, index for index (null: not stored).
 * A run matches when it is the same run field for field (canonical JSON), at the same
 * point, in order; each stored run is used once.
 */
export function matchRuns(recordRuns: readonly Run[], stored: readonly StoredRun[]): Array<StoredRun | null> {
  const used = new Set<StoredRun>();
  return recordRuns.map((run) => {
    const key = canonicalJson(run);
    const hit = stored.find((s) => !used.has(s) && s.point === run.point && canonicalJson(s.run) === key);
    if (hit) used.add(hit);
    return hit ?? null;
  });
}

export {
  checkRecordIntegrity,
  type RecordCheck,
  type RecordCheckStatus,
  type RecordIntegrity,
  type RecordIntegrityOptions,
  type RecordProblem,
  type RecordProblemCode,
  type RunRebuilder,
} from './recordIntegrity.ts';
