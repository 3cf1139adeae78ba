/**
 * Records verifications: each record, its sync outbox entry, its audit entry and its row
 * in the batch's error columns are written in ONE rw transaction with strict durability
 * (architecture.md flow 4: "finished records enter the outbox in the same transaction
 * that stores them"; invariant: "a record acknowledged to the operator survives a
 * browser crash or power loss").
 *
 * Records are immutable: add(), never put(). A re-verification is a new record whose
 * `supersedes` names the meter's current record (domain.md §7, "corrections are new
 * records that reference the old one"); each meter therefore has one chain of records,
 * and exactly one of them — the newest — counts.
 */
import type { MeterType } from './referenceTypes.ts';
import type { Meter } from '../domain/index.ts';
import { auditEntry } from './audit.ts';
import { columnRowOf, ColumnWriter } from './columnWriter.ts';
import type { ErjianDb } from './db.ts';
import { StorageError, toStorageError } from './errors.ts';
import type { VerificationRecord } from './recordTypes.ts';
import type { DeviceIdentity } from './types.ts';
import { buildVerification, signVerification, type VerificationInput } from './verificationBuild.ts';

export interface RecordOptions {
  now?: () => Date;
  /** rows per batch-column chunk for new chunks (tests use small ones to cross boundaries) */
  chunkRows?: number;
}

/** Records one verification; resolves with the stored record once it is on disk. */
export async function recordVerification(
  db: ErjianDb,
  device: DeviceIdentity,
  input: VerificationInput,
  options: RecordOptions = {},
): Promise<VerificationRecord> {
  const [record] = await recordVerifications(db, device, [input], options);
  return record!;
}

/**
 * Records several verifications in one transaction (a bench with several positions, an
 * import): all or none. Later inputs may supersede earlier ones of the same call.
 */
export async function recordVerifications(
  db: ErjianDb,
  device: DeviceIdentity,
  inputs: readonly VerificationInput[],
  options: RecordOptions = {},
): Promise<VerificationRecord[]> {
  const now = (options.now ?? (() => new Date()))();
  const records: VerificationRecord[] = [];
  for (const input of inputs) records.push(await signVerification(buildVerification(input, device.deviceId, now), device));
  const tables = [db.verifications, db.outbox, db.audit, db.batchColumns, db.batchColumnRows, db.meters, db.batches, db.meterTypes, db.sessions, db.rawLines];
  try {
    await db.transaction('rw', tables, async () => {
      const checks = new Checks(db);
      const columns = new ColumnWriter(db, options.chunkRows);
      for (const r of records) {
        await checks.admit(r);
        await db.verifications.add(r);
        await db.outbox.add({ kind: 'verification', recordId: r.id, createdAt: r.createdAt, attempts: 0 });
        await db.audit.add(
          auditEntry(now, r.operator, r.supersedes === null ? 'verification.recorded' : 'verification.superseded', r.id, {
            serial: r.serial,
            batchId: r.batchId,
            passed: r.verdict.passed,
            supersedes: r.supersedes,
            reason: r.reason,
          }),
        );
        if (r.supersedes !== null) await columns.supersede(r.supersedes);
        await columns.append(r.batchId, columnRowOf(r));
      }
      await columns.flush();
    });
  } catch (err) {
    throw toStorageError(err);
  }
  return records;
}

const METER_FIELDS = ['dn', 'q3M3h', 'r', 'accuracyClass', 'deltaL', 'mapMpa'] as const satisfies readonly (keyof Meter & keyof MeterType)[];

/** The checks that need the database, run inside the write transaction (no race with another tab). */
class Checks {
  private readonly types = new Map<string, MeterType>();

  constructor(private readonly db: ErjianDb) {}

  async admit(r: VerificationRecord): Promise<void> {
    const batch = await this.db.batches.get(r.batchId);
    if (!batch) throw new StorageError('unknown-batch', `batch ${r.batchId} is not on this device`);
    const type = await this.meterType(batch.meterTypeModel);
    const differs = METER_FIELDS.filter((f) => r.record.meter[f] !== type[f]);
    if (differs.length > 0) {
      throw new StorageError('meter-type-mismatch', `meter ${r.serial}: ${differs.join(', ')} differ from the nameplate of ${type.model}`);
    }
    const session = await this.db.sessions.get(r.sessionId);
    if (!session) throw new StorageError('unknown-session', `session ${r.sessionId} is not on this device`);
    if (session.state !== 'running') throw new StorageError('session-not-running', `session ${r.sessionId} is ${session.state}`);
    await this.admitMeter(r, batch.meterTypeModel, batch.productionDate);
    await this.admitChain(r);
    for (const range of r.rawLines) {
      const found = await this.db.rawLines
        .where('[deviceId+seq]')
        .between([range.deviceId, range.fromSeq], [range.deviceId, range.toSeq], true, true)
        .count();
      if (found !== range.toSeq - range.fromSeq + 1) {
        throw new StorageError('raw-lines-missing', `lines ${range.fromSeq}…${range.toSeq} of device ${range.deviceId}: ${found} found`);
      }
    }
  }

  private async meterType(model: string): Promise<MeterType> {
    const known = this.types.get(model) ?? (await this.db.meterTypes.get(model));
    if (!known) throw new StorageError('unknown-meter-type', `meter type ${model} is not on this device`);
    this.types.set(model, known);
    return known;
  }

  /** A serial belongs to one batch for its whole life; the first record registers it. */
  private async admitMeter(r: VerificationRecord, meterTypeModel: string, productionDate: string): Promise<void> {
    const meter = await this.db.meters.get(r.serial);
    if (meter && meter.batchId !== r.batchId) {
      throw new StorageError('meter-batch-mismatch', `meter ${r.serial} belongs to batch ${meter.batchId}, not ${r.batchId}`);
    }
    if (!meter) await this.db.meters.add({ serial: r.serial, batchId: r.batchId, meterTypeModel, productionDate });
  }

  /** `supersedes` must name the meter's current record — no forks, no second first record. */
  private async admitChain(r: VerificationRecord): Promise<void> {
    const earlier = await this.db.verifications.where('serial').equals(r.serial).toArray();
    const superseded = new Set(earlier.map((v) => v.supersedes));
    const current = earlier.find((v) => !superseded.has(v.id));
    if ((current?.id ?? null) !== r.supersedes) {
      const expected = current ? `must supersede its current record ${current.id}` : 'has no record to supersede';
      throw new StorageError('supersede-conflict', `meter ${r.serial} ${expected} (got ${r.supersedes ?? 'none'})`);
    }
  }
}
