/**
 * Records verifications: each record, its sync outbox entry, its audit entry and its row
 * in the batch's error columns are written in ONE rw transaction with strict durability
 * (docs/architecture.md flow 4: "finished records enter the outbox in the same transaction
 * that stores them"; invariant: "a record acknowledged to the operator survives a
 * browser crash or power loss").
 *
 * Records are immutable: add(), never put(). A re-verification is a new record whose
 * `supersedes` names the meter's current record (docs/rules.md R-RECORD, "corrections are new
 * records that reference the old one"); each meter therefore has one chain of records,
 * and exactly one of them — the newest — counts.
 */
import { auditEntry } from './audit.ts';
import { columnRowOf, ColumnWriter } from './columnWriter.ts';
import type { ErjianDb } from './db.ts';
import { StorageError, toStorageError } from './errors.ts';
import { admitVerifications } from './admitVerifications.ts';
import { appendChained } from './recordChain.ts';
import type { VerificationRecord } from './recordTypes.ts';
import type { MeterEntry } from './referenceTypes.ts';
import type { DeviceIdentity } from './types.ts';
import { buildVerification, type VerificationBody, type VerificationInput } from './verificationBuild.ts';

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
  const bodies = inputs.map((input) => buildVerification(input, device.deviceId, now));
  const tables = [db.verifications, db.outbox, db.audit, db.batchColumns, db.batchColumnRows, db.meters, db.batches, db.meterTypes, db.sessions, db.rawLines];
  let newMeters: MeterEntry[] = [];
  try {
    // Chained and signed per device (docs/records.md "Verifications"): the same checks run
    // when the records are signed and again inside the transaction that writes them.
    return await appendChained(db, device, {
      tables,
      build: async () => {
        const bound = await bindCitedLines(db, bodies);
        newMeters = await admitVerifications(db, bound);
        return bound.map((b) => ({ type: 'erjian.verification/2' as const, id: b.id, body: { ...b } }));
      },
      write: async (chained) => {
        const records = chained.map((c) => c.record as unknown as VerificationRecord);
        await db.verifications.bulkAdd(records);
        await db.outbox.bulkAdd(records.map((r) => ({ kind: 'verification' as const, recordId: r.id, createdAt: r.createdAt, attempts: 0 })));
        await db.audit.bulkAdd(
          records.map((r) =>
            auditEntry(now, r.operator, r.supersedes === null ? 'verification.recorded' : 'verification.superseded', r.id, {
              serial: r.serial,
              batchId: r.batchId,
              passed: r.verdict.passed,
              supersedes: r.supersedes,
              reason: r.reason,
            }),
          ),
        );
        if (newMeters.length > 0) await db.meters.bulkAdd(newMeters);
        const columns = new ColumnWriter(db, options.chunkRows);
        await columns.load(
          records.map((r) => r.batchId),
          records.flatMap((r) => (r.supersedes === null ? [] : [r.supersedes])),
        );
        for (const r of records) {
          if (r.supersedes !== null) columns.supersede(r.supersedes);
          columns.append(r.batchId, columnRowOf(r));
        }
        await columns.flush();
        return records;
      },
    });
  } catch (err) {
    throw toStorageError(err);
  }
}

/**
 * Each cited range gets the hash of its last line (`toHash`), which the signature then
 * covers: the cited lines' content is bound to the record, not only their numbers
 * (docs/records.md "Verifications"). A missing last line refuses the record.
 */
async function bindCitedLines(db: ErjianDb, bodies: readonly VerificationBody[]): Promise<VerificationBody[]> {
  // One read per distinct last line: the records of a session usually cite the same range.
  const keys = [...new Map(bodies.flatMap((b) => b.rawLines).map((r) => [`${r.deviceId}\u0000${r.toSeq}`, [r.deviceId, r.toSeq] as [string, number]])).values()];
  const found = await db.rawLines.bulkGet(keys);
  const hashOf = new Map(keys.map((k, i) => [`${k[0]}\u0000${k[1]}`, found[i]?.hash]));
  return bodies.map((b) => ({
    ...b,
    rawLines: b.rawLines.map((r) => {
      const toHash = hashOf.get(`${r.deviceId}\u0000${r.toSeq}`);
      if (toHash === undefined) throw new StorageError('raw-lines-missing', `line ${r.toSeq} of device ${r.deviceId} is not in the original record`);
      return { deviceId: r.deviceId, fromSeq: r.fromSeq, toSeq: r.toSeq, toHash };
    }),
  }));
}
