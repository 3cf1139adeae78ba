/**
 * A batch at a glance for the verifier (核验员): how many meters, how many verified, passed
 * and failed, the pass rate, when it was worked on, on which benches and in how many
 * sessions — for one batch and for every batch on this PC.
 *
 * It must stay fast for batches of 10,000+ meters, so it never materialises the
 * verification records: the counts come from the batch error columns (a few large chunks,
 * each row a meter's record, `live` = its newest one; domain.md §7), the meters from an
 * index count, and the sessions from the small sessions table joined to the batch through
 * the verifications' `sessionId` index, read as primary keys only (getAllKeys).
 */
import type { ErjianDb } from './db.ts';
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
  /** when the batch's first session started and its last ended (ISO instants) */
  firstActivity: string | null;
  lastActivity: string | null;
  /** the benches (their own ids) the batch was verified on, sorted */
  benches: string[];
  /** the sessions that recorded the batch's verifications, oldest first */
  sessions: SessionRecord[];
}

interface ColumnCounts {
  verified: number;
  passed: number;
  /** every verification id of the batch, superseded ones included (for the session join) */
  verificationIds: Set<string>;
}

async function columnCounts(db: ErjianDb, batchId: string): Promise<ColumnCounts> {
  const chunks = await db.batchColumns.where('[batchId+chunkNo]').between([batchId, 0], [batchId, Infinity], true, true).toArray();
  let verified = 0;
  let passed = 0;
  const verificationIds = new Set<string>();
  for (const c of chunks) {
    verified += c.liveCount;
    for (let r = 0; r < c.n; r++) {
      verificationIds.add(c.verificationIds[r]!);
      if (c.live[r] === 1 && c.passed[r] === 1) passed++;
    }
  }
  return { verified, passed, verificationIds };
}

/** Each session with the ids of the verifications it recorded (keys only, no records). */
async function sessionsWithVerificationIds(db: ErjianDb): Promise<{ session: SessionRecord; ids: string[] }[]> {
  const sessions = await db.sessions.orderBy('startedAt').toArray();
  return Promise.all(
    sessions.map(async (session) => ({ session, ids: (await db.verifications.where('sessionId').equals(session.id).primaryKeys()) as string[] })),
  );
}

function summarise(
  batch: Batch,
  meterType: MeterType | undefined,
  meters: number,
  counts: ColumnCounts,
  sessions: readonly { session: SessionRecord; ids: string[] }[],
): BatchSummary {
  const mine = sessions.filter((s) => s.ids.some((id) => counts.verificationIds.has(id))).map((s) => s.session);
  const ends = mine.map((s) => s.endedAt ?? s.startedAt).sort();
  return {
    batch,
    meterType: meterType ?? null,
    meters,
    verified: counts.verified,
    passed: counts.passed,
    failed: counts.verified - counts.passed,
    passRate: counts.verified === 0 ? null : counts.passed / counts.verified,
    firstActivity: mine[0]?.startedAt ?? null,
    lastActivity: ends.at(-1) ?? null,
    benches: [...new Set(mine.map((s) => s.bench.id))].sort(),
    sessions: mine,
  };
}

async function summaryOf(db: ErjianDb, batch: Batch, sessions: readonly { session: SessionRecord; ids: string[] }[]): Promise<BatchSummary> {
  const [meterType, meters, counts] = await Promise.all([
    db.meterTypes.get(batch.meterTypeModel),
    db.meters.where('batchId').equals(batch.id).count(),
    columnCounts(db, batch.id),
  ]);
  return summarise(batch, meterType, meters, counts, sessions);
}

/** One read-only transaction over these, so the counts and the sessions agree with each other. */
const readTables = (db: ErjianDb) => [db.batches, db.meterTypes, db.meters, db.batchColumns, db.sessions, db.verifications];

/** One batch's summary, or null when the batch is not on this PC. */
export async function batchSummary(db: ErjianDb, batchId: string): Promise<BatchSummary | null> {
  try {
    return await db.transaction('r', readTables(db), async () => {
      const batch = await db.batches.get(batchId);
      if (!batch) return null;
      return summaryOf(db, batch, await sessionsWithVerificationIds(db));
    });
  } catch (err) {
    throw toStorageError(err);
  }
}

/** Every batch on this PC with its summary, the most recently worked on first. */
export async function listBatchSummaries(db: ErjianDb): Promise<BatchSummary[]> {
  try {
    const out = await db.transaction('r', readTables(db), async () => {
      const [batches, sessions] = await Promise.all([db.batches.toArray(), sessionsWithVerificationIds(db)]);
      return Promise.all(batches.map((b) => summaryOf(db, b, sessions)));
    });
    const recency = (s: BatchSummary) => s.lastActivity ?? s.batch.createdAt;
    return out.sort((a, b) => (recency(a) < recency(b) ? 1 : recency(a) > recency(b) ? -1 : a.batch.id < b.batch.id ? -1 : 1));
  } catch (err) {
    throw toStorageError(err);
  }
}
