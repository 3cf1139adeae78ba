/**
 * A batch at a glance for the verifier (核验员): how many meters, how many verified, passed
 * and failed, the pass rate, when it was worked on, on which benches and in how many
 * sessions — for one batch and for every batch on this PC.
 *
 * It must stay fast for batches of 10,000+ meters, so it never materialises the
 * verification records: the counts come from the batch error columns (readBatchColumns:
 * a few large chunks, one row per meter's current record; docs/rules.md R-RECORD), the meters from an
 * index count, the batch's sessions from the verifications' [batchId+sessionId] index
 * (a unique-key cursor: one step per session, not per record) and its first and last
 * verification date from [batchId+verificationDate] (schema v3). Nothing here reads the
 * rest of the PC's history, so the batch list stays fast however long that grows.
 */
import Dexie from 'dexie';
import type { IsoDate } from '../domain/index.ts';
import type { BatchColumns } from './columnTypes.ts';
import type { ErjianDb } from './db.ts';
import { readBatchColumns } from './readBatchColumns.ts';
import { toStorageError } from './errors.ts';
import type { SessionRecord } from './recordTypes.ts';
import type { Batch, MeterType } from './referenceTypes.ts';

export interface BatchSummary {
  batch: Batch;
  /** the batch's meter type, when the reference data has it */
  meterType: MeterType | null;
  /** meters registered to the batch (a meter is registered by its first verification) */
  meters: number;
  /** meters with a current verification (a re-verified meter counts once, by its newest record) */
  verified: number;
  passed: number;
  failed: number;
  /** passed / verified, in 0…1; null before the first verification */
  passRate: number | null;
  /** the earliest and latest verification date (检定日期) of the batch's records */
  firstVerificationDate: IsoDate | null;
  lastVerificationDate: IsoDate | null;
  /** when the batch's first session started and its last ended (ISO instants) */
  firstActivity: string | null;
  lastActivity: string | null;
  /** the benches (their own ids) the batch was verified on, sorted */
  benches: string[];
  /** the sessions that recorded the batch's verifications, oldest first */
  sessions: SessionRecord[];
}

const ofBatch = (batchId: string) => [
  [batchId, Dexie.minKey],
  [batchId, Dexie.maxKey],
] as const;

/** The second part of [batchId, x] index keys (IndexedDB hands keys back untyped). */
function seconds(keys: readonly unknown[]): string[] {
  return keys.map((k) => {
    const v = Array.isArray(k) ? (k as unknown[])[1] : undefined;
    if (typeof v !== 'string') throw new TypeError(`a [batchId, …] index key was expected, got ${JSON.stringify(k)}`);
    return v;
  });
}

/** The sessions that recorded the batch's verifications, oldest first. */
async function sessionsOf(db: ErjianDb, batchId: string): Promise<SessionRecord[]> {
  const [lo, hi] = ofBatch(batchId);
  const sessionIds = seconds(await db.verifications.where('[batchId+sessionId]').between(lo, hi, true, true).uniqueKeys());
  const sessions = await db.sessions.bulkGet(sessionIds);
  return sessions.filter((s): s is SessionRecord => s !== undefined).sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0));
}

/** The batch's earliest and latest verification date, from the index's two ends. */
async function verificationDates(db: ErjianDb, batchId: string): Promise<[IsoDate | null, IsoDate | null]> {
  const [lo, hi] = ofBatch(batchId);
  const range = () => db.verifications.where('[batchId+verificationDate]').between(lo, hi, true, true);
  const [first] = seconds(await range().limit(1).keys());
  const [last] = seconds(await range().reverse().limit(1).keys());
  return [(first as IsoDate | undefined) ?? null, (last as IsoDate | undefined) ?? null];
}

function summarise(
  batch: Batch,
  meterType: MeterType | undefined,
  meters: number,
  columns: BatchColumns,
  mine: readonly SessionRecord[],
  [firstVerificationDate, lastVerificationDate]: [IsoDate | null, IsoDate | null],
): BatchSummary {
  // The columns hold each meter's current record once (superseded rows left out).
  let passed = 0;
  for (const p of columns.passed) passed += p;
  const counts = { verified: columns.n, passed };
  const ends = mine.map((s) => s.endedAt ?? s.startedAt).sort();
  return {
    batch,
    meterType: meterType ?? null,
    meters,
    verified: counts.verified,
    passed: counts.passed,
    failed: counts.verified - counts.passed,
    passRate: counts.verified === 0 ? null : counts.passed / counts.verified,
    firstVerificationDate,
    lastVerificationDate,
    firstActivity: mine[0]?.startedAt ?? null,
    lastActivity: ends.at(-1) ?? null,
    benches: [...new Set(mine.map((s) => s.bench.id))].sort(),
    sessions: [...mine],
  };
}

/** A batch's summary and the error columns it was counted from (read once, for both). */
export interface BatchReview {
  summary: BatchSummary;
  columns: BatchColumns;
}

async function reviewOf(db: ErjianDb, batch: Batch): Promise<BatchReview> {
  const [meterType, meters, columns, sessions, dates] = await Promise.all([
    db.meterTypes.get(batch.meterTypeModel),
    db.meters.where('batchId').equals(batch.id).count(),
    readBatchColumns(db, batch.id),
    sessionsOf(db, batch.id),
    verificationDates(db, batch.id),
  ]);
  return { summary: summarise(batch, meterType, meters, columns, sessions, dates), columns };
}

/** One read-only transaction over these, so the counts and the sessions agree with each other. */
const readTables = (db: ErjianDb) => [db.batches, db.meterTypes, db.meters, db.batchColumns, db.sessions, db.verifications];

/**
 * One batch's summary with its error columns (the batch screen hands the columns on to the
 * statistics worker and the CSV, so they are read once), or null when the batch is not on this PC.
 */
export async function batchReview(db: ErjianDb, batchId: string): Promise<BatchReview | null> {
  try {
    return await db.transaction('r', readTables(db), async () => {
      const batch = await db.batches.get(batchId);
      return batch ? reviewOf(db, batch) : null;
    });
  } catch (err) {
    throw toStorageError(err);
  }
}

/** One batch's summary, or null when the batch is not on this PC. */
export async function batchSummary(db: ErjianDb, batchId: string): Promise<BatchSummary | null> {
  return (await batchReview(db, batchId))?.summary ?? null;
}

/** Every batch on this PC with its summary, the most recently worked on first. */
export async function listBatchSummaries(db: ErjianDb): Promise<BatchSummary[]> {
  try {
    const out = await db.transaction('r', readTables(db), async () => {
      return Promise.all((await db.batches.toArray()).map(async (b) => (await reviewOf(db, b)).summary));
    });
    const recency = (s: BatchSummary) => s.lastActivity ?? s.batch.createdAt;
    return out.sort((a, b) => (recency(a) < recency(b) ? 1 : recency(a) > recency(b) ? -1 : a.batch.id < b.batch.id ? -1 : 1));
  } catch (err) {
    throw toStorageError(err);
  }
}
