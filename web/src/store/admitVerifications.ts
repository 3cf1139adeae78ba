/**
 * The checks of a verification that need the database, made inside the write transaction
 * (so no other tab can change the answer before the write): the batch and its meter
 * type exist and the record's meter IS that nameplate (docs/rules.md R-METER, "never guessed"), the
 * session is running, the serial belongs to this batch, the raw lines cited are in the
 * original record, and `supersedes` names the meter's current record (docs/rules.md R-RECORD: one
 * chain of records per meter, no forks, no second first record).
 *
 * Reads are made in bulk, once per call, so importing 1,000 records costs a handful of
 * IndexedDB requests rather than thousands; the records are then checked in call order,
 * each seeing the ones before it.
 */
import type { Meter } from '../domain/index.ts';
import type { ErjianDb } from './db.ts';
import { StorageError } from './errors.ts';
import type { UnsignedVerification } from './recordTypes.ts';
import type { Batch, MeterEntry, MeterType } from './referenceTypes.ts';

const METER_FIELDS = ['dn', 'q3M3h', 'r', 'accuracyClass', 'deltaL', 'mapMpa'] as const satisfies readonly (keyof Meter & keyof MeterType)[];

const unique = <T>(xs: readonly T[]) => [...new Set(xs)];

function byKey<T, K>(keys: readonly K[], values: readonly (T | undefined)[]): Map<K, T> {
  const out = new Map<K, T>();
  keys.forEach((k, i) => {
    const v = values[i];
    if (v !== undefined) out.set(k, v);
  });
  return out;
}

/** Returns the meters to register (first records of new serials); throws the first refusal. */
export async function admitVerifications(db: ErjianDb, records: readonly UnsignedVerification[]): Promise<MeterEntry[]> {
  const batchIds = unique(records.map((r) => r.batchId));
  const batches = byKey(batchIds, await db.batches.bulkGet(batchIds));
  const models = unique([...batches.values()].map((b) => b.meterTypeModel));
  const types = byKey(models, await db.meterTypes.bulkGet(models));
  const sessionIds = unique(records.map((r) => r.sessionId));
  const sessions = byKey(sessionIds, await db.sessions.bulkGet(sessionIds));
  const serials = unique(records.map((r) => r.serial));
  const meters = byKey(serials, await db.meters.bulkGet(serials));
  const current = await currentRecords(db, serials);
  await checkRawLines(db, records);

  const newMeters: MeterEntry[] = [];
  for (const r of records) {
    const batch = batches.get(r.batchId);
    if (!batch) throw new StorageError('unknown-batch', `batch ${r.batchId} is not on this device`);
    checkNameplate(r, types.get(batch.meterTypeModel), batch);
    const session = sessions.get(r.sessionId);
    if (!session) throw new StorageError('unknown-session', `session ${r.sessionId} is not on this device`);
    if (session.state !== 'running') throw new StorageError('session-not-running', `session ${r.sessionId} is ${session.state}`);
    const meter = meters.get(r.serial);
    if (meter && meter.batchId !== r.batchId) {
      throw new StorageError('meter-batch-mismatch', `meter ${r.serial} belongs to batch ${meter.batchId}, not ${r.batchId}`);
    }
    if (!meter) {
      const entry: MeterEntry = { serial: r.serial, batchId: r.batchId, meterTypeModel: batch.meterTypeModel, productionDate: batch.productionDate };
      meters.set(r.serial, entry);
      newMeters.push(entry);
    }
    const now = current.get(r.serial) ?? null;
    if (now !== r.supersedes) {
      const expected = now === null ? 'has no record to supersede' : `must supersede its current record ${now}`;
      throw new StorageError('supersede-conflict', `meter ${r.serial} ${expected} (got ${r.supersedes ?? 'none'})`);
    }
    current.set(r.serial, r.id);
  }
  return newMeters;
}

function checkNameplate(r: UnsignedVerification, type: MeterType | undefined, batch: Batch): void {
  if (!type) throw new StorageError('unknown-meter-type', `meter type ${batch.meterTypeModel} is not on this device`);
  const differs = METER_FIELDS.filter((f) => r.record.meter[f] !== type[f]);
  if (differs.length > 0) {
    throw new StorageError('meter-type-mismatch', `meter ${r.serial}: ${differs.join(', ')} differ from the nameplate of ${type.model}`);
  }
}

/** Each serial's current record: the one no other record of the serial supersedes. */
async function currentRecords(db: ErjianDb, serials: readonly string[]): Promise<Map<string, string>> {
  const earlier = await db.verifications.where('serial').anyOf(serials).toArray();
  const superseded = new Set(earlier.map((v) => v.supersedes));
  const out = new Map<string, string>();
  for (const v of earlier) if (!superseded.has(v.id)) out.set(v.serial, v.id);
  return out;
}

async function checkRawLines(db: ErjianDb, records: readonly UnsignedVerification[]): Promise<void> {
  const ranges = new Map(records.flatMap((r) => r.rawLines).map((x) => [`${x.deviceId}\u0000${x.fromSeq}\u0000${x.toSeq}`, x]));
  for (const range of ranges.values()) {
    const found = await db.rawLines
      .where('[deviceId+seq]')
      .between([range.deviceId, range.fromSeq], [range.deviceId, range.toSeq], true, true)
      .count();
    if (found !== range.toSeq - range.fromSeq + 1) {
      throw new StorageError('raw-lines-missing', `lines ${range.fromSeq}…${range.toSeq} of device ${range.deviceId}: ${found} found`);
    }
  }
}
