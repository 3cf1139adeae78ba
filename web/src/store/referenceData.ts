/**
 * Writing reference data: meter types and the enterprise's authorisation as pulled from
 * the server (docs/architecture.md flow 5), and production batches as created on the bench
 * PC. Creating a batch is an act of a person and is audited in the same transaction.
 */
import { isoDate, type Meter } from '../domain/index.ts';
import { auditEntry } from './audit.ts';
import type { ErjianDb } from './db.ts';
import { StorageError, toStorageError } from './errors.ts';
import type { Batch, CachedAuthorisation, CachedEnterprise, MeterType } from './referenceTypes.ts';

/** The meter a nameplate describes: what the domain's rules take (docs/rules.md R-METER, "never guessed"). */
export function meterOfType(t: MeterType): Meter {
  return { dn: t.dn, q3M3h: t.q3M3h, r: t.r, accuracyClass: t.accuracyClass, deltaL: t.deltaL, mapMpa: t.mapMpa };
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw toStorageError(err);
  }
}

/** Replaces the cached copies with what the server sent (the server is the authority). */
export function cacheReferenceData(
  db: ErjianDb,
  data: { enterprise?: CachedEnterprise; authorisations?: CachedAuthorisation[]; meterTypes?: MeterType[] },
): Promise<void> {
  return guarded(() =>
    db.transaction('rw', db.enterprise, db.authorisations, db.meterTypes, async () => {
      if (data.enterprise) await db.enterprise.put(data.enterprise);
      if (data.authorisations) await db.authorisations.bulkPut(data.authorisations);
      if (data.meterTypes) await db.meterTypes.bulkPut(data.meterTypes);
    }),
  );
}

export interface CreateBatchInput {
  id?: string;
  meterTypeModel: string;
  productionDate: string;
  createdBy: string;
}

export function createBatch(db: ErjianDb, input: CreateBatchInput, now: () => Date = () => new Date()): Promise<Batch> {
  let productionDate: string;
  try {
    productionDate = isoDate(input.productionDate, 'productionDate');
  } catch (err) {
    return Promise.reject(new StorageError('invalid-record', `productionDate must be YYYY-MM-DD, got ${input.productionDate}`, err));
  }
  const at = now();
  const batch: Batch = {
    id: input.id ?? crypto.randomUUID(),
    meterTypeModel: input.meterTypeModel,
    productionDate,
    createdBy: input.createdBy,
    createdAt: at.toISOString(),
  };
  return guarded(() =>
    db.transaction('rw', db.batches, db.meterTypes, db.audit, async () => {
      if (!(await db.meterTypes.get(batch.meterTypeModel))) {
        throw new StorageError('unknown-meter-type', `meter type ${batch.meterTypeModel} is not on this device`);
      }
      await db.batches.add(batch);
      await db.audit.add(auditEntry(at, batch.createdBy, 'batch.created', batch.id, { meterType: batch.meterTypeModel }));
      return batch;
    }),
  );
}
